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
		path   string
		values url.Values
		cookie string // set when the form is taken
	}{
		{"/language", url.Values{"lang": {"de"}}, langCookie},
		{"/timezone", url.Values{"tz": {"Europe/Berlin"}}, zoneCookie},
		{"/subscribe", url.Values{"email": {"reader@example.org"}}, ""},
	}
	headers := []struct {
		name  string
		set   map[string]string
		taken bool
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"other origin without fetch metadata", map[string]string{"Origin": "https://evil.example"}, false},
		{"same-origin fetch", map[string]string{"Sec-Fetch-Site": "same-origin"}, true},
		{"no browser headers", nil, true},
	}
	for _, header := range headers {
		for _, form := range forms {
			t.Run(header.name+form.path, func(t *testing.T) {
				before, mails := site.subscribers(), len(sender.all())
				request := httptest.NewRequest(http.MethodPost, form.path, strings.NewReader(form.values.Encode()))
				request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for name, value := range header.set {
					request.Header.Set(name, value)
				}
				answer := httptest.NewRecorder()
				site.server.Handler().ServeHTTP(answer, request)
				taken := answer.Code != http.StatusForbidden
				if taken != header.taken {
					t.Fatalf("POST %s = %d, want taken %v", form.path, answer.Code, header.taken)
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
					t.Errorf("POST %s = %d without cookie %s", form.path, answer.Code, form.cookie)
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
