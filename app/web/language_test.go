package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"statusdash/app/cache"
	"statusdash/app/cache/cachetest"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/render"
)

// eachPageCache runs fn on a server whose shared cache is the in-process
// one and, when SDB_TEST_REDIS_URL is set, Redis; pages go through the
// server's real page cache either way.
func eachPageCache(t *testing.T, fn func(t *testing.T, server *Server)) {
	t.Helper()
	caches := map[string]func(t *testing.T) cache.Cache{
		"memory": func(t *testing.T) cache.Cache { return cache.NewMemory() },
		"redis":  func(t *testing.T) cache.Cache { return cachetest.OpenRedis(t, "language") },
	}
	for _, name := range []string{"memory", "redis"} {
		t.Run(name, func(t *testing.T) {
			shared := caches[name](t)
			t.Cleanup(func() { _ = shared.Close() })
			site := newTestSite(t)
			cfg := config.Defaults()
			cfg.BaseURL = "https://status.example.com"
			server, err := New(Deps{Config: cfg, Store: site.store, Cache: shared, Now: site.server.now})
			if err != nil {
				t.Fatalf("web.New: %v", err)
			}
			fn(t, server)
		})
	}
}

// TestCachedPagesKeyedByLanguage asks for the same cached pages in English
// and German in turn: each reader gets their own language, and the second
// request of each is the cached copy (same ETag).
func TestCachedPagesKeyedByLanguage(t *testing.T) {
	t.Parallel()
	eachPageCache(t, func(t *testing.T, server *Server) {
		get := func(path string, headers ...string) *http.Response {
			request := httptest.NewRequest(http.MethodGet, path, nil)
			for _, header := range headers {
				name, value, _ := strings.Cut(header, ": ")
				request.Header.Set(name, value)
			}
			recorder := httptest.NewRecorder()
			server.Handler().ServeHTTP(recorder, request)
			return recorder.Result()
		}
		english := []string{`<html lang="en">`, "Show times in this zone"}
		german := []string{`<html lang="de">`, "Zeiten in dieser Zone zeigen"}
		// A date each page shows, in each language.
		dates := map[string]map[string]string{
			"/":        {english[0]: "15 Mar 2026", german[0]: "15. März 2026"},
			"/history": {english[0]: "10 Feb 2026", german[0]: "10. Feb. 2026"},
		}
		tests := []struct {
			name    string
			headers []string
			want    []string
		}{
			{"no preference", nil, english},
			{"German header", []string{"Accept-Language: de-DE,de;q=0.9,en;q=0.5"}, german},
			{"English header", []string{"Accept-Language: en-GB"}, english},
			{"German cookie beats English header", []string{"Accept-Language: en", "Cookie: lang=de"}, german},
			{"English cookie beats German header", []string{"Accept-Language: de", "Cookie: lang=en"}, english},
			{"Swiss German", []string{"Accept-Language: de-CH"}, german},
		}
		for _, path := range []string{"/", "/history"} {
			etags := map[string]string{}
			for round := range 2 {
				for _, tt := range tests {
					response := get(path, tt.headers...)
					page := body(t, response)
					if response.StatusCode != http.StatusOK {
						t.Fatalf("%s %s: status %d", path, tt.name, response.StatusCode)
					}
					for _, want := range append(tt.want, dates[path][tt.want[0]]) {
						if !strings.Contains(page, want) {
							t.Errorf("%s, %s, round %d: page lacks %q", path, tt.name, round+1, want)
						}
					}
					if vary := response.Header.Get("Vary"); !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
						t.Errorf("%s: Vary = %q, want Accept-Language and Cookie in it", path, vary)
					}
					// Same language, same cached bytes: the ETag of a
					// language's page does not change between requests.
					lang := tt.want[0]
					etag := response.Header.Get("ETag")
					if previous, ok := etags[lang]; ok && previous != etag {
						t.Errorf("%s, %s: ETag %s, want the cached copy's %s", path, tt.name, etag, previous)
					}
					etags[lang] = etag
				}
			}
			if etags[english[0]] == etags[german[0]] {
				t.Errorf("%s: English and German pages share the ETag %s", path, etags[english[0]])
			}
		}
	})
}

// TestLanguageForm stores the choice in a cookie and goes back; a language
// the page does not offer is a 400 naming lang, with nothing stored.
func TestLanguageForm(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		wantCookie string
		wantTo     string
	}{
		{"German", url.Values{"lang": {"de"}, "return": {"/subscribe"}}, http.StatusSeeOther, "de", "/subscribe"},
		{"English", url.Values{"lang": {"en"}, "return": {"/history?page=2"}}, http.StatusSeeOther, "en", "/history?page=2"},
		{"off-site return", url.Values{"lang": {"de"}, "return": {"//evil.example"}}, http.StatusSeeOther, "de", "/"},
		{"unknown", url.Values{"lang": {"fr"}, "return": {"/"}}, http.StatusBadRequest, "", ""},
		{"regional tag is not a choice", url.Values{"lang": {"de-CH"}}, http.StatusBadRequest, "", ""},
		{"empty", url.Values{}, http.StatusBadRequest, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			request := httptest.NewRequest(http.MethodPost, "/language", strings.NewReader(tt.form.Encode()))
			request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			recorder := httptest.NewRecorder()
			site.server.Handler().ServeHTTP(recorder, request)
			response := recorder.Result()
			if response.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", response.StatusCode, tt.wantStatus)
			}
			var got string
			for _, cookie := range response.Cookies() {
				if cookie.Name == langCookie {
					got = cookie.Value
				}
			}
			if got != tt.wantCookie {
				t.Errorf("lang cookie %q, want %q", got, tt.wantCookie)
			}
			if tt.wantStatus == http.StatusBadRequest {
				if page := body(t, response); !strings.Contains(page, "Parameter lang") {
					t.Errorf("400 page does not name lang")
				}
				return
			}
			if location := response.Header.Get("Location"); location != tt.wantTo {
				t.Errorf("Location %q, want %q", location, tt.wantTo)
			}
		})
	}
}

// TestErrorPagesSpeakTheReadersLanguage: the error page, its heading and a
// message of the code follow the reader's language; JSON stays English.
func TestErrorPagesSpeakTheReadersLanguage(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path, header string
		want         []string
	}{
		{"/no-such-page", "de", []string{`<html lang="de">`, "Fehler 404", "Seite nicht gefunden", "Unter /no-such-page gibt es keine Seite."}},
		{"/no-such-page", "en", []string{`<html lang="en">`, "Error 404", "Page not found", "There is no page at /no-such-page."}},
		{"/subscribe", "de", []string{"Fehler 503", "Abonnements sind auf dieser Statusseite nicht verfügbar."}},
	}
	for _, tt := range tests {
		page := body(t, site.get(t, tt.path, "Accept-Language: "+tt.header))
		for _, want := range tt.want {
			if !strings.Contains(page, want) {
				t.Errorf("%s in %s lacks %q", tt.path, tt.header, want)
			}
		}
	}
}

// TestGoMessagesExist checks the message ids the Go code names: templates
// are checked by app/render, these only when a page needs them.
func TestGoMessagesExist(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	keys := []string{"error.internal", unavailableKey, "error.not_found", "error.language",
		"subscribe.title", "subscribe.manage.title", "subscribe.off", "subscribe.send_failed", "subscribe.too_many",
		"subscribe.token_required", "subscribe.token_expired", "subscribe.token_invalid", "subscribe.token_removed",
		newsKey("both"), newsKey("incidents"), newsKey("maintenance")}
	for _, base := range []string{"subscribe.confirmed", "subscribe.check_inbox", "subscribe.unsubscribe_ask", "subscribe.unsubscribed"} {
		keys = append(keys, base+".heading", base+".message")
	}
	for _, status := range []int{400, 404, 405, 429, 500, 503} {
		keys = append(keys, headingKey(status))
	}
	// The public pages' words named in code or built from a key.
	keys = append(keys, "nav.overview", "nav.history", "nav.availability", "nav.subscribe", "feed.ical",
		"health.all_operational", "health.in_regions", "health.of_service", "health.and",
		"availability.title", "availability.title_in", "history.title", "overview.incidents", "overview.maintenance",
		"history.on", "history.from", "history.up_to", "history.between", "bars.label", "chart.caption_hourly", "chart.caption_daily",
		"chart.down", "overview.all_regions", "detail.outage", "detail.partial", "detail.degraded", "detail.maintenance",
		"detail.minutes", "detail.hours", "duration.under_a_minute", "availability.no_data", "availability.no_data_why",
		"error.no_region", "error.no_category", "error.no_service", "error.no_event", "error.bad_page", "error.past_last_page",
		"error.bad_type", "error.bad_date", "error.day_and_range", "error.to_before_from", "error.bad_refresh")
	for _, key := range typeLabels {
		keys = append(keys, key)
	}
	for _, health := range model.Healths {
		keys = append(keys, "health."+health.Key(), "health.meaning."+health.Key())
	}
	for _, eventType := range model.EventTypes {
		keys = append(keys, "event_type."+string(eventType))
	}
	for _, status := range []string{model.StatusDetected, model.StatusAnalysing, model.StatusFixing, model.StatusImpactChanged,
		model.StatusObserving, model.StatusResolved, model.StatusReopened, model.StatusChanged, model.StatusPlanned,
		model.StatusInProgress, model.StatusModified, model.StatusCompleted, model.StatusCancelled, model.StatusActive,
		model.StatusSystem} {
		keys = append(keys, render.StatusKey(status))
	}
	for _, lang := range site.server.locales.Languages() {
		for _, key := range []string{"bars.no_data_run", "bars.up_run", "bars.up", "bars.no_incidents", "bars.one_incident",
			"bars.incidents", "bars.no_data_yet", "bars.every_day_up", "bars.others_up", "bars.day", "bars.days",
			"bars.without_data", "bars.in_maintenance", "bars.degraded", "bars.partial", "bars.major"} {
			if _, err := lang.T(key); err != nil {
				t.Errorf("%s: %v", lang.Tag, err)
			}
		}
	}
	for _, lang := range site.server.locales.Languages() {
		for _, key := range keys {
			if _, err := lang.T(key, "News", "x", "Path", "/", "Value", "x", "Region", "x", "Status", "x", "Regions", "x", "Service", "x", "Day", "x", "From", "x", "To", "x", "Days", 90, "Hours", 24, "Slug", "x", "ID", 1, "Last", 1, "Page", 2, "Parameter", "day", "Min", 1, "Max", 2); err != nil {
				t.Errorf("%s: %v", lang.Tag, err)
			}
		}
	}
}

// TestPublicPagesInGerman: the overview, a service page and the history
// read German for a German reader, with none of the English left of a few
// chosen phrases.
func TestPublicPagesInGerman(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path          string
		want, unwants []string
	}{
		{"/", []string{`<html lang="de">`, "Teilausfall in EU-DE", "Offene Störungen", "Wartungen und Hinweise",
			"Status nach Region", "Verfügbarkeit der letzten 90 Tage", "Legende", "In Betrieb", "Übersicht", "Verlauf",
			"Zum Inhalt springen", "Zeiten in", "Wartungskalender (iCal)", "Geprüft"},
			[]string{"Open incidents", "Status by region", "Skip to content", "Times are shown in", "Partial outage",
				"Operational", ">Legend<", "Uptime, last", " up, ", "the others up", "Maintenance calendar"}},
		{"/services/ecs", []string{"Nach Region", "Laufende und geplante Ereignisse", "Vergangene Ereignisse",
			"Verfügbarkeit der letzten 90 Tage", "verfügbar, keine Störungen", "letzte 90 Tage"},
			[]string{"By region", "Current and planned events", "Past events", "no incidents", "last 90 days"}},
		{"/history", []string{"<h1>Verlauf</h1>", "Alle Regionen", "Alle Kategorien", "Alle Dienste", "Alle Arten",
			"Filtern", "März 2026", "Februar 2026"},
			[]string{"All regions", "All categories", "Filter</button>", "March 2026", "February 2026", "past event"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			response := site.get(t, tt.path, "Accept-Language: de")
			page := body(t, response)
			if response.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", tt.path, response.StatusCode)
			}
			for _, want := range tt.want {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s in German lacks %q", tt.path, want)
				}
			}
			for _, unwanted := range tt.unwants {
				if strings.Contains(page, unwanted) {
					t.Errorf("GET %s in German still has %q", tt.path, unwanted)
				}
			}
		})
	}
}
