package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"statusdash/app/contrast"
)

// Branding is how the public pages present the organisation (the page's
// name is Config.Title, SDB_TITLE), and which sites may frame /embed.
type Branding struct {
	// Logo is a file under InstanceDir, given relative to it ("logo.svg"),
	// or a URL on the page's own origin ("/assets/logo.svg" or the same
	// scheme and host as SDB_BASE_URL). LogoDark is shown instead in dark mode.
	Logo     string `yaml:"logo"`
	LogoDark string `yaml:"logo_dark"`
	// AccentColor is the header's and buttons' colour (#rgb or #rrggbb);
	// their text is white, so it must reach WCAG AA (4.5:1) against white.
	// AccentColorDark is the same in dark mode, AccentColor when empty.
	AccentColor     string `yaml:"accent_color"`
	AccentColorDark string `yaml:"accent_color_dark"`
	// FooterLinks are shown in every page's footer.
	FooterLinks []FooterLink `yaml:"footer_links"`
	// Announcement is one line of plain text shown above every page's content.
	Announcement string `yaml:"announcement"`
	// EmbedAncestors are the CSP frame-ancestors sources of /embed alone:
	// "*" (any site, the default), "'none'", "'self'", or origins such as
	// https://intranet.example.com or https://*.example.com.
	EmbedAncestors []string `yaml:"embed_ancestors"`
}

// FooterLink is one link of the footer.
type FooterLink struct {
	Label string `yaml:"label"`
	URL   string `yaml:"url"`
}

// Limits of the branding settings.
const (
	maxLogoBytes        = 1 << 20
	maxFooterLinks      = 10
	maxFooterLabel      = 60
	maxAnnouncementText = 300
)

// logoExtensions are the image types a logo file may have.
var logoExtensions = []string{".svg", ".png", ".webp", ".jpg", ".jpeg", ".gif"}

// defaultEmbedAncestors lets any site frame /embed: it holds no form and
// no session, so framing it cannot make a reader act unawares.
var defaultEmbedAncestors = []string{"*"}

func (b *Branding) fields() []field {
	str := func(name string, p *string) field {
		return field{name, func(v string) error { *p = v; return nil }}
	}
	return []field{
		str("SDB_LOGO", &b.Logo),
		str("SDB_LOGO_DARK", &b.LogoDark),
		str("SDB_ACCENT_COLOR", &b.AccentColor),
		str("SDB_ACCENT_COLOR_DARK", &b.AccentColorDark),
		{"SDB_FOOTER_LINKS", func(v string) error {
			links, err := parseFooterLinks(v)
			b.FooterLinks = links
			return err
		}},
		str("SDB_ANNOUNCEMENT", &b.Announcement),
		{"SDB_EMBED_ANCESTORS", func(v string) error { b.EmbedAncestors = splitList(v); return nil }},
	}
}

// parseFooterLinks reads "Label=URL" pairs separated by semicolons, e.g.
// "Privacy=https://example.com/privacy; Imprint=/imprint".
func parseFooterLinks(v string) ([]FooterLink, error) {
	var links []FooterLink
	for entry := range strings.SplitSeq(v, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		label, target, found := strings.Cut(entry, "=")
		if !found {
			return nil, fmt.Errorf("must be Label=URL pairs separated by semicolons, e.g. \"Privacy=https://example.com/privacy; Imprint=/imprint\", got %q", entry)
		}
		links = append(links, FooterLink{Label: strings.TrimSpace(label), URL: strings.TrimSpace(target)})
	}
	return links, nil
}

// validateBranding checks the branding settings; each error names its variable.
func (c Config) validateBranding() []error {
	var errs []error
	fail := func(variable, format string, args ...any) {
		errs = append(errs, &FieldError{Variable: variable, Problem: fmt.Sprintf(format, args...)})
	}
	for _, logo := range []struct{ variable, value string }{{"SDB_LOGO", c.Logo}, {"SDB_LOGO_DARK", c.LogoDark}} {
		if err := c.checkLogo(logo.value); err != nil {
			fail(logo.variable, "%v", err)
		}
	}
	if c.LogoDark != "" && c.Logo == "" {
		fail("SDB_LOGO_DARK", "needs SDB_LOGO: the dark logo replaces it in dark mode")
	}
	for _, accent := range []struct{ variable, value string }{{"SDB_ACCENT_COLOR", c.AccentColor}, {"SDB_ACCENT_COLOR_DARK", c.AccentColorDark}} {
		if accent.value == "" {
			continue
		}
		colour, err := contrast.Parse(accent.value)
		if err != nil {
			fail(accent.variable, "%v", err)
			continue
		}
		if ratio := contrast.Ratio(colour, contrast.White); ratio < contrast.AA {
			fail(accent.variable, "%s has a contrast of %.2f:1 against the white text of the header and buttons; WCAG AA needs %.1f:1, so choose a darker colour",
				accent.value, ratio, contrast.AA)
		}
	}
	if len(c.FooterLinks) > maxFooterLinks {
		fail("SDB_FOOTER_LINKS", "at most %d links, got %d", maxFooterLinks, len(c.FooterLinks))
	}
	for _, link := range c.FooterLinks {
		if link.Label == "" || len([]rune(link.Label)) > maxFooterLabel {
			fail("SDB_FOOTER_LINKS", "a link's label must have 1 to %d characters, got %q", maxFooterLabel, link.Label)
		}
		if !linkTarget(link.URL) {
			fail("SDB_FOOTER_LINKS", "link %q: must be an absolute http or https URL or a path starting with /, got %q", link.Label, link.URL)
		}
	}
	if strings.ContainsAny(c.Announcement, "\r\n") || len([]rune(c.Announcement)) > maxAnnouncementText {
		fail("SDB_ANNOUNCEMENT", "must be one line of at most %d characters", maxAnnouncementText)
	}
	if err := checkAncestors(c.EmbedAncestors); err != nil {
		fail("SDB_EMBED_ANCESTORS", "%v", err)
	}
	return errs
}

// checkLogo accepts a same-origin URL or an image file under InstanceDir.
func (c Config) checkLogo(value string) error {
	switch {
	case value == "":
		return nil
	case strings.HasPrefix(value, "/") && !strings.HasPrefix(value, "//"):
		if u, err := url.Parse(value); err != nil || u.Host != "" {
			return fmt.Errorf("must be a path on this site such as /assets/logo.svg, got %q", value)
		}
		return nil
	case strings.Contains(value, "://") || strings.HasPrefix(value, "//"):
		u, err := url.Parse(value)
		base, baseErr := url.Parse(c.BaseURL)
		if err != nil || baseErr != nil || u.Scheme != base.Scheme || !strings.EqualFold(u.Host, base.Host) {
			return fmt.Errorf("a URL must be on this page's own origin (%s) so the CSP allows it, got %q; or name a file under %s", c.BaseURL, value, c.InstanceDir)
		}
		return nil
	}
	path, ok := c.logoFile(value)
	if !ok {
		return fmt.Errorf("must be a file under %s given relative to it (e.g. logo.svg), or a URL on this site, got %q", c.InstanceDir, value)
	}
	if !slices.Contains(logoExtensions, strings.ToLower(filepath.Ext(value))) {
		return fmt.Errorf("must be an image file ending in one of %s, got %q", strings.Join(logoExtensions, " "), value)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("cannot read the logo: %v", err)
	}
	if !info.Mode().IsRegular() || info.Size() > maxLogoBytes {
		return fmt.Errorf("%s must be a file of at most %d KiB", path, maxLogoBytes>>10)
	}
	return nil
}

// logoFile is the path of a logo given as a file under InstanceDir; ok is
// false for a URL or a path leaving the directory.
func (c Config) logoFile(value string) (path string, ok bool) {
	if value == "" || strings.HasPrefix(value, "/") || strings.Contains(value, "://") || !filepath.IsLocal(value) {
		return "", false
	}
	return filepath.Join(c.InstanceDir, value), true
}

// LogoFile is the file of SDB_LOGO (dark false) or SDB_LOGO_DARK (dark
// true) when it names one under the instance directory.
func (c Config) LogoFile(dark bool) (string, bool) {
	if dark {
		return c.logoFile(c.LogoDark)
	}
	return c.logoFile(c.Logo)
}

// linkTarget accepts an absolute http(s) URL or a path on this site.
func linkTarget(value string) bool {
	u, err := url.Parse(value)
	if err != nil {
		return false
	}
	if strings.HasPrefix(value, "/") && !strings.HasPrefix(value, "//") {
		return u.Host == ""
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkAncestors accepts CSP frame-ancestors sources: *, 'self', 'none'
// alone, or http(s) origins, their host optionally starting with *.
func checkAncestors(sources []string) error {
	for _, source := range sources {
		switch source {
		case "*", "'self'":
			continue
		case "'none'":
			if len(sources) > 1 {
				return fmt.Errorf("'none' must stand alone, got %q", strings.Join(sources, " "))
			}
			continue
		}
		u, err := url.Parse(source)
		host := strings.TrimPrefix(u.Hostname(), "*.")
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || host == "" || strings.ContainsAny(host, "*;,'\"") ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("each source must be *, 'self', 'none' or an origin such as https://intranet.example.com or https://*.example.com, got %q", source)
		}
	}
	return nil
}

// FrameAncestors is the frame-ancestors value of /embed.
func (c Config) FrameAncestors() string {
	if len(c.EmbedAncestors) == 0 {
		return strings.Join(defaultEmbedAncestors, " ")
	}
	sources := make([]string, len(c.EmbedAncestors))
	for i, source := range c.EmbedAncestors {
		sources[i] = strings.TrimSuffix(source, "/")
	}
	return strings.Join(sources, " ")
}
