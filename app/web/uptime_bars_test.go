package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/locale"
	"statusdash/app/store"
	"statusdash/templates"
)

// dayFigure is a UTC day of 2026-12 with the given times.
func dayFigure(day int, incidents int, f availability.Figure) store.DayFigure {
	start := time.Date(2026, 12, day, 0, 0, 0, 0, time.UTC)
	f.Period = availability.Span{Start: start, End: start.AddDate(0, 0, 1)}
	if !f.NoData && f.Measured == 0 {
		f.Measured = 24*time.Hour - f.Maintenance
	}
	return store.DayFigure{Figure: f, Incidents: incidents}
}

func TestUptimeBars(t *testing.T) {
	links := barLinks{service: "ecs", region: "eu-de"}
	tests := []struct {
		name string
		days []store.DayFigure
		want []string
	}{
		{"plain days make one link with one text", []store.DayFigure{dayFigure(1, 0, availability.Figure{}), dayFigure(2, 0, availability.Figure{}), dayFigure(3, 0, availability.Figure{})},
			[]string{`viewBox="0 0 12 20"`, `<a href="/history?from=2026-12-01&amp;region=eu-de&amp;service=ecs&amp;to=2026-12-03"><title>1 Dec – 3 Dec 2026: 100 % up, no incidents</title><path class="u" d="M0 10h11"/></a>`}},
		{"days before the component are an image of their own", []store.DayFigure{dayFigure(1, 0, availability.Figure{NoData: true}), dayFigure(2, 0, availability.Figure{NoData: true}), dayFigure(3, 0, availability.Figure{})},
			[]string{`<g role="img"><title>1 Dec – 2 Dec 2026: no data (did not exist yet)</title><path class="n" d="M0 10h7"/></g>`,
				`<a href="/history?day=2026-12-03&amp;region=eu-de&amp;service=ecs"><title>3 Dec 2026: 100 % up, no incidents</title><path class="u" d="M8 10h3"/></a>`}},
		{"a day with an incident is its own link, coloured and told", []store.DayFigure{dayFigure(1, 0, availability.Figure{}), dayFigure(2, 1, availability.Figure{Partial: 14 * time.Minute}), dayFigure(3, 0, availability.Figure{})},
			[]string{`<a href="/history?day=2026-12-02&amp;region=eu-de&amp;service=ecs"><title>2 Dec 2026: 99.708 % up, 1 incident, 14 min partial outage</title><path class="s2 l" d="M4 10h3"/></a>`,
				`<title>1 Dec 2026: 100 % up, no incidents</title><path class="u" d="M0 10h3"/>`, `<path class="u" d="M8 10h3"/>`}},
		{"a long outage is drawn at full strength", []store.DayFigure{dayFigure(2, 2, availability.Figure{Outage: 2 * time.Hour, Degraded: time.Hour})},
			[]string{`<title>2 Dec 2026: 91.666 % up, 2 incidents, 2 h major outage, 1 h degraded performance</title><path class="s3" d="M0 10h3"/>`}},
		{"maintenance alone is up, in its own colour", []store.DayFigure{dayFigure(2, 0, availability.Figure{Maintenance: 3 * time.Hour})},
			[]string{`<title>2 Dec 2026: 100 % up, no incidents, 3 h under maintenance</title><path class="m" d="M0 10h3"/>`}},
		{"across a year", []store.DayFigure{dayFigure(31, 0, availability.Figure{}), dayFigure(32, 0, availability.Figure{})},
			[]string{`<title>31 Dec 2026 – 1 Jan 2027: 100 % up, no incidents</title>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(uptimeBars(testBarWords(t, "en"), tt.days, `ECS "EU-DE"`, links))
			if !strings.Contains(got, `aria-label="ECS &#34;EU-DE&#34;"`) {
				t.Errorf("the label is not escaped into the SVG:\n%s", got)
			}
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("got\n%s\nwant it to hold\n%s", got, want)
				}
			}
			// Every link and image has its text.
			if links, images, titles := strings.Count(got, "<a "), strings.Count(got, "<g "), strings.Count(got, "<title>"); links+images != titles {
				t.Errorf("%d links and %d images, %d titles:\n%s", links, images, titles, got)
			}
		})
	}
}

func TestCompactBars(t *testing.T) {
	days := []store.DayFigure{dayFigure(1, 0, availability.Figure{NoData: true}), dayFigure(2, 0, availability.Figure{}),
		dayFigure(3, 1, availability.Figure{Outage: 2 * time.Hour}), dayFigure(4, 1, availability.Figure{Outage: 3 * time.Hour}),
		dayFigure(5, 0, availability.Figure{}), dayFigure(6, 1, availability.Figure{Degraded: time.Hour})}
	got := string(compactBars(testBarWords(t, "en"), appendClasses(nil, days)))
	for _, want := range []string{
		`aria-label="2 days with a major outage, 1 degraded, 1 without data, the others up"`,
		`<path class="n" d="M0 10h3"/><path class="u" d="M4 10h19"/>`,
		`<path class="s1" d="M20 10h3"/>`,
		`<path class="s3" d="M8 10h7"/>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant it to hold\n%s", got, want)
		}
	}
}

// The service page shows a row of bars per region, each day a link to its
// events with its text; the overview a row per service leading there.
func TestUptimePages(t *testing.T) {
	site := newTestSite(t)
	page := body(t, site.get(t, "/services/ecs"))
	for _, want := range []string{
		`<h2 id="uptime-title">Uptime, last 90 days</h2>`,
		`<a href="/history?day=2026-02-10&amp;region=eu-nl&amp;service=ecs"><title>10 Feb 2026: 95.833 % up, 1 incident, 1 h major outage</title>`,
		`<title>15 Mar 2026: 95.000 % up, 1 incident, 2 h partial outage</title>`,
		`aria-label="Elastic Cloud Server in EU-DE, last 90 days"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the service page lacks %s", want)
		}
	}
	if strings.Contains(page, "Response times") {
		t.Error("the service page shows response times without checks")
	}
	overview := body(t, site.get(t, "/"))
	for _, want := range []string{`<a href="/services/ecs#uptime-title"><span>Elastic Cloud Server</span>`, `aria-label="1 day with a major outage, 1 with a partial outage, the others up"`,
		`<a href="/services/obs#uptime-title"><span>Object Storage</span> <span>100 % up</span>`} {
		if !strings.Contains(overview, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
	if region := body(t, site.get(t, "/?region=eu-nl")); !strings.Contains(region, `aria-label="1 day with a major outage, the others up"`) ||
		strings.Contains(region, "/services/obs#") {
		t.Errorf("the overview of EU-NL does not narrow its bars to the region")
	}
}

func TestHistoryDays(t *testing.T) {
	site := newTestSite(t)
	tests := []struct {
		target     string
		status     int
		want, lack string
	}{
		{"/history?day=2026-02-10", http.StatusOK, "Login failures", ""},
		{"/history?day=2026-02-11", http.StatusOK, "Events going on on 11 Feb 2026 (UTC).", "Login failures"},
		{"/history?from=2026-02-01&to=2026-02-10&service=ecs", http.StatusOK, "Login failures", ""},
		{"/history?from=2026-02-11", http.StatusOK, "from 11 Feb 2026 on", "Login failures"},
		{"/history?day=10.2.2026", http.StatusBadRequest, "Parameter day", ""},
		{"/history?from=2026-02-11&to=2026-02-10", http.StatusBadRequest, "Parameter to", ""},
		{"/history?day=2026-02-10&from=2026-02-01", http.StatusBadRequest, "Parameter day", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			response := site.get(t, tt.target)
			page := body(t, response)
			if response.StatusCode != tt.status || !strings.Contains(page, tt.want) || (tt.lack != "" && strings.Contains(page, tt.lack)) {
				t.Errorf("got %d, want %d with %q and without %q:\n%.2000s", response.StatusCode, tt.status, tt.want, tt.lack, page)
			}
		})
	}
}

func TestResponseChart(t *testing.T) {
	hour := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	rollup := func(h int, p50, p95 time.Duration, runs, failures int64) store.CheckRollup {
		return store.CheckRollup{Start: hour.Add(time.Duration(h) * time.Hour), Runs: runs, Failures: failures, LatencyP50: p50, LatencyP95: p95}
	}
	rollups := []store.CheckRollup{
		rollup(-23, 40*time.Millisecond, 90*time.Millisecond, 60, 0),
		rollup(-22, 50*time.Millisecond, 130*time.Millisecond, 60, 1),
		rollup(-20, 0, 0, 60, 60), // every run down: no latency
		rollup(-5, 45*time.Millisecond, 80*time.Millisecond, 60, 0),
	}
	chart := newResponseChart(testLanguage(t, "en"), "rt", "Last 24 hours", rollups, hour, hourlyPoints, time.Hour, true)
	if chart.Empty || len(chart.P50) != 2 || len(chart.P95) != 2 {
		t.Fatalf("got %d and %d lines (empty %v), want two each: a gap breaks them", len(chart.P50), len(chart.P95), chart.Empty)
	}
	if got, want := chart.P50[1], "503,145 503,145"; got != want {
		t.Errorf("a lone hour's line is %q, want a dot %q", got, want)
	}
	if top := chart.YTicks[len(chart.YTicks)-1]; top.Label != "200 ms" || top.At != plotTop {
		t.Errorf("the scale's top is %+v, want 200 ms at the plot's top", top)
	}
	if len(chart.Rows) != 3 || chart.Rows[1] != (chartRow{Period: "2 Dec 2026 14:00", P50: "50 ms", P95: "130 ms", Runs: "60 (1 down)"}) {
		t.Errorf("table rows: %+v", chart.Rows)
	}
	german := newResponseChart(testLanguage(t, "de"), "rt", "x", rollups, hour, hourlyPoints, time.Hour, true)
	if len(german.Rows) != 3 || german.Rows[1] != (chartRow{Period: "2. Dez. 2026 14:00", P50: "50 ms", P95: "130 ms", Runs: "60 (1 ausgefallen)"}) {
		t.Errorf("German table rows: %+v", german.Rows)
	}
	daily := newResponseChart(testLanguage(t, "de"), "rt", "x", []store.CheckRollup{{Start: hour.Truncate(24 * time.Hour), Runs: 8640, Failures: 1200,
		LatencyP50: time.Millisecond, LatencyP95: time.Millisecond}}, hour.Truncate(24*time.Hour), dailyPoints, 24*time.Hour, false)
	if len(daily.XTicks) == 0 || !strings.HasSuffix(daily.XTicks[0].Label, ".") || len(daily.Rows) != 1 || daily.Rows[0].Period != "3. Dez. 2026" {
		t.Errorf("German daily chart: ticks %+v, rows %+v", daily.XTicks, daily.Rows)
	}
	if len(daily.Rows) == 1 && daily.Rows[0].Runs != "8.640 (1.200 ausgefallen)" {
		t.Errorf("German daily runs %q, want the digits grouped as 8.640 (1.200 ausgefallen)", daily.Rows[0].Runs)
	}
	if empty := newResponseChart(testLanguage(t, "en"), "rt", "x", rollups[2:3], hour, hourlyPoints, time.Hour, true); !empty.Empty {
		t.Error("a chart of down runs alone is not empty")
	}
	for _, tt := range []struct {
		in   time.Duration
		want time.Duration
	}{{0, time.Millisecond}, {130 * time.Millisecond, 200 * time.Millisecond}, {3 * time.Second, 5 * time.Second}, {50 * time.Millisecond, 50 * time.Millisecond}} {
		if got := niceCeiling(tt.in); got != tt.want {
			t.Errorf("niceCeiling(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		tag  string
		in   time.Duration
		want string
	}{
		{"en", 2500 * time.Microsecond, "2.5 ms"},
		{"de", 2500 * time.Microsecond, "2,5 ms"},
		{"en", 130 * time.Millisecond, "130 ms"},
		{"de", 130 * time.Millisecond, "130 ms"},
		{"en", 12 * time.Second, "12.0 s"},
		{"de", 12 * time.Second, "12,0 s"},
	} {
		if got := latencyLabel(testLanguage(t, tt.tag), tt.in); got != tt.want {
			t.Errorf("%s: latencyLabel(%v) = %q, want %q", tt.tag, tt.in, got, tt.want)
		}
	}
}

// testBarWords are the bars' words in the language with the tag.
func testBarWords(t testing.TB, tag string) *barWords {
	t.Helper()
	return newBarWords(testLanguage(t, tag))
}

// testLanguage is the embedded language with the tag.
func testLanguage(t testing.TB, tag string) *locale.Language {
	t.Helper()
	catalog, err := locale.Load(templates.LocalesFS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	lang, ok := catalog.Lookup(tag)
	if !ok {
		t.Fatalf("no language %s", tag)
	}
	return lang
}

// TestUptimeBarsGerman: the bars' texts follow the language, dates too.
func TestUptimeBarsGerman(t *testing.T) {
	days := []store.DayFigure{dayFigure(1, 0, availability.Figure{}), dayFigure(2, 0, availability.Figure{}), dayFigure(3, 1, availability.Figure{Outage: 2 * time.Hour})}
	got := string(uptimeBars(testBarWords(t, "de"), days, "ECS", barLinks{service: "ecs"}))
	for _, want := range []string{"<title>1. Dez. – 2. Dez. 2026: 100 % verfügbar, keine Störungen</title>", "<title>3. Dez. 2026: 91,666 % verfügbar, 1 Störung"} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant it to hold\n%s", got, want)
		}
	}
	if got := string(compactBars(testBarWords(t, "de"), appendClasses(nil, days))); !strings.Contains(got, `aria-label="1 Tag mit schwerem Ausfall, die übrigen verfügbar"`) {
		t.Errorf("compact bars: got\n%s", got)
	}
}
