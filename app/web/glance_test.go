package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"statusdash/app/locale"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/templates"
)

// TestOverviewAtAGlance: the banner's words and colour, the title and the
// favicon say the page-wide status; healthy cells are icons with hidden
// words, problems are words; calm categories are folded; region tabs keep
// their place and narrow the event lists.
func TestOverviewAtAGlance(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path          string
		want, unwants []string
	}{
		{"/", []string{
			`<section class="banner banner--major"`, `<h1 id="banner-title" class="banner__title">Partial outage in EU-DE</h1>`,
			"<title>Partial outage in EU-DE · Service Status</title>", `icons/major.svg" type="image/svg+xml">`,
			`<span class="icon-only icon-only--operational">Operational</span>`,
			`<a href="/incidents/` + strconv.Itoa(int(site.open.ID)) + `"><span class="health health--major">Partial outage</span></a>`,
			// Compute has the outage: open; Storage works: folded, saying so.
			"<details open>\n<summary>Services</summary>", "<details>\n<summary>All 1 service operational</summary>",
			`<a href="/?region=eu-nl#regions">EU-NL</a>`, `<div id="regions"`,
			"Volumes are slow", "Network upgrade",
			`<span class="visually-hidden">Not offered</span>`,
		}, []string{"Some services have"}},
		// EU-NL: the outage and the maintenance are in EU-DE, so neither is listed.
		{"/?region=eu-nl", []string{"No open incidents in EU-NL.", `aria-current="page">EU-NL</a>`,
			"Partial outage in EU-DE" /* the banner stays page-wide */}, []string{"Volumes are slow", "Network upgrade"}},
		{"/?region=eu-de", []string{"Volumes are slow", "Network upgrade"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			response := site.get(t, tt.path)
			page := body(t, response)
			if response.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", tt.path, response.StatusCode)
			}
			for _, want := range tt.want {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s lacks %q", tt.path, want)
				}
			}
			for _, unwanted := range tt.unwants {
				if strings.Contains(page, unwanted) {
					t.Errorf("GET %s has %q", tt.path, unwanted)
				}
			}
		})
	}
}

func TestScopedHeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		regions, services []string
		want              string
	}{
		{"one region", []string{"EU-DE"}, []string{"ECS", "EVS"}, "Partial outage in EU-DE"},
		{"two regions", []string{"EU-DE", "EU-NL"}, []string{"ECS", "EVS"}, "Partial outage in EU-DE and EU-NL"},
		{"one service everywhere", []string{"EU-DE", "EU-NL", "Swiss"}, []string{"ECS"}, "Partial outage of ECS"},
		{"wide", []string{"EU-DE", "EU-NL", "Swiss"}, []string{"ECS", "EVS"}, "Partial outage"},
	}
	catalog, err := locale.Load(templates.LocalesFS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if got := scopedHeadline(catalog.Default().MustT, 3, tt.regions, tt.services); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestOneVocabulary: statuses read the same in every place a page shows them.
func TestOneVocabulary(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	incident := "/incidents/" + strconv.Itoa(int(site.open.ID))
	tests := []struct {
		path          string
		want, unwants []string
	}{
		{"/", []string{
			`<span class="impact impact--major">Partial outage</span>`, `<strong>Fixing</strong>`,
			`<span class="impact impact--maintenance">Maintenance</span>`, `<span class="status">Planned</span>`,
			`<span class="health health--minor">Degraded performance</span>: slower or partly failing.`,
			`<span class="impact impact--notice">Notice</span>`,
		}, []string{"Major impact", "Minor impact", `<span class="status">fixing</span>`}},
		{incident, []string{`<h3 class="timeline__status">Detected</h3>`, `<h3 class="timeline__status">Fixing</h3>`, "<dd>Incident</dd>"}, []string{"<dd>incident</dd>"}},
		{"/history", []string{`<span class="impact impact--outage">Major outage</span>`}, nil},
	}
	for _, tt := range tests {
		page := body(t, site.get(t, tt.path))
		for _, want := range tt.want {
			if !strings.Contains(page, want) {
				t.Errorf("GET %s lacks %q", tt.path, want)
			}
		}
		for _, unwanted := range tt.unwants {
			if strings.Contains(page, unwanted) {
				t.Errorf("GET %s has %q", tt.path, unwanted)
			}
		}
	}
}

// TestLayoutFixes: history rows, breadcrumbs, /favicon.ico, the footer's
// Operators link only with sign-in.
func TestLayoutFixes(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	history := body(t, site.get(t, "/history"))
	for _, want := range []string{
		// The closed incident of 10 Feb 2026, 08:00 to 09:00: one date, a duration, its service.
		"10 Feb 2026, 08:00 – 09:00 UTC</time> · <span>1 h</span>",
		`Affected: <a href="/services/ecs">Elastic Cloud Server</a>`,
		// March 2026 (now) has no closed event.
		`<h2 id="month-2026-03">March 2026</h2>` + "\n" + `<p class="empty">No incidents reported.</p>`,
	} {
		if !strings.Contains(history, want) {
			t.Errorf("GET /history lacks %q", want)
		}
	}
	crumbs := map[string]string{
		"/incidents/" + strconv.Itoa(int(site.open.ID)):    `<a href="/#incidents-title">Open incidents</a>`,
		"/incidents/" + strconv.Itoa(int(site.planned.ID)): `<a href="/#maintenance-title">Maintenance and notices</a>`,
		"/incidents/" + strconv.Itoa(int(site.closed.ID)):  `<a href="/history">History</a>`,
	}
	for path, want := range crumbs {
		if page := body(t, site.get(t, path)); !strings.Contains(page, `<nav class="crumbs" aria-label="Breadcrumb">`) || !strings.Contains(page, want) {
			t.Errorf("GET %s: the breadcrumb lacks %q", path, want)
		}
	}
	icon := site.get(t, "/favicon.ico")
	if icon.StatusCode != http.StatusOK || icon.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(body(t, icon), "<svg") {
		t.Errorf("GET /favicon.ico = %d %s, want 200 with the SVG icon", icon.StatusCode, icon.Header.Get("Content-Type"))
	}
	page := body(t, site.get(t, "/"))
	if strings.Contains(page, `href="/manage"`) {
		t.Error("the footer links to /manage although sign-in is not configured")
	}
	// Subscriptions are off in this site: no Subscribe entry in the header.
	if strings.Contains(page, `href="/subscribe"`) {
		t.Error("the header offers Subscribe although subscriptions are off")
	}
	// The main area keeps its own padding: no .wrap on <main> to override it.
	if !strings.Contains(page, `<main id="main" tabindex="-1">`) {
		t.Error("<main> is not the bare landmark holding the banner and the .wrap column")
	}
}

// TestHeadingsInOrder: every public page has one h1 first and never skips a
// heading level going down.
func TestHeadingsInOrder(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	for _, path := range []string{"/", "/?region=eu-nl", "/history", "/availability", "/services/ecs",
		"/incidents/" + strconv.Itoa(int(site.open.ID)), "/incidents/" + strconv.Itoa(int(site.closed.ID)), "/no-such-page"} {
		levels := headingLevels(t, body(t, site.get(t, path)))
		if len(levels) == 0 || levels[0] != 1 {
			t.Errorf("%s: headings %v, want an h1 first", path, levels)
			continue
		}
		for i := 1; i < len(levels); i++ {
			if levels[i] == 1 {
				t.Errorf("%s: headings %v, want one h1", path, levels)
			}
			if levels[i] > levels[i-1]+1 {
				t.Errorf("%s: headings %v skip from h%d to h%d", path, levels, levels[i-1], levels[i])
			}
		}
	}
}

// headingLevels lists the levels of a page's h1 to h6 in document order.
func headingLevels(t *testing.T, page string) []int {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	var levels []int
	for node := range doc.Descendants() {
		if node.Type == html.ElementNode && len(node.Data) == 2 && node.Data[0] == 'h' && node.Data[1] >= '1' && node.Data[1] <= '6' {
			levels = append(levels, int(node.Data[1]-'0'))
		}
	}
	return levels
}

// TestOperatorsLinkWithSignIn: with sign-in configured the footer links to
// /manage, and a visitor there is sent to sign in.
func TestOperatorsLinkWithSignIn(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	reader := site.visitor()
	if home := reader.get("/"); !strings.Contains(home.body, `<a href="/manage">Operators</a>`) {
		t.Error("the footer has no Operators link although sign-in is configured")
	}
	if manage := reader.get("/manage"); manage.status != http.StatusSeeOther || !strings.HasPrefix(manage.location, "/login") {
		t.Errorf("anonymous GET /manage = %d to %q, want 303 to /login", manage.status, manage.location)
	}
}

func TestInRegion(t *testing.T) {
	t.Parallel()
	de, nl := &model.Region{Name: "EU-DE", Slug: "eu-de"}, &model.Region{Name: "EU-NL", Slug: "eu-nl"}
	summary := func(title string, regions ...*model.Region) *store.EventSummary {
		event := &model.Event{Title: title}
		for _, region := range regions {
			event.Components = append(event.Components, model.Component{Region: region})
		}
		return &store.EventSummary{Event: event}
	}
	events := []*store.EventSummary{summary("in DE", de), summary("in both", de, nl), summary("in NL", nl), summary("page-wide")}
	tests := []struct {
		slug string
		want []string
	}{
		{"", []string{"in DE", "in both", "in NL", "page-wide"}},
		{"eu-de", []string{"in DE", "in both", "page-wide"}},
		{"eu-nl", []string{"in both", "in NL", "page-wide"}},
	}
	for _, tt := range tests {
		var got []string
		for _, kept := range inRegion(events, tt.slug) {
			got = append(got, kept.Event.Title)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("inRegion(%q) = %q, want %q", tt.slug, got, tt.want)
		}
	}
}
