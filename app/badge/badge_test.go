package badge

import (
	"encoding/xml"
	"strings"
	"testing"
)

// parsed is what the tests read back from a badge.
type parsed struct {
	XMLName   xml.Name `xml:"svg"`
	Width     int      `xml:"width,attr"`
	Role      string   `xml:"role,attr"`
	AriaLabel string   `xml:"aria-label,attr"`
	Title     string   `xml:"title"`
	Rects     []struct {
		Width int    `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"g>rect"`
	Texts []string `xml:"g>text"`
}

func TestSVG(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		badge Badge
	}{
		{"plain", Badge{Label: "ECS", Message: "Operational", Colour: "#1a7f37"}},
		{"escaped", Badge{Label: `R&D <"ops">`, Message: "Major outage", Colour: "#cf222e"}},
		{"unicode", Badge{Label: "Straßen", Message: "99.95 %", Colour: "#1a7f37"}},
		{"long", Badge{Label: strings.Repeat("x", 300), Message: "up", Colour: "#1a7f37"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := r.SVG(tt.badge)
			var got parsed
			if err := xml.Unmarshal(body, &got); err != nil {
				t.Fatalf("badge is not XML: %v\n%s", err, body)
			}
			label := cut(tt.badge.Label)
			want := label + ": " + tt.badge.Message
			if got.Title != want || got.AriaLabel != want || got.Role != "img" {
				t.Errorf("title %q, aria-label %q, role %q; want %q twice and img", got.Title, got.AriaLabel, got.Role, want)
			}
			if len(got.Texts) != 2 || got.Texts[0] != label || got.Texts[1] != tt.badge.Message {
				t.Errorf("texts = %q, want %q and %q", got.Texts, label, tt.badge.Message)
			}
			if len(got.Rects) < 2 || got.Rects[0].Fill != LabelColour || got.Rects[1].Fill != tt.badge.Colour {
				t.Fatalf("rects = %+v, want the label's %s and the message's %s", got.Rects, LabelColour, tt.badge.Colour)
			}
			if got.Rects[0].Width+got.Rects[1].Width != got.Width {
				t.Errorf("halves %d + %d, want the width %d", got.Rects[0].Width, got.Rects[1].Width, got.Width)
			}
		})
	}
}

func TestWidthGrowsWithText(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	short, long := r.width("up"), r.width("Degraded performance")
	if short <= 0 || long <= 3*short {
		t.Errorf("widths %.1f and %.1f: want a positive width growing with the text", short, long)
	}
}
