package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/auth/oidctest"
)

// TestSignInAndAPIShareOneProvider: operators' sign-in and the API's access
// tokens use one discovery and one key cache per process, so a hanging
// provider is waited for once, not once by each.
func TestSignInAndAPIShareOneProvider(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login, err := client.Get(site.url + "/login")
	if err != nil {
		t.Fatal(err)
	}
	login.Body.Close()
	if login.StatusCode != http.StatusFound && login.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET /login = %d, want a redirect to the provider", login.StatusCode)
	}
	token := site.idp.SignToken(t, jwt.MapClaims{"aud": oidctest.ClientID, "sub": "u-1", "groups": []string{"ops"}})
	request, err := http.NewRequest(http.MethodPatch, site.url+"/v2/events/999", strings.NewReader(`{"message":"m","status":"analysing","update_date":"2026-01-01T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("Authorization", "Bearer "+token)
	request.Header.Set("Content-Type", "application/json")
	answer, err := client.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	answer.Body.Close()
	if answer.StatusCode != http.StatusNotFound {
		t.Fatalf("PATCH /v2/events/999 with an access token = %d, want 404 (verified, no such event)", answer.StatusCode)
	}
	for _, path := range []string{oidctest.DiscoveryPath, oidctest.KeysPath} {
		if got := site.idp.Requests(path); got != 1 {
			t.Errorf("requests to %s = %d, want 1: sign-in and the API share one provider", path, got)
		}
	}
}
