package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"statusdash/app/store/storetest"
)

// TestPublicFormsRefuseOtherSites: the language, time-zone and subscription
// forms answer 403 and change nothing when a browser sends them for another
// site; sent from this site, or by a client that sends no such header, they
// work.
func TestPublicFormsRefuseOtherSites(t *testing.T) {
	site, sender := startSubscribeSite(t, storetest.OpenSQLite(t))
	forms := []struct {
		method, path string
		values       url.Values
		cookie       string // set when the form is taken
	}{
		{http.MethodPost, "/language", url.Values{"lang": {"de"}}, langCookie},
		{http.MethodPost, "/timezone", url.Values{"tz": {"Europe/Berlin"}}, zoneCookie},
		{http.MethodGet, "/timezone", url.Values{"tz": {"Europe/Berlin"}}, zoneCookie},
		{http.MethodPost, "/subscribe", url.Values{"email": {"reader@example.org"}}, ""},
	}
	// A GET is judged by fetch metadata alone: browsers send no Origin
	// with a GET navigation.
	headers := []struct {
		name              string
		set               map[string]string
		taken, getIsTaken bool
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, false, false},
		{"same-site fetch", map[string]string{"Sec-Fetch-Site": "same-site"}, false, false},
		{"other origin without fetch metadata", map[string]string{"Origin": "https://evil.example"}, false, true},
		{"same-origin fetch", map[string]string{"Sec-Fetch-Site": "same-origin"}, true, true},
		{"typed or bookmarked", map[string]string{"Sec-Fetch-Site": "none"}, true, true},
		{"no browser headers", nil, true, true},
	}
	for _, header := range headers {
		for _, form := range forms {
			t.Run(header.name+" "+form.method+form.path, func(t *testing.T) {
				before, mails := site.subscribers(), len(sender.all())
				request := httptest.NewRequest(form.method, form.path, strings.NewReader(form.values.Encode()))
				request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if form.method == http.MethodGet {
					request = httptest.NewRequest(form.method, form.path+"?"+form.values.Encode(), nil)
				}
				for name, value := range header.set {
					request.Header.Set(name, value)
				}
				answer := httptest.NewRecorder()
				site.server.Handler().ServeHTTP(answer, request)
				taken, want := answer.Code != http.StatusForbidden, header.taken
				if form.method == http.MethodGet {
					want = header.getIsTaken
				}
				if taken != want {
					t.Fatalf("%s %s = %d, want taken %v", form.method, form.path, answer.Code, want)
				}
				if !taken {
					if cookies := answer.Result().Cookies(); len(cookies) > 0 {
						t.Errorf("refused form set cookie %s", cookies[0].Name)
					}
					if site.subscribers() != before || len(sender.all()) != mails {
						t.Error("refused subscription was written or confirmed")
					}
					if !strings.Contains(answer.Body.String(), "another site") {
						t.Errorf("403 page does not say why: %.300s", answer.Body.String())
					}
					return
				}
				if form.cookie != "" && !hasCookie(answer.Result(), form.cookie) {
					t.Errorf("%s %s = %d without cookie %s", form.method, form.path, answer.Code, form.cookie)
				}
			})
		}
	}
}

func hasCookie(response *http.Response, name string) bool {
	for _, cookie := range response.Cookies() {
		if cookie.Name == name {
			return true
		}
	}
	return false
}
