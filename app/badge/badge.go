// Package badge draws shields.io-style SVG badges: a grey label and a
// coloured message, with the text in <title> and aria-label for screen
// readers. Text widths come from a real font's advances (Go Regular), and
// textLength makes any fallback font fill the same width.
package badge

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"text/template"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Badge is what a badge says: Label on grey, Message on Colour (a CSS hex
// colour white text is readable on).
type Badge struct {
	Label   string
	Message string
	Colour  string
	// Title is the text for screen readers and tooltips; "Label: Message"
	// when empty.
	Title string
}

// LabelColour is the background of the label half.
const LabelColour = "#555555"

// fontSize is the badge text's size in pixels; padding is added to each
// text's width.
const (
	fontSize = 11
	padding  = 10
	maxText  = 100 // runes: longer texts are cut with an ellipsis
)

// Renderer draws badges; it is safe for concurrent use.
type Renderer struct {
	font *sfnt.Font
}

// New parses the measuring font.
func New() (*Renderer, error) {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("badge: parse font: %w", err)
	}
	return &Renderer{font: f}, nil
}

// width is text's advance at fontSize, in pixels.
func (r *Renderer) width(text string) float64 {
	var buf sfnt.Buffer
	ppem := fixed.I(int(r.font.UnitsPerEm()))
	var total fixed.Int26_6
	for _, char := range text {
		index, err := r.font.GlyphIndex(&buf, char)
		if err != nil || index == 0 {
			index, _ = r.font.GlyphIndex(&buf, '?')
		}
		advance, err := r.font.GlyphAdvance(&buf, index, ppem, 0)
		if err == nil {
			total += advance
		}
	}
	return float64(total) / 64 / float64(r.font.UnitsPerEm()) * fontSize
}

// geometry is the template's data: the texts and where they go.
type geometry struct {
	Label, Message, Colour, LabelColour, Title string
	Width, LabelWidth, MessageWidth            int
	LabelX, MessageX                           float64
	LabelText, MessageText                     float64
}

var svg = template.Must(template.New("badge").Funcs(template.FuncMap{"xml": escape}).Parse(
	`<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="20" viewBox="0 0 {{.Width}} 20" role="img" aria-label="{{xml .Title}}">` +
		`<title>{{xml .Title}}</title>` +
		`<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
		`<clipPath id="r"><rect width="{{.Width}}" height="20" rx="3" fill="#fff"/></clipPath>` +
		`<g clip-path="url(#r)"><rect width="{{.LabelWidth}}" height="20" fill="{{.LabelColour}}"/>` +
		`<rect x="{{.LabelWidth}}" width="{{.MessageWidth}}" height="20" fill="{{.Colour}}"/>` +
		`<rect width="{{.Width}}" height="20" fill="url(#s)"/></g>` +
		`<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" aria-hidden="true">` +
		`<text x="{{.LabelX}}" y="14" textLength="{{.LabelText}}" lengthAdjust="spacingAndGlyphs">{{xml .Label}}</text>` +
		`<text x="{{.MessageX}}" y="14" textLength="{{.MessageText}}" lengthAdjust="spacingAndGlyphs">{{xml .Message}}</text></g></svg>` + "\n"))

// SVG draws the badge.
func (r *Renderer) SVG(b Badge) []byte {
	label, message := cut(b.Label), cut(b.Message)
	labelText, messageText := round1(r.width(label)), round1(r.width(message))
	g := geometry{
		Label: label, Message: message, Colour: b.Colour, LabelColour: LabelColour, Title: b.Title,
		LabelWidth:   int(math.Ceil(labelText)) + padding,
		MessageWidth: int(math.Ceil(messageText)) + padding,
		LabelText:    labelText, MessageText: messageText,
	}
	if g.Title == "" {
		g.Title = label + ": " + message
	}
	g.Width = g.LabelWidth + g.MessageWidth
	g.LabelX = float64(g.LabelWidth) / 2
	g.MessageX = float64(g.LabelWidth) + float64(g.MessageWidth)/2
	var buf bytes.Buffer
	// The data is fixed in shape: executing cannot fail.
	_ = svg.Execute(&buf, g)
	return buf.Bytes()
}

// cut shortens text to maxText runes.
func cut(text string) string {
	runes := []rune(text)
	if len(runes) <= maxText {
		return text
	}
	return string(runes[:maxText-1]) + "…"
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// escape is text escaped for XML text and attribute values.
func escape(text string) string {
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(text)) // writing to a buffer cannot fail
	return buf.String()
}
