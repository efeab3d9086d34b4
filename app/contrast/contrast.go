// Package contrast computes WCAG 2 contrast ratios between sRGB colours
// written as CSS hex colours (#rgb or #rrggbb).
package contrast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AA is the ratio WCAG 2 level AA asks of normal text against its background.
const AA = 4.5

// Colour is an sRGB colour, each channel 0-255.
type Colour struct{ R, G, B uint8 }

// Parse reads a CSS hex colour, #rgb or #rrggbb (either case).
func Parse(hex string) (Colour, error) {
	digits, ok := strings.CutPrefix(hex, "#")
	if !ok || (len(digits) != 3 && len(digits) != 6) {
		return Colour{}, fmt.Errorf("must be a hex colour such as #0b3d91 or #08c, got %q", hex)
	}
	if len(digits) == 3 {
		digits = string([]byte{digits[0], digits[0], digits[1], digits[1], digits[2], digits[2]})
	}
	value, err := strconv.ParseUint(digits, 16, 32)
	if err != nil {
		return Colour{}, fmt.Errorf("must be a hex colour such as #0b3d91 or #08c, got %q", hex)
	}
	return Colour{R: uint8(value >> 16), G: uint8(value >> 8), B: uint8(value)}, nil
}

// Hex writes the colour as #rrggbb.
func (c Colour) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Luminance is the relative luminance WCAG 2 defines, from 0 (black) to 1 (white).
func (c Colour) Luminance() float64 {
	channel := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(c.R) + 0.7152*channel(c.G) + 0.0722*channel(c.B)
}

// Ratio is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func Ratio(a, b Colour) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// White is the text colour of the header, buttons and badges.
var White = Colour{255, 255, 255}
