package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadBranding(t *testing.T) {
	instance := t.TempDir()
	if err := os.WriteFile(filepath.Join(instance, "logo.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(env(map[string]string{
		"SDB_INSTANCE_DIR":      instance,
		"SDB_LOGO":              "logo.svg",
		"SDB_LOGO_DARK":         "/assets/logo-dark.svg",
		"SDB_ACCENT_COLOR":      "#7A1F5C",
		"SDB_FOOTER_LINKS":      "Privacy policy=https://example.com/privacy?lang=en; Imprint=/imprint",
		"SDB_ANNOUNCEMENT":      "We move to a new data centre on 5 December.",
		"SDB_EMBED_ANCESTORS":   "https://intranet.example.com https://*.example.org",
		"SDB_ACCENT_COLOR_DARK": "",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if path, ok := cfg.LogoFile(false); !ok || path != filepath.Join(instance, "logo.svg") {
		t.Errorf("LogoFile = %q, %v; want the file under the instance directory", path, ok)
	}
	if _, ok := cfg.LogoFile(true); ok {
		t.Errorf("LogoFile(dark) is a file, want a URL")
	}
	want := []FooterLink{{"Privacy policy", "https://example.com/privacy?lang=en"}, {"Imprint", "/imprint"}}
	if len(cfg.FooterLinks) != 2 || cfg.FooterLinks[0] != want[0] || cfg.FooterLinks[1] != want[1] {
		t.Errorf("FooterLinks = %+v, want %+v", cfg.FooterLinks, want)
	}
	if got := cfg.FrameAncestors(); got != "https://intranet.example.com https://*.example.org" {
		t.Errorf("FrameAncestors = %q", got)
	}
}

func TestFrameAncestorsDefault(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.FrameAncestors(); got != "*" {
		t.Errorf("FrameAncestors = %q, want * (any site) by default", got)
	}
}

// Each bad branding setting is refused with an error naming its variable.
func TestLoadBrandingRefuses(t *testing.T) {
	instance := t.TempDir()
	for name, size := range map[string]int{"logo.png": 10, "huge.png": maxLogoBytes + 1, "logo.txt": 10} {
		if err := os.WriteFile(filepath.Join(instance, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(instance, "dir.png"), 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		env      map[string]string
		variable string
		problem  string
	}{
		{"accent too light for white text", map[string]string{"SDB_ACCENT_COLOR": "#7fb3ff"}, "SDB_ACCENT_COLOR", "WCAG AA"},
		{"accent just too light", map[string]string{"SDB_ACCENT_COLOR": "#777777"}, "SDB_ACCENT_COLOR", "4.48:1"},
		{"accent not hex", map[string]string{"SDB_ACCENT_COLOR": "rebeccapurple"}, "SDB_ACCENT_COLOR", "hex colour"},
		{"accent too short", map[string]string{"SDB_ACCENT_COLOR": "#12"}, "SDB_ACCENT_COLOR", "hex colour"},
		{"dark accent too light", map[string]string{"SDB_ACCENT_COLOR_DARK": "#ffd33d"}, "SDB_ACCENT_COLOR_DARK", "WCAG AA"},
		{"logo leaves the instance directory", map[string]string{"SDB_LOGO": "../secret.png"}, "SDB_LOGO", "file under"},
		{"logo absolute file path", map[string]string{"SDB_LOGO": "//etc/logo.png"}, "SDB_LOGO", "own origin"},
		{"logo missing", map[string]string{"SDB_LOGO": "missing.svg"}, "SDB_LOGO", "cannot read"},
		{"logo not an image", map[string]string{"SDB_LOGO": "logo.txt"}, "SDB_LOGO", "image file"},
		{"logo too large", map[string]string{"SDB_LOGO": "huge.png"}, "SDB_LOGO", "at most 1024 KiB"},
		{"logo a directory", map[string]string{"SDB_LOGO": "dir.png"}, "SDB_LOGO", "must be a file"},
		{"logo on another origin", map[string]string{"SDB_LOGO": "https://cdn.example.com/logo.svg"}, "SDB_LOGO", "own origin"},
		{"dark logo without a logo", map[string]string{"SDB_LOGO_DARK": "logo.png"}, "SDB_LOGO_DARK", "needs SDB_LOGO"},
		{"footer link without a URL", map[string]string{"SDB_FOOTER_LINKS": "Privacy"}, "SDB_FOOTER_LINKS", "Label=URL"},
		{"footer link with a script URL", map[string]string{"SDB_FOOTER_LINKS": "Click=javascript:alert(1)"}, "SDB_FOOTER_LINKS", "absolute http"},
		{"footer link relative", map[string]string{"SDB_FOOTER_LINKS": "Imprint=imprint.html"}, "SDB_FOOTER_LINKS", "absolute http"},
		{"footer link protocol-relative", map[string]string{"SDB_FOOTER_LINKS": "Imprint=//evil.example/x"}, "SDB_FOOTER_LINKS", "absolute http"},
		{"footer link without a label", map[string]string{"SDB_FOOTER_LINKS": "=https://example.com"}, "SDB_FOOTER_LINKS", "label"},
		{"announcement of two lines", map[string]string{"SDB_ANNOUNCEMENT": "one\ntwo"}, "SDB_ANNOUNCEMENT", "one line"},
		{"announcement too long", map[string]string{"SDB_ANNOUNCEMENT": strings.Repeat("x", 301)}, "SDB_ANNOUNCEMENT", "300"},
		{"ancestors none with others", map[string]string{"SDB_EMBED_ANCESTORS": "'none' https://example.com"}, "SDB_EMBED_ANCESTORS", "alone"},
		{"ancestors with a path", map[string]string{"SDB_EMBED_ANCESTORS": "https://example.com/page"}, "SDB_EMBED_ANCESTORS", "origin"},
		{"ancestors injecting a directive", map[string]string{"SDB_EMBED_ANCESTORS": "https://example.com;script-src"}, "SDB_EMBED_ANCESTORS", "origin"},
		{"ancestors without a scheme", map[string]string{"SDB_EMBED_ANCESTORS": "example.com"}, "SDB_EMBED_ANCESTORS", "origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := map[string]string{"SDB_INSTANCE_DIR": instance}
			for key, value := range tt.env {
				values[key] = value
			}
			_, err := Load(env(values))
			if err == nil {
				t.Fatalf("Load accepted %v", tt.env)
			}
			if !strings.Contains(err.Error(), tt.variable+": ") || !strings.Contains(err.Error(), tt.problem) {
				t.Errorf("error %q, want one naming %s and saying %q", err, tt.variable, tt.problem)
			}
		})
	}
}
