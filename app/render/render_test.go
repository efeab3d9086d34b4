package render

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"statusdash/templates"
)

func TestNewChecksTemplates(t *testing.T) {
	layout := &fstest.MapFile{Data: []byte(`{{define "layout"}}<main>{{template "content" .}}</main>{{end}}`)}
	partial := &fstest.MapFile{Data: []byte(`{{define "greeting"}}hello{{end}}`)}
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr string
	}{
		{"good", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{template "greeting"}}{{end}}`)}}, ""},
		{"syntax error", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}}, "pages/home.html"},
		{"unknown partial", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{template "missing"}}{{end}}`)}}, "missing"},
		{"no layout", fstest.MapFS{"partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, "layouts"},
		{"no pages", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial}, "no pages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.files, Options{})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				out, err := r.Bytes("pages/home", nil)
				if err != nil || string(out) != "<main>hello</main>" {
					t.Errorf("Bytes = %q, %v; want <main>hello</main>", out, err)
				}
				if err := r.Require("pages/home", "pages/other"); err == nil || !strings.Contains(err.Error(), "pages/other") {
					t.Errorf("Require(pages/other) = %v, want an error naming it", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestEmbeddedTemplatesParse(t *testing.T) {
	r, err := New(templates.FS, Options{})
	if err != nil {
		t.Fatalf("New(templates.FS): %v", err)
	}
	if err := r.Require("pages/overview", "pages/incident", "pages/history", "pages/availability", "pages/service", "errors/error"); err != nil {
		t.Error(err)
	}
}

func TestTimeFuncsShowTheZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database: install Debian's tzdata to run it")
	}
	at := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{when(berlin, at), "1 Jul 2026, 12:00 CEST"},
		{when(nil, at), "1 Jul 2026, 10:00 UTC"},
		{whenEnd(berlin, nil), "ongoing"},
		{month(berlin, at), "July 2026"},
		{percent(100), "100 %"},
		{percent(99.99996), "99.999 %"},
		{since(at, nil, at.Add(90*time.Minute)), "1 h 30 min"},
		{since(at, nil, at.Add(2*time.Hour)), "2 h"},
		// One date when start and end share a day in the reader's zone.
		{span(berlin, at, ptr(at.Add(90*time.Minute))), "1 Jul 2026, 12:00 – 13:30 CEST"},
		{span(berlin, at, ptr(at.Add(14*time.Hour))), "1 Jul 2026, 12:00 CEST – 2 Jul 2026, 02:00 CEST"},
		{span(nil, at, nil), "since 1 Jul 2026, 10:00 UTC"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func ptr(t time.Time) *time.Time { return &t }
