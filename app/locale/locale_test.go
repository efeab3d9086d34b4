package locale

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"statusdash/templates"
)

func loadEmbedded(t *testing.T) *Catalog {
	t.Helper()
	catalog, err := Load(templates.LocalesFS, "locales")
	if err != nil {
		t.Fatalf("Load(templates.LocalesFS): %v", err)
	}
	return catalog
}

// TestEveryFileHasTheSameKeys keeps the files in step, so that adding a
// language is copying the English file and translating every value.
func TestEveryFileHasTheSameKeys(t *testing.T) {
	catalog := loadEmbedded(t)
	keys := catalog.Keys()
	english := keys[DefaultTag]
	if len(keys) < 2 {
		t.Fatalf("languages = %v, want at least en and de", slices.Sorted(func(yield func(string) bool) {
			for tag := range keys {
				if !yield(tag) {
					return
				}
			}
		}))
	}
	for tag, have := range keys {
		for _, key := range english {
			if !slices.Contains(have, key) {
				t.Errorf("active.%s.toml lacks %q, which active.en.toml has", tag, key)
			}
		}
		for _, key := range have {
			if !slices.Contains(english, key) {
				t.Errorf("active.%s.toml has %q, which active.en.toml lacks", tag, key)
			}
		}
	}
}

func TestChoose(t *testing.T) {
	catalog := loadEmbedded(t)
	tests := []struct {
		name, cookie, header, want string
	}{
		{"nothing", "", "", "en"},
		{"header German", "", "de", "de"},
		{"header English", "", "en-US,en;q=0.9", "en"},
		{"cookie beats header", "en", "de-DE,de;q=0.9", "en"},
		{"cookie German beats English header", "de", "en-GB", "de"},
		{"q-values order the header", "", "en;q=0.5, de;q=0.8", "de"},
		{"q-values order the header the other way", "", "de;q=0.5, en;q=0.8", "en"},
		{"q=0 is refused", "", "de;q=0, en;q=0.1", "en"},
		{"region variant", "", "de-CH", "de"},
		{"region variant Austria", "", "de-AT, en;q=0.5", "de"},
		{"unknown language falls back", "", "fr-FR, ja", "en"},
		{"unknown first, known later", "", "fr-FR, de;q=0.7", "de"},
		{"wildcard", "", "*", "en"},
		{"unknown cookie uses the header", "xx", "de", "de"},
		{"garbage cookie uses the header", "<script>", "de", "de"},
		{"cookie region variant", "de-CH", "", "de"},
		{"garbage header", "", ";;;,,q=", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.Choose(tt.cookie, tt.header).Tag; got != tt.want {
				t.Errorf("Choose(%q, %q) = %s, want %s", tt.cookie, tt.header, got, tt.want)
			}
		})
	}
}

func TestDatesInTheReadersLanguage(t *testing.T) {
	catalog := loadEmbedded(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database: install Debian's tzdata to run it")
	}
	en, _ := catalog.Lookup("en")
	de, _ := catalog.Lookup("de")
	at := time.Date(2026, 12, 3, 13, 5, 0, 0, time.UTC)
	march := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{en.When(berlin, at), "3 Dec 2026, 14:05 CET"},
		{de.When(berlin, at), "3. Dez. 2026, 14:05 CET"},
		{en.When(nil, at), "3 Dec 2026, 13:05 UTC"},
		{de.Day(berlin, march), "15. März 2026"},
		{en.Month(berlin, march), "March 2026"},
		{de.Month(berlin, march), "März 2026"},
		{de.WhenEnd(berlin, nil), "andauernd"},
		{en.WhenEnd(berlin, nil), "ongoing"},
		{en.Since(at, nil, at.Add(90*time.Minute)), "1 h 30 min"},
		{de.Since(at, nil, at.Add(90*time.Minute)), "1 Std. 30 Min."},
		{en.Since(at, nil, at.Add(20*time.Second)), "less than a minute"},
		{en.Since(at, nil, at.Add(72*time.Hour)), "3 days"},
		{de.Since(at, nil, at.Add(72*time.Hour)), "3 Tage"},
		{de.Minutes(14 * time.Minute), "14 Min."},
		{en.Since(at, nil, at.Add(2*time.Hour)), "2 h"},
		{de.Since(at, nil, at.Add(2*time.Hour)), "2 Std."},
		// One date when start and end share a day in the reader's zone.
		{en.Span(berlin, at, ptr(at.Add(90*time.Minute))), "3 Dec 2026, 14:05 – 15:35 CET"},
		{de.Span(berlin, at, ptr(at.Add(90*time.Minute))), "3. Dez. 2026, 14:05 – 15:35 CET"},
		{en.Span(berlin, at, ptr(at.Add(14*time.Hour))), "3 Dec 2026, 14:05 CET – 4 Dec 2026, 04:05 CET"},
		{en.Span(nil, at, nil), "since 3 Dec 2026, 13:05 UTC"},
		{de.Span(nil, at, nil), "seit 3. Dez. 2026, 13:05 UTC"},
		{de.dates.format(parseLayout("Monday, 2 January"), at), "Donnerstag, 3 Dezember"},
		{en.dates.format(parseLayout("Mon 2 Jan"), at), "Thu 3 Dec"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	catalog := loadEmbedded(t)
	de, _ := catalog.Lookup("de")
	tests := []struct {
		name    string
		id      string
		args    []any
		want    string
		wantErr error
	}{
		{"plain", "subscribe.title", nil, "Abonnieren", nil},
		{"template", "pagination.page", []any{"Page", 2, "Pages", 5}, "Seite 2 von 5", nil},
		{"plural one", "duration.days", []any{"Count", 1}, "1 Tag", nil},
		{"plural other", "duration.days", []any{"Count", 4}, "4 Tage", nil},
		{"unknown", "no.such.key", nil, "", ErrNoMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := de.T(tt.id, tt.args...)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("T(%q) = %q, %v; want %q, %v", tt.id, got, err, tt.want, tt.wantErr)
			}
		})
	}
	if _, err := de.T("pagination.page", "Page"); err == nil {
		t.Error("T with an odd number of arguments: no error")
	}
}

func TestLoadRefusesBrokenFiles(t *testing.T) {
	english, err := templates.LocalesFS.ReadFile("locales/active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr string
	}{
		{"no English", fstest.MapFS{"locales/active.de.toml": {Data: english}}, "active.en.toml"},
		{"syntax", fstest.MapFS{"locales/active.en.toml": {Data: []byte("[date\n")}}, "active.en.toml"},
		{"no dates", fstest.MapFS{"locales/active.en.toml": {Data: []byte("[language]\nname = \"English\"\n")}}, "date."},
		{"eleven months", fstest.MapFS{"locales/active.en.toml": {Data: []byte(strings.Replace(string(english), "January, ", "", 1))}}, "12 names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.files, "locales")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
	// A new language is a file: nothing in code lists them.
	files := fstest.MapFS{"locales/active.en.toml": {Data: english},
		"locales/active.fr.toml": {Data: []byte(strings.Replace(string(english), `name = "English"`, `name = "Français"`, 1))}}
	catalog, err := Load(files, "locales")
	if err != nil {
		t.Fatalf("Load with a French file: %v", err)
	}
	if got := catalog.Choose("", "fr-CA").Name; got != "Français" {
		t.Errorf("Choose(fr-CA) = %s, want Français", got)
	}
}

// FuzzChoose: any cookie and header pick one of the catalog's languages.
func FuzzChoose(f *testing.F) {
	catalog, err := Load(templates.LocalesFS, "locales")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][2]string{{"", "de-CH"}, {"de", "en;q=0.5"}, {"x-klingon", "*;q=0.1, fr-FR"}, {"", ";;q=,,"}, {"en-u-rg-dezzzz", "de-Latn-DE-1996"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, cookie, header string) {
		lang := catalog.Choose(cookie, header)
		if got, ok := catalog.Lookup(lang.Tag); !ok || got != lang {
			t.Fatalf("Choose(%q, %q) = %v, not one of the catalog's languages", cookie, header, lang.Tag)
		}
	})
}

func ptr(t time.Time) *time.Time { return &t }
