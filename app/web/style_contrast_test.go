package web

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"statusdash/static"
)

// TestStatusColoursContrast computes WCAG 2 contrast from the stylesheet's
// custom properties, in light and dark mode: status words on the page's
// surfaces and the banner's words on each status colour must reach AA
// (4.5:1 for text of normal size).
func TestStatusColoursContrast(t *testing.T) {
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
			ratio, err := contrast(properties[pair[0]], properties[pair[1]])
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

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(foreground, background string) (float64, error) {
	a, err := luminance(foreground)
	if err != nil {
		return 0, err
	}
	b, err := luminance(background)
	if err != nil {
		return 0, err
	}
	return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05), nil
}

func luminance(colour string) (float64, error) {
	if len(colour) != 7 || colour[0] != '#' {
		return 0, fmt.Errorf("colour %q is not #rrggbb", colour)
	}
	var channels [3]float64
	for i := range channels {
		value, err := strconv.ParseUint(colour[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, fmt.Errorf("colour %q: %w", colour, err)
		}
		c := float64(value) / 255
		if c <= 0.04045 {
			channels[i] = c / 12.92
		} else {
			channels[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*channels[0] + 0.7152*channels[1] + 0.0722*channels[2], nil
}

func TestContrastRatio(t *testing.T) {
	tests := []struct {
		foreground, background string
		want                   float64
	}{
		{"#ffffff", "#000000", 21},
		{"#777777", "#ffffff", 4.48}, // the well-known grey just below AA
		{"#1a7f37", "#1a7f37", 1},
	}
	for _, tt := range tests {
		got, err := contrast(tt.foreground, tt.background)
		if err != nil || math.Abs(got-tt.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, %v; want %.2f", tt.foreground, tt.background, got, err, tt.want)
		}
	}
}
