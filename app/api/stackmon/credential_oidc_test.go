package stackmon_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/auth/oidctest"
	"statusdash/app/config"
	"statusdash/app/store/storetest"
)

// TestOIDCCredentials: access tokens of the configured issuer write through
// both families over HTTP; their groups decide the role (403 without one),
// and the audit log names the person.
func TestOIDCCredentials(t *testing.T) {
	t.Parallel()
	m := oidctest.Start(t)
	h := newHarness(t, storetest.OpenSQLite(t), func(cfg *config.Config) {
		cfg.OIDCIssuerURL, cfg.OIDCClientID = m.Issuer(), oidctest.ClientID
		cfg.OIDCOperatorGroups, cfg.OIDCAdminGroups = []string{"ops"}, []string{"admins"}
	}, nil)
	token := func(user string, groups ...string) string {
		t.Helper()
		return m.SignToken(t, jwt.MapClaims{"sub": "id-" + user, "azp": "statusdash", "aud": "account",
			"preferred_username": user, "groups": groups, "iat": start.Unix(), "exp": start.Add(time.Hour).Unix()})
	}
	component := `{"name":"Cloud Eye","attrs":[{"name":"type","value":"ces"},{"name":"region","value":"EU-DE"},{"name":"category","value":"Management"}]}`
	event := `{"title":"Down","impact":3,"components":[1],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`
	tests := []struct {
		name, method, path, token, body string
		status                          int
	}{
		{"operator reports through v1", "POST", "/api/v1/component_status", token("olga", "ops"), report("Elastic Cloud Server", "EU-NL", 2, ""), http.StatusCreated},
		{"operator opens a v2 event", "POST", "/v2/events", token("olga", "ops"), event, http.StatusOK},
		{"operator may not add components", "POST", "/v2/components", token("olga", "ops"), component, http.StatusForbidden},
		{"admin adds a component", "POST", "/v2/components", token("ada", "admins"), component, http.StatusCreated},
		{"no group: v1 refused", "POST", "/v1/component_status", token("nobody"), report("Virtual Private Cloud", "EU-DE", 1, ""), http.StatusForbidden},
		{"no group: v2 refused", "POST", "/v2/events", token("nobody"), event, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.do(tt.method, tt.path, tt.token, tt.body).expect(t, tt.status, "")
		})
	}
	actors := strings.Join(h.auditActors(), "\n")
	for _, want := range []string{"oidc:olga event.report", "oidc:olga event.create", "oidc:ada component.create"} {
		if !strings.Contains(actors, want) {
			t.Errorf("audit log lacks %q:\n%s", want, actors)
		}
	}
	if strings.Contains(actors, "nobody") {
		t.Errorf("a refused credential wrote:\n%s", actors)
	}
}
