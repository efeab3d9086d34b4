package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"testing"
	"time"

	"statusdash/app/availability"
)

// cellsTemplate is the markup the availability page's template wrote per
// cell before the cells were written in Go: availabilityCells must give
// the same bytes, so that the page says the same to every reader.
const cellsTemplate = `{{- range .}}
{{- if .NoData}}<td class="avail--nodata">No data<span class="visually-hidden"> (the component did not exist yet)</span></td>
{{- else}}<td{{if lt .Percent 100.0}} class="avail--down"{{end}}{{with detail .}} title="{{.}}"{{end}}>{{percent .Percent}}{{with detail .}}<span class="visually-hidden"> ({{.}})</span>{{end}}</td>{{end}}
{{- end}}`

func TestAvailabilityCellsMatchTemplate(t *testing.T) {
	t.Parallel()
	month := 30 * 24 * time.Hour
	figures := []availability.Figure{
		{NoData: true},
		{Measured: month},
		{Measured: month, Outage: 20 * time.Minute},
		{Measured: month, Outage: 20 * time.Minute, Degraded: 70 * time.Minute, Maintenance: 2 * time.Hour},
		{Measured: month, Partial: 3*time.Hour + 5*time.Minute, Degraded: 45 * time.Minute},
		{Measured: month, Degraded: 20 * time.Second},
		{Measured: month - 2*time.Hour, Maintenance: 2 * time.Hour},
		{Measured: month, Outage: 2 * time.Second}, // 99.9999 %: floored, never 100
		{Measured: 0},
		{Measured: time.Hour, Outage: time.Hour},
	}
	words := testBarWords(t, "en").detail
	reference := template.Must(template.New("cells").Funcs(template.FuncMap{
		"detail":  func(f availability.Figure) string { return figureDetail(words, f) },
		"percent": percentText,
	}).Parse(cellsTemplate))
	for i, figure := range figures {
		var want strings.Builder
		if err := reference.Execute(&want, []availability.Figure{figure}); err != nil {
			t.Fatalf("reference: %v", err)
		}
		got, _ := availabilityCells(words, nil, []availability.Figure{figure})
		if string(got) != want.String() {
			t.Errorf("figure %d: got\n%s\nwant\n%s", i, got, want.String())
		}
	}
	var want strings.Builder
	if err := reference.Execute(&want, figures); err != nil {
		t.Fatalf("reference: %v", err)
	}
	if got, _ := availabilityCells(words, make([]byte, 0, 8), figures); string(got) != want.String() {
		t.Errorf("row: got\n%s\nwant\n%s", got, want.String())
	}
}

// percentText is the templates' percent function as it was, with fmt.
func percentText(p float64) string {
	if p >= 100 {
		return "100 %"
	}
	return fmt.Sprintf("%.3f %%", math.Floor(p*1000)/1000)
}

func TestAvailabilityDetail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		figure availability.Figure
		want   string
	}{
		{availability.Figure{}, ""},
		{availability.Figure{Degraded: 20 * time.Second}, "less than a minute degraded performance"},
		{availability.Figure{Outage: 20 * time.Minute, Degraded: 70 * time.Minute, Maintenance: 2 * time.Hour},
			"20 min major outage, 1 h 10 min degraded performance; 2 h under maintenance"},
		{availability.Figure{Partial: 3*time.Hour + 5*time.Minute}, "3 h 5 min partial outage"},
		{availability.Figure{Maintenance: 59*time.Minute + 40*time.Second}, "1 h under maintenance"},
	}
	words := testBarWords(t, "en").detail
	for _, tt := range tests {
		if got := figureDetail(words, tt.figure); got != tt.want {
			t.Errorf("figureDetail(%+v) = %q, want %q", tt.figure, got, tt.want)
		}
	}
}

// The detail and the cell of a month without data in German: German words
// and units, no English left.
func TestAvailabilityDetailGerman(t *testing.T) {
	words := testBarWords(t, "de").detail
	tests := []struct {
		figure availability.Figure
		want   string
	}{
		{availability.Figure{Degraded: 20 * time.Second}, "weniger als eine Minute eingeschränkte Leistung"},
		{availability.Figure{Outage: 20 * time.Minute, Degraded: 70 * time.Minute, Maintenance: 2 * time.Hour},
			"20 Min. schwerer Ausfall, 1 Std. 10 Min. eingeschränkte Leistung; 2 Std. in Wartung"},
		{availability.Figure{Partial: 14 * time.Minute}, "14 Min. Teilausfall"},
	}
	for _, tt := range tests {
		if got := figureDetail(words, tt.figure); got != tt.want {
			t.Errorf("figureDetail(%+v) = %q, want %q", tt.figure, got, tt.want)
		}
	}
	month := 30 * 24 * time.Hour
	cells, _ := availabilityCells(words, nil, []availability.Figure{{NoData: true}, {Measured: month, Partial: 14 * time.Minute}})
	want := `<td class="avail--nodata">Keine Daten<span class="visually-hidden"> (die Komponente gab es noch nicht)</span></td>` +
		`<td class="avail--down" title="14 Min. Teilausfall">99,990 %<span class="visually-hidden"> (14 Min. Teilausfall)</span></td>`
	if string(cells) != want {
		t.Errorf("cells:\n%s\nwant\n%s", cells, want)
	}
}

// A row costs one allocation, its finished markup, however many months
// it has and whatever they held: the page's cells were a template call
// each, with allocations by the dozen.
func TestAvailabilityCellsAllocateOncePerRow(t *testing.T) {
	// Not parallel: testing.AllocsPerRun counts every goroutine's allocations.
	month := 30 * 24 * time.Hour
	row := make([]availability.Figure, 12)
	for i := range row {
		row[i] = availability.Figure{Measured: month, Outage: time.Duration(i) * time.Minute, Partial: 3 * time.Hour,
			Degraded: 45 * time.Minute, Maintenance: 2 * time.Hour}
	}
	row[11] = availability.Figure{NoData: true}
	words := testBarWords(t, "en").detail
	var buf []byte
	_, buf = availabilityCells(words, buf, row) // the buffer grows once, for every row after
	got := testing.AllocsPerRun(100, func() { _, buf = availabilityCells(words, buf, row) })
	if got > 1 {
		t.Errorf("availabilityCells allocates %.0f times a row, want 1", got)
	}
}

// BenchmarkAvailabilityCells writes the availability page's cells at 1,000
// components, a row of 12 months each, in each language.
func BenchmarkAvailabilityCells(b *testing.B) {
	month := 30 * 24 * time.Hour
	row := make([]availability.Figure, 12)
	for i := range row {
		row[i] = availability.Figure{Measured: month, Outage: time.Duration(i) * time.Minute, Partial: 3 * time.Hour,
			Degraded: 45 * time.Minute, Maintenance: 2 * time.Hour}
	}
	for _, tag := range []string{"en", "de"} {
		b.Run(tag, func(b *testing.B) {
			words := testBarWords(b, tag).detail
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				for range 1000 {
					_, buf = availabilityCells(words, buf, row)
				}
			}
		})
	}
}
