package web

import (
	"regexp"
	"strings"
	"testing"

	"statusdash/app/contrast"
	"statusdash/static"
)

// TestStatusColoursContrast computes WCAG 2 contrast from the stylesheet's
// custom properties, in light and dark mode: status words on the page's
// surfaces and the banner's words on each status colour must reach AA
// (4.5:1 for text of normal size).
func TestStatusColoursContrast(t *testing.T) {
	t.Parallel()
	css, err := static.FS.ReadFile("style.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark := customProperties(t, string(css))
	var pairs [][2]string
	for _, status := range []string{"--ok", "--maint", "--minor", "--major", "--outage", "--notice", "--text", "--muted", "--link"} {
		pairs = append(pairs, [2]string{status, "--surface"}, [2]string{status, "--bg"})
	}
	for _, key := range []string{"operational", "maintenance", "minor", "major", "outage"} {
		pairs = append(pairs, [2]string{"--banner-text", "--banner-" + key})
	}
	for mode, properties := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, pair := range pairs {
			ratio, err := contrastOf(properties[pair[0]], properties[pair[1]])
			if err != nil {
				t.Errorf("%s mode, %s on %s: %v", mode, pair[0], pair[1], err)
				continue
			}
			if ratio < 4.5 {
				t.Errorf("%s mode: %s (%s) on %s (%s) has contrast %.2f:1, want at least 4.5:1",
					mode, pair[0], properties[pair[0]], pair[1], properties[pair[1]], ratio)
			}
		}
	}
}

var (
	rootBlock   = regexp.MustCompile(`:root\s*\{([^}]*)\}`)
	colourValue = regexp.MustCompile(`(--[a-z-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;`)
)

// customProperties reads the colours of :root in light mode and, with the
// overrides of the prefers-color-scheme: dark block, in dark mode.
func customProperties(t *testing.T, css string) (light, dark map[string]string) {
	t.Helper()
	start := strings.Index(css, "@media (prefers-color-scheme: dark)")
	if start < 0 {
		t.Fatal("style.css has no dark mode block")
	}
	open := start + strings.Index(css[start:], "{")
	depth, end := 0, -1
	for i := open; i < len(css) && end < 0; i++ {
		switch css[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				end = i
			}
		}
	}
	if end < 0 {
		t.Fatal("style.css: the dark mode block does not close")
	}
	read := func(text string, into map[string]string) {
		for _, block := range rootBlock.FindAllStringSubmatch(text, -1) {
			for _, property := range colourValue.FindAllStringSubmatch(block[1], -1) {
				into[property[1]] = property[2]
			}
		}
	}
	light, dark = map[string]string{}, map[string]string{}
	read(css[:start], light)
	read(css[end+1:], light) // :root rules after the dark block apply in both modes
	for name, value := range light {
		dark[name] = value
	}
	read(css[open:end], dark)
	return light, dark
}

// contrastOf is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrastOf(foreground, background string) (float64, error) {
	a, err := contrast.Parse(foreground)
	if err != nil {
		return 0, err
	}
	b, err := contrast.Parse(background)
	if err != nil {
		return 0, err
	}
	return contrast.Ratio(a, b), nil
}
