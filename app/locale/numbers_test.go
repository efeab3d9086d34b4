package locale

import (
	"strings"
	"testing"
	"testing/fstest"

	"statusdash/templates"
)

func TestAppendPercent(t *testing.T) {
	catalog := loadEmbedded(t)
	tests := []struct {
		tag  string
		p    float64
		want string
	}{
		{"en", 100, "100 %"},
		{"de", 100, "100 %"},
		{"en", 100.5, "100 %"},
		{"en", 99.9996, "99.999 %"}, // floored: never a perfect 100 it was not
		{"de", 99.9996, "99,999 %"},
		{"en", 99.981, "99.981 %"},
		{"de", 99.981, "99,981 %"},
		{"en", 0, "0.000 %"},
		{"de", 0, "0,000 %"},
		{"de", 12.3456, "12,345 %"},
	}
	for _, tt := range tests {
		lang, _ := catalog.Lookup(tt.tag)
		if got := string(lang.AppendPercent([]byte("x"), tt.p)); got != "x"+tt.want {
			t.Errorf("%s: AppendPercent(%v) = %q, want %q", tt.tag, tt.p, got, "x"+tt.want)
		}
		if got := lang.Percent(tt.p); got != tt.want {
			t.Errorf("%s: Percent(%v) = %q, want %q", tt.tag, tt.p, got, tt.want)
		}
	}
}

func TestAppendDecimal(t *testing.T) {
	catalog := loadEmbedded(t)
	tests := []struct {
		tag       string
		value     float64
		precision int
		want      string
	}{
		{"en", 12.5, 1, "12.5"},
		{"de", 12.5, 1, "12,5"},
		{"en", 100, 0, "100"},
		{"de", 100, 0, "100"},
		{"de", 100, 2, "100,00"},
		{"en", 0, 1, "0.0"},
		{"de", 0, 1, "0,0"},
		{"de", -3.25, 2, "-3,25"},
		{"en", 1234.5, 1, "1234.5"},
	}
	for _, tt := range tests {
		lang, _ := catalog.Lookup(tt.tag)
		if got := string(lang.AppendDecimal(nil, tt.value, tt.precision)); got != tt.want {
			t.Errorf("%s: AppendDecimal(%v, %d) = %q, want %q", tt.tag, tt.value, tt.precision, got, tt.want)
		}
	}
}

// A separator longer than a byte (Arabic's "٫") moves the decimals along;
// a file without the key writes ".".
func TestDecimalSeparatorFromTheFile(t *testing.T) {
	english, err := templates.LocalesFS.ReadFile("locales/active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	withSeparator := func(line string) []byte {
		return []byte(strings.Replace(string(english), `decimal_separator = "."`, line, 1))
	}
	files := fstest.MapFS{
		"locales/active.en.toml": {Data: english},
		"locales/active.ar.toml": {Data: withSeparator(`decimal_separator = "٫"`)},
		"locales/active.fr.toml": {Data: withSeparator("")},
	}
	catalog, err := Load(files, "locales")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	tests := []struct {
		tag, want string
	}{
		{"ar", "x99٫981 %"},
		{"fr", "x99.981 %"},
	}
	for _, tt := range tests {
		lang, _ := catalog.Lookup(tt.tag)
		if got := string(lang.AppendPercent([]byte("x"), 99.981)); got != tt.want {
			t.Errorf("%s: AppendPercent(99.981) = %q, want %q", tt.tag, got, tt.want)
		}
	}
	for _, line := range []string{`decimal_separator = ""`, `decimal_separator = "1"`} {
		_, err := Load(fstest.MapFS{"locales/active.en.toml": {Data: withSeparator(line)}}, "locales")
		if err == nil || !strings.Contains(err.Error(), keyDecimalSeparator) {
			t.Errorf("Load with %s: error = %v, want one naming %s", line, err, keyDecimalSeparator)
		}
	}
}

// Writing a figure into a buffer with room allocates nothing, in either
// language: the pages write thousands of them.
func TestAppendPercentDoesNotAllocate(t *testing.T) {
	catalog := loadEmbedded(t)
	for _, lang := range catalog.Languages() {
		buf := make([]byte, 0, 64)
		got := testing.AllocsPerRun(100, func() { buf = lang.AppendPercent(buf[:0], 99.981) })
		if got != 0 {
			t.Errorf("%s: AppendPercent allocates %.0f times, want 0", lang.Tag, got)
		}
	}
}

func TestAppendInteger(t *testing.T) {
	catalog := loadEmbedded(t)
	tests := []struct {
		tag  string
		n    int64
		want string
	}{
		{"en", 0, "0"},
		{"en", 999, "999"},
		{"en", 1000, "1,000"},
		{"de", 1000, "1.000"},
		{"en", 8640, "8,640"},
		{"de", 8640, "8.640"},
		{"en", 1234567, "1,234,567"},
		{"de", 1234567, "1.234.567"},
		{"en", -1234, "-1,234"},
		{"de", -999, "-999"},
	}
	for _, tt := range tests {
		lang, _ := catalog.Lookup(tt.tag)
		if got := string(lang.AppendInteger([]byte("x"), tt.n)); got != "x"+tt.want {
			t.Errorf("%s: AppendInteger(%d) = %q, want %q", tt.tag, tt.n, got, "x"+tt.want)
		}
		if got := lang.Integer(tt.n); got != tt.want {
			t.Errorf("%s: Integer(%d) = %q, want %q", tt.tag, tt.n, got, tt.want)
		}
	}
}

// A file without the group separator groups no digits; one that holds a
// digit or repeats the decimal separator is refused.
func TestGroupSeparatorFromTheFile(t *testing.T) {
	english, err := templates.LocalesFS.ReadFile("locales/active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	withSeparator := func(line string) []byte {
		return []byte(strings.Replace(string(english), `group_separator = ","`, line, 1))
	}
	catalog, err := Load(fstest.MapFS{"locales/active.en.toml": {Data: withSeparator("")}}, "locales")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := catalog.Default().Integer(8640); got != "8640" {
		t.Errorf("without the key: Integer(8640) = %q, want 8640", got)
	}
	for _, line := range []string{`group_separator = "1"`, `group_separator = "."`} {
		_, err := Load(fstest.MapFS{"locales/active.en.toml": {Data: withSeparator(line)}}, "locales")
		if err == nil || !strings.Contains(err.Error(), keyGroupSeparator) {
			t.Errorf("Load with %s: error = %v, want one naming %s", line, err, keyGroupSeparator)
		}
	}
}
