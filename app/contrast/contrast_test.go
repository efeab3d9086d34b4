package contrast

import (
	"math"
	"testing"
)

func TestRatio(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the classic just-failing grey
		{"#0b3d91", "#fff", 10.04},
		{"#1A7F37", "#fff", 5.08},
	}
	for _, tt := range tests {
		a, err := Parse(tt.a)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.a, err)
		}
		b, err := Parse(tt.b)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.b, err)
		}
		if got := Ratio(a, b); math.Abs(got-tt.want) > 0.05 {
			t.Errorf("Ratio(%s, %s) = %.2f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, value := range []string{"", "0b3d91", "#0b3d9", "#gggggg", "red", "#0b3d91ff", "#-1-1-1"} {
		if _, err := Parse(value); err == nil {
			t.Errorf("Parse(%q) = nil error, want one", value)
		}
	}
}
