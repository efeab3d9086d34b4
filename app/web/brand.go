package web

import (
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"statusdash/app/config"
	"statusdash/app/pagecache"
	"statusdash/app/render"
)

// brandFiles are the files branding serves under /brand/: the logos read
// from the instance directory and the accent stylesheet, read or made once
// at start. Their URLs carry their ETag, so those URLs may be cached for a
// year; the stable path alone must be revalidated.
type brandFiles struct {
	files map[string]*pagecache.Page
}

// Names of the files under /brand/.
const (
	brandLogo     = "logo"
	brandLogoDark = "logo-dark"
	brandTheme    = "theme.css"
)

// newBrand builds the layout's branding and its files from the configuration.
func newBrand(cfg config.Config) (*render.Brand, *brandFiles, error) {
	files := &brandFiles{files: map[string]*pagecache.Page{}}
	brand := &render.Brand{Announcement: strings.TrimSpace(cfg.Announcement)}
	for _, link := range cfg.FooterLinks {
		brand.FooterLinks = append(brand.FooterLinks, render.Link{Label: link.Label, URL: link.URL})
	}
	logos := []struct {
		name, variable, value string
		dark                  bool
		url                   *string
	}{
		{brandLogo, "SDB_LOGO", cfg.Logo, false, &brand.LogoURL},
		{brandLogoDark, "SDB_LOGO_DARK", cfg.LogoDark, true, &brand.LogoDarkURL},
	}
	for _, logo := range logos {
		path, isFile := cfg.LogoFile(logo.dark)
		if !isFile {
			*logo.url = logo.value // a URL on this site, or empty
			continue
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("web: %s: %w", logo.variable, err)
		}
		contentType := mime.TypeByExtension(strings.ToLower(filepath.Ext(path)))
		*logo.url = files.add(logo.name, contentType, body)
	}
	if cfg.AccentColor != "" || cfg.AccentColorDark != "" {
		brand.ThemeURL = files.add(brandTheme, "text/css; charset=utf-8", themeCSS(cfg.AccentColor, cfg.AccentColorDark))
	}
	return brand, files, nil
}

// add keeps a file and returns its URL.
func (f *brandFiles) add(name, contentType string, body []byte) string {
	etag := pagecache.ETag(body)
	f.files[name] = &pagecache.Page{Body: body, Gzip: compress(body), ETag: etag, GzipETag: pagecache.GzipETag(etag), ContentType: contentType}
	return "/brand/" + name + "?v=" + brandVersion(etag)
}

// brandVersion is the ?v= of a file's URL: the start of its ETag.
func brandVersion(etag string) string { return strings.Trim(etag, `"`)[:12] }

// themeCSS sets the accent colour, light and dark; config checked both
// against the white text the header, buttons and current tab carry.
func themeCSS(light, dark string) []byte {
	var css strings.Builder
	css.WriteString("/* statusdash branding: SDB_ACCENT_COLOR and SDB_ACCENT_COLOR_DARK */\n")
	if light != "" {
		fmt.Fprintf(&css, ":root { --brand: %s; }\n", light)
	}
	if dark == "" {
		dark = light
	}
	if dark != "" {
		fmt.Fprintf(&css, "@media (prefers-color-scheme: dark) {\n"+
			"  .site-header { background: %[1]s; }\n"+
			"  button, .button, .tabs a[aria-current=\"page\"] { background: %[1]s; border-color: %[1]s; }\n"+
			"  .button--secondary, .operator-bar button { background: var(--surface); }\n"+
			"}\n", dark)
	}
	return []byte(css.String())
}
