package render

// Brand is the installation's branding every layout shows (SDB_LOGO,
// SDB_ACCENT_COLOR, SDB_FOOTER_LINKS, SDB_ANNOUNCEMENT); built once at start.
type Brand struct {
	// LogoURL replaces the default icon in the header; LogoDarkURL replaces
	// it in dark mode. Empty: the default icon.
	LogoURL, LogoDarkURL string
	// ThemeURL is the stylesheet setting the accent colour; empty: the default.
	ThemeURL     string
	FooterLinks  []Link
	Announcement string
}
