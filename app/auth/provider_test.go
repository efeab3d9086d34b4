package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
)

// rewriteResponse lets a test change what one provider endpoint answers.
func rewriteResponse(suffix string, change func(t testing.TB, body map[string]any)) oidctest.Option {
	return func(t testing.TB, idp *mockoidc.MockOIDC) {
		oidctest.Middleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasSuffix(r.URL.Path, suffix) {
					next.ServeHTTP(w, r)
					return
				}
				recorder := httptest.NewRecorder()
				next.ServeHTTP(recorder, r)
				body := recorder.Body.Bytes()
				var decoded map[string]any
				if recorder.Code == http.StatusOK && json.Unmarshal(body, &decoded) == nil {
					change(t, decoded)
					body, _ = json.Marshal(decoded)
				}
				maps.Copy(w.Header(), recorder.Header())
				w.Header().Del("Content-Length")
				w.WriteHeader(recorder.Code)
				_, _ = w.Write(body)
			})
		})(t, idp)
	}
}

// onlyBasicAuth plays a token endpoint that accepts the client secret only
// in an HTTP Basic header (mockoidc itself reads only the form body).
func onlyBasicAuth(requests *atomic.Int64) oidctest.Option {
	return oidctest.Middleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/token") {
				next.ServeHTTP(w, r)
				return
			}
			requests.Add(1)
			id, secret, ok := r.BasicAuth()
			if !ok || r.ParseForm() != nil || r.Form.Get("client_secret") != "" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
				return
			}
			r.Form.Set("client_id", id)
			r.Form.Set("client_secret", secret)
			next.ServeHTTP(w, r)
		})
	})
}

func countTokenRequests(requests *atomic.Int64) oidctest.Option {
	return oidctest.Middleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/token") {
				requests.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	})
}

func authMethods(methods ...string) oidctest.Option {
	return rewriteResponse("/.well-known/openid-configuration", func(_ testing.TB, body map[string]any) {
		body["token_endpoint_auth_methods_supported"] = methods
	})
}

// TestTokenEndpointClientAuthentication signs in against token endpoints
// that take the client secret only as HTTP Basic or only in the form, as
// their discovery documents say or without saying.
func TestTokenEndpointClientAuthentication(t *testing.T) {
	tests := []struct {
		name         string
		basicOnly    bool
		methods      []string
		wantRequests int64 // token requests of one sign-in
	}{
		{"basic only, listed", true, []string{"client_secret_basic"}, 1},
		{"basic only, both listed (auto-detect)", true, []string{"client_secret_basic", "client_secret_post"}, 1},
		{"post only, listed", false, []string{"client_secret_post"}, 1},
		{"post only, both listed (auto-detect tries basic first)", false, []string{"client_secret_basic", "client_secret_post"}, 2},
		{"post only, nothing listed", false, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int64
			option := countTokenRequests(&requests)
			if tt.basicOnly {
				option = onlyBasicAuth(&requests)
			}
			idp := oidctest.Start(t, authMethods(tt.methods...), option)
			memory := cache.NewMemory()
			t.Cleanup(func() { _ = memory.Close() })
			a := startApp(t, testConfig(idp.Issuer()), memory)
			if r := a.signIn(newBrowser(t), idp, operator, "/ops"); r.status != http.StatusSeeOther || r.location != "/ops" {
				t.Fatalf("callback = %d to %q (%s), want 303 to /ops", r.status, r.location, r.body)
			}
			if got := requests.Load(); got != tt.wantRequests {
				t.Errorf("token requests = %d, want %d", got, tt.wantRequests)
			}
			// The second sign-in remembers what the endpoint accepted.
			requests.Store(0)
			if r := a.signIn(newBrowser(t), idp, operator, "/ops"); r.status != http.StatusSeeOther {
				t.Fatalf("second callback = %d (%s), want 303", r.status, r.body)
			}
			if got := requests.Load(); got != 1 {
				t.Errorf("token requests of the second sign-in = %d, want 1", got)
			}
		})
	}
}

// TestCallbackIssuerParameter checks RFC 9207: an iss naming our provider is
// accepted, another issuer refused, and a missing iss refused only when the
// provider promises to send it.
func TestCallbackIssuerParameter(t *testing.T) {
	promisesIss := rewriteResponse("/.well-known/openid-configuration", func(_ testing.TB, body map[string]any) {
		body["authorization_response_iss_parameter_supported"] = true
	})
	tests := []struct {
		name    string
		options []oidctest.Option
		iss     func(idp *oidctest.Provider) string // "" leaves the parameter out
		want    int
	}{
		{"iss of our provider", nil, func(idp *oidctest.Provider) string { return idp.Issuer() }, http.StatusSeeOther},
		{"no iss from a provider that does not send it", nil, nil, http.StatusSeeOther},
		{"iss of another provider", nil, func(*oidctest.Provider) string { return "https://evil.example.org/realms/x" }, http.StatusBadRequest},
		{"iss promised and sent", []oidctest.Option{promisesIss}, func(idp *oidctest.Provider) string { return idp.Issuer() }, http.StatusSeeOther},
		{"iss promised but missing", []oidctest.Option{promisesIss}, nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := oidctest.Start(t, tt.options...)
			memory := cache.NewMemory()
			t.Cleanup(func() { _ = memory.Close() })
			a := startApp(t, testConfig(idp.Issuer()), memory)
			b := newBrowser(t)
			callback := a.startSignIn(b, idp, operator, "/ops")
			if tt.iss != nil {
				callback = withParam(t, callback, "iss", tt.iss(idp))
			}
			r := b.get(callback)
			if r.status != tt.want {
				t.Fatalf("callback = %d (%s), want %d", r.status, r.body, tt.want)
			}
			signedIn := b.cookie(a.server.URL, SessionCookie) != nil
			if signedIn != (tt.want == http.StatusSeeOther) {
				t.Errorf("session cookie set = %v, want %v", signedIn, tt.want == http.StatusSeeOther)
			}
			if tt.want == http.StatusBadRequest && !strings.Contains(r.body, "(iss)") {
				t.Errorf("refusal %q does not name iss", r.body)
			}
		})
	}
}

// TestIDTokenVerification refuses ID tokens that are expired or whose
// signature does not verify, creating no session.
func TestIDTokenVerification(t *testing.T) {
	breakSignature := rewriteResponse("/token", func(t testing.TB, body map[string]any) {
		raw, _ := body["id_token"].(string)
		parts := strings.Split(raw, ".")
		if len(parts) != 3 {
			t.Fatalf("id_token %q is not a JWS", raw)
		}
		signature, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			t.Fatalf("signature: %v", err)
		}
		signature[0] ^= 0xff
		parts[2] = base64.RawURLEncoding.EncodeToString(signature)
		body["id_token"] = strings.Join(parts, ".")
	})
	changeSubject := rewriteResponse("/token", func(t testing.TB, body map[string]any) {
		raw, _ := body["id_token"].(string)
		parts := strings.Split(raw, ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatalf("payload: %v", err)
		}
		parts[1] = base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte(`"op-1"`), []byte(`"ad-1"`), 1))
		body["id_token"] = strings.Join(parts, ".")
	})
	tests := []struct {
		name    string
		options []oidctest.Option
		later   time.Duration // how far the app's clock runs ahead before the callback
		mention string
	}{
		{"expired", nil, 2 * time.Hour, "expired"},
		{"signature broken", []oidctest.Option{breakSignature}, 0, "signature"},
		{"payload changed after signing", []oidctest.Option{changeSubject}, 0, "signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := oidctest.Start(t, tt.options...)
			memory := cache.NewMemory()
			t.Cleanup(func() { _ = memory.Close() })
			a := startApp(t, testConfig(idp.Issuer()), memory)
			b := newBrowser(t)
			callback := a.startSignIn(b, idp, operator, "/ops")
			a.clock.advance(tt.later)
			r := b.get(callback)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, tt.mention) {
				t.Fatalf("callback = %d (%s), want 403 mentioning %q", r.status, r.body, tt.mention)
			}
			if b.cookie(a.server.URL, SessionCookie) != nil {
				t.Errorf("refused ID token set a session cookie")
			}
		})
	}
}

// TestGroupsFromDifferentProviders reads roles the ways providers send
// groups: Azure AD's roles claim, Keycloak's nested realm roles, groups only
// from userinfo, none at all (Google).
func TestGroupsFromDifferentProviders(t *testing.T) {
	tests := []struct {
		name     string
		claim    string
		user     oidctest.User
		wantRole string // "" for a 403
	}{
		{"Keycloak groups with paths", "groups", oidctest.User{Subject: "k-1",
			ExtraClaims: map[string]any{"groups": []string{"/ops"}, "email": "k@example.org"}}, "operator"},
		{"Azure AD roles claim", "roles", oidctest.User{Subject: "a-1",
			ExtraClaims: map[string]any{"roles": []string{"status-admins"}, "groups": []string{"ops"}, "preferred_username": "a@example.org"}}, "admin"},
		{"Azure AD group overage (claim absent)", "groups", oidctest.User{Subject: "a-2",
			ExtraClaims: map[string]any{"email": "a2@example.org", "_claim_names": map[string]any{"groups": "src1"},
				"_claim_sources": map[string]any{"src1": map[string]any{"endpoint": "https://graph.example.org/getMemberObjects"}}}}, ""},
		{"Keycloak realm roles, nested", "realm_access.roles", oidctest.User{Subject: "k-2",
			ExtraClaims: map[string]any{"realm_access": map[string]any{"roles": []string{"ops", "offline_access"}}}}, "operator"},
		{"claim name with dots, exact", "https://example.org/groups", oidctest.User{Subject: "o-1",
			ExtraClaims: map[string]any{"https://example.org/groups": []string{"ops"}}}, "operator"},
		{"groups only in userinfo", "groups", oidctest.User{Subject: "u-1",
			ExtraClaims:   map[string]any{"name": "Uma"},
			ExtraUserinfo: map[string]any{"groups": []string{"status-admins"}, "email": "uma@example.org"}}, "admin"},
		{"Google: no groups anywhere", "groups", oidctest.User{Subject: "g-1",
			ExtraClaims: map[string]any{"email": "g@example.org", "email_verified": true}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := oidctest.Start(t)
			memory := cache.NewMemory()
			t.Cleanup(func() { _ = memory.Close() })
			cfg := testConfig(idp.Issuer())
			cfg.OIDCGroupsClaim = tt.claim
			a := startApp(t, cfg, memory)
			b := newBrowser(t)
			if r := a.signIn(b, idp, tt.user, "/ops"); r.status != http.StatusSeeOther {
				t.Fatalf("callback = %d (%s), want 303", r.status, r.body)
			}
			page := b.get(a.server.URL + "/ops")
			switch {
			case tt.wantRole == "" && page.status != http.StatusForbidden:
				t.Errorf("GET /ops = %d (%s), want 403", page.status, page.body)
			case tt.wantRole != "" && (page.status != http.StatusOK || !strings.Contains(page.body, "role="+tt.wantRole)):
				t.Errorf("GET /ops = %d (%s), want 200 with role=%s", page.status, page.body, tt.wantRole)
			}
		})
	}
}

// TestUserinfoOfAnotherSubjectIgnored: groups from a userinfo answer about
// someone else must not grant a role.
func TestUserinfoOfAnotherSubjectIgnored(t *testing.T) {
	swapSubject := rewriteResponse("/userinfo", func(_ testing.TB, body map[string]any) {
		body["sub"] = "someone-else"
	})
	idp := oidctest.Start(t, swapSubject)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(idp.Issuer()), memory)
	b := newBrowser(t)
	user := oidctest.User{Subject: "u-2", ExtraUserinfo: map[string]any{"groups": []string{"status-admins"}}}
	if r := a.signIn(b, idp, user, "/ops"); r.status != http.StatusSeeOther {
		t.Fatalf("callback = %d (%s), want 303", r.status, r.body)
	}
	if r := b.get(a.server.URL + "/ops"); r.status != http.StatusForbidden {
		t.Errorf("GET /ops = %d (%s), want 403", r.status, r.body)
	}
}
