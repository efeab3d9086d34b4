package web

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// englishWords are words of the pages' own English that no German page
// may show: statuses, event words, durations, the bars' and the charts'
// texts, navigation and the error messages' words.
var englishWords = strings.Fields(`operational outage outages incident incidents minutes min hour hours
	h day days data maintenance degraded performance partial major regions services subscribe history overview
	availability uptime up down resolved error there page show back less than last response checks run runs
	started planned open ended ends starts since affected updates notice legend skip the and of no not yet
	with all is by per times must got either both`)

// readableText is what a reader sees or hears of a page: its text and the
// titles, labels and alternative texts of its elements, without styles.
func readableText(page string) string {
	page = regexp.MustCompile(`(?s)<style.*?</style>`).ReplaceAllString(page, " ")
	var text strings.Builder
	for _, match := range regexp.MustCompile(`(?:title|aria-label|alt|placeholder)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		text.WriteString(match[1] + "\n")
	}
	text.WriteString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, "\n"))
	return html.UnescapeString(text.String())
}

// englishIn lists the English words left in text once the data (names,
// titles and texts operators wrote, in English here) is taken out.
func englishIn(text string, data []string) []string {
	for _, written := range data {
		text = strings.ReplaceAll(text, written, " ")
	}
	unwanted := make(map[string]bool, len(englishWords))
	for _, word := range englishWords {
		unwanted[word] = true
	}
	var found []string
	seen := map[string]bool{}
	for _, word := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(text, -1) {
		if lower := strings.ToLower(word); unwanted[lower] && !seen[lower] {
			seen[lower] = true
			found = append(found, word)
		}
	}
	return found
}

// pointedNumber is a number written with a decimal point, as English
// writes it ("99.981 %", "12.5 ms"); German writes "99,981 %". Dates
// ("3. Dez.") keep a space after their point and do not match.
var pointedNumber = regexp.MustCompile(`\d+\.\d+`)

// commaDecimal is a figure as German writes it, "99,981 %".
var commaDecimal = regexp.MustCompile(`\d,\d{3} %`)

// testSiteData is what newTestSite's operators wrote, in English.
var testSiteData = []string{"Service Status", "Elastic Cloud Server", "Object Storage", "Compute", "Storage",
	"Volumes are slow", "is high.", "We are investigating slow volumes.", "A fix is being", "rolled out",
	"Network upgrade", "Login failures", "Logins work again.", "English"}

// Every public page, rendered for a German reader, shows none of the
// pages' own English words: the overview, service pages (with monitoring),
// the history, incidents, /availability, /embed and the error pages.
// Nor does any show a number with a decimal point: German writes a comma.
// Feeds, badges and JSON keep their English and are not checked here.
func TestPublicPagesHaveNoEnglishInGerman(t *testing.T) {
	site := newTestSite(t)
	addMonitoring(t, site)
	server, err := New(Deps{Config: site.server.config, Store: site.store, Now: site.server.now})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	// The error messages name the parameter at fault and its values as
	// the address has them: those stay as they are.
	urlWords := []string{"Parameter page", "Parameter day", "day oder from", "incident, maintenance oder info", "/no-such-page"}
	paths := []struct {
		path   string
		status int
	}{
		{"/", http.StatusOK},
		{"/?region=eu-de", http.StatusOK},
		{"/services/ecs", http.StatusOK},
		{"/services/obs", http.StatusOK},
		{"/history", http.StatusOK},
		{"/history?service=ecs&day=2026-02-10", http.StatusOK},
		{"/history?region=eu-nl&from=2026-02-01&to=2026-02-28", http.StatusOK},
		{"/incidents/" + strconv.Itoa(int(site.open.ID)), http.StatusOK},
		{"/incidents/" + strconv.Itoa(int(site.closed.ID)), http.StatusOK},
		{"/incidents/" + strconv.Itoa(int(site.planned.ID)), http.StatusOK},
		{"/availability", http.StatusOK},
		{"/availability?region=eu-nl", http.StatusOK},
		{"/embed", http.StatusOK},
		{"/embed?region=eu-de", http.StatusOK},
		{"/subscribe", http.StatusServiceUnavailable},
		{"/no-such-page", http.StatusNotFound},
		{"/services/nope", http.StatusNotFound},
		{"/incidents/999999", http.StatusNotFound},
		{"/incidents/nope", http.StatusNotFound},
		{"/?region=nope", http.StatusNotFound},
		{"/availability?region=nope", http.StatusNotFound},
		{"/history?category=nope", http.StatusNotFound},
		{"/history?page=x", http.StatusBadRequest},
		{"/history?page=99", http.StatusBadRequest},
		{"/history?type=x", http.StatusBadRequest},
		{"/history?day=x", http.StatusBadRequest},
		{"/history?day=2026-02-10&from=2026-02-01", http.StatusBadRequest},
		{"/history?from=2026-02-10&to=2026-02-01", http.StatusBadRequest},
		{"/?refresh=1", http.StatusBadRequest},
	}
	// What some pages must show, so that the words above were put to the test.
	germanShown := map[string][]string{
		"/services/ecs":              {"1 Std. schwerer Ausfall", "Antwortzeiten", "ausgefallen)", "von Prüfungen gemessen"},
		"/availability?region=eu-nl": {"1 Std. schwerer Ausfall"},
		"/":                          {"Alle Regionen", "In Betrieb"},
		"/history?page=x":            {"muss eine ganze Zahl ab 1 sein"},
		"/services/nope":             {"Es gibt keinen Dienst „nope“."},
	}
	// Pages that must show a figure with decimals, so that the check for
	// decimal points was put to the test.
	withDecimals := map[string]bool{"/": true, "/services/ecs": true, "/availability?region=eu-nl": true}
	for _, tt := range paths {
		t.Run(tt.path, func(t *testing.T) {
			request := httptest.NewRequest(http.MethodGet, tt.path, nil)
			request.Header.Set("Accept-Language", "de-DE,de;q=0.9")
			recorder := httptest.NewRecorder()
			server.Handler().ServeHTTP(recorder, request)
			page := recorder.Body.String()
			if recorder.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, recorder.Code, tt.status)
			}
			if !strings.Contains(page, `<html lang="de"`) {
				t.Fatalf("GET %s is not a German page", tt.path)
			}
			for _, want := range germanShown[tt.path] {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s in German lacks %q", tt.path, want)
				}
			}
			text := readableText(page)
			if found := englishIn(text, append(urlWords, testSiteData...)); len(found) > 0 {
				t.Errorf("GET %s in German shows English words %q", tt.path, found)
			}
			if found := pointedNumber.FindAllString(text, -1); len(found) > 0 {
				t.Errorf("GET %s in German shows numbers with a decimal point %q", tt.path, found)
			}
			if withDecimals[tt.path] && !commaDecimal.MatchString(text) {
				t.Errorf("GET %s in German shows no figure with decimals such as \"99,981 %%\"", tt.path)
			}
		})
	}
}

// addMonitoring gives ECS in EU-DE a check with a day of results, rolled
// up, so that its service page shows measured uptime and response times.
func addMonitoring(t *testing.T, site *testSite) {
	t.Helper()
	ctx := context.Background()
	check, err := site.store.CreateCheck(ctx, store.BootstrapActor, store.NewCheck{ComponentID: site.ecsDE.ID,
		Definition: probe.Definition{Kind: probe.KindHTTP, Target: "https://ecs.example.org/health", Interval: time.Minute}}, testNow.Add(-48*time.Hour))
	if err != nil {
		t.Fatalf("create check: %v", err)
	}
	var results []store.CheckResult
	for minutes := 30; minutes < 24*60; minutes += 30 {
		result := store.CheckResult{CheckID: check.ID, Location: "fra", StartedAt: testNow.Add(-time.Duration(minutes) * time.Minute),
			Outcome: probe.OutcomeUp, Latency: time.Duration(40+minutes%7) * time.Millisecond}
		if minutes%300 == 0 {
			result.Outcome, result.Latency, result.Reason = probe.OutcomeDown, 0, "status 503, want 200-299"
		}
		results = append(results, result)
	}
	if err := site.store.AddCheckResults(ctx, results); err != nil {
		t.Fatalf("add check results: %v", err)
	}
	if _, err := site.store.RunCheckRetention(ctx, "test", store.RetentionPolicy{}, testNow); err != nil {
		t.Fatalf("roll up check results: %v", err)
	}
}

// The subscription pages, from the form to unsubscribing, read German
// for a German reader.
func TestSubscribePagesHaveNoEnglishInGerman(t *testing.T) {
	site, sender := startSubscribeSite(t, storetest.OpenSQLite(t))
	german := func(method, target string, form url.Values) string {
		t.Helper()
		var request *http.Request
		if form != nil {
			request = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
			request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			request = httptest.NewRequest(method, target, nil)
		}
		request.Header.Set("Accept-Language", "de")
		recorder := httptest.NewRecorder()
		site.server.Handler().ServeHTTP(recorder, request)
		if recorder.Code >= 300 && recorder.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s %s = %d", method, target, recorder.Code)
		}
		return recorder.Body.String()
	}
	data := []string{"Service Status", "Elastic Cloud Server", "Elastic Volume Service", "Object Storage", "Compute", "Storage",
		"English", "Slack", "Microsoft Teams", "Mattermost", "reader@example.org"}
	pages := map[string]string{
		"form":             german(http.MethodGet, "/subscribe", nil),
		"refused form":     german(http.MethodPost, "/subscribe", url.Values{"email": {"not-an-address"}}),
		"check your inbox": german(http.MethodPost, "/subscribe", url.Values{"email": {"reader@example.org"}, "news": {"both"}}),
	}
	sent := sender.last(t)
	pages["confirmed"] = german(http.MethodGet, linkPath(t, sent.ConfirmURL), nil)
	pages["manage"] = german(http.MethodGet, linkPath(t, sent.ManageURL), nil)
	unsubscribe := linkPath(t, site.server.subscriptions.links.UnsubscribeURL(sent.Recipient.ID, sent.Recipient.Nonce, time.Now()))
	pages["unsubscribe"] = german(http.MethodGet, unsubscribe, nil)
	pages["unsubscribed"] = german(http.MethodPost, unsubscribe, url.Values{})
	for name, page := range pages {
		text := readableText(page)
		if found := englishIn(text, data); len(found) > 0 {
			t.Errorf("%s in German shows English words %q", name, found)
		}
		if found := pointedNumber.FindAllString(text, -1); len(found) > 0 {
			t.Errorf("%s in German shows numbers with a decimal point %q", name, found)
		}
	}
}
