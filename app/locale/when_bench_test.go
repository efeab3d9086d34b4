package locale

import (
	"testing"
	"time"

	"statusdash/templates"
)

func BenchmarkWhen(b *testing.B) {
	catalog, err := Load(templates.LocalesFS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	de, _ := catalog.Lookup("de")
	at := time.Date(2026, 12, 3, 13, 5, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		_ = de.When(time.UTC, at)
	}
}

func BenchmarkChooseRemembered(b *testing.B) {
	catalog, err := Load(templates.LocalesFS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = catalog.Choose("", "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7")
	}
}
