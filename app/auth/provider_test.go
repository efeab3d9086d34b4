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

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"statusdash/app/cache"
)

// claimsUser is a person whose ID token and userinfo answer carry any
// claims, to play providers that name and place groups differently.
type claimsUser struct {
	subject  string
	idToken  map[string]any
	userinfo map[string]any
}

func (u claimsUser) ID() string { return u.subject }

func (u claimsUser) Userinfo([]string) ([]byte, error) {
	answer := map[string]any{"sub": u.subject}
	maps.Copy(answer, u.userinfo)
	return json.Marshal(answer)
}

func (u claimsUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return extraClaims{IDTokenClaims: base, extra: u.idToken}, nil
}

// extraClaims adds arbitrary claims to the standard ones.
type extraClaims struct {
	*mockoidc.IDTokenClaims
	extra map[string]any
}

func (c extraClaims) MarshalJSON() ([]byte, error) {
	raw, err := json.Marshal(c.IDTokenClaims)
	if err != nil {
		return nil, err
	}
	var all map[string]any
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	maps.Copy(all, c.extra)
	return json.Marshal(all)
}

// rewriteResponse lets a test change what one provider endpoint answers.
func rewriteResponse(suffix string, change func(t *testing.T, body map[string]any)) idpOption {
	return func(t *testing.T, idp *mockoidc.MockOIDC) {
		err := idp.AddMiddleware(func(next http.Handler) http.Handler {
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
		})
		if err != nil {
			t.Fatalf("AddMiddleware: %v", err)
		}
	}
}

// onlyBasicAuth plays a token endpoint that accepts the client secret only
// in an HTTP Basic header (mockoidc itself reads only the form body).
func onlyBasicAuth(requests *atomic.Int64) idpOption {
	return func(t *testing.T, idp *mockoidc.MockOIDC) {
		err := idp.AddMiddleware(func(next http.Handler) http.Handler {
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
		if err != nil {
			t.Fatalf("AddMiddleware: %v", err)
		}
	}
}

func countTokenRequests(requests *atomic.Int64) idpOption {
	return func(t *testing.T, idp *mockoidc.MockOIDC) {
		err := idp.AddMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/token") {
					requests.Add(1)
				}
				next.ServeHTTP(w, r)
			})
		})
		if err != nil {
			t.Fatalf("AddMiddleware: %v", err)
		}
	}
}

func authMethods(methods ...string) idpOption {
	return rewriteResponse("/.well-known/openid-configuration", func(_ *testing.T, body map[string]any) {
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
			idp := startIDP(t, authMethods(tt.methods...), option)
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
	promisesIss := rewriteResponse("/.well-known/openid-configuration", func(_ *testing.T, body map[string]any) {
		body["authorization_response_iss_parameter_supported"] = true
	})
	tests := []struct {
		name    string
		options []idpOption
		iss     func(idp *mockoidc.MockOIDC) string // "" leaves the parameter out
		want    int
	}{
		{"iss of our provider", nil, func(idp *mockoidc.MockOIDC) string { return idp.Issuer() }, http.StatusSeeOther},
		{"no iss from a provider that does not send it", nil, nil, http.StatusSeeOther},
		{"iss of another provider", nil, func(*mockoidc.MockOIDC) string { return "https://evil.example.org/realms/x" }, http.StatusBadRequest},
		{"iss promised and sent", []idpOption{promisesIss}, func(idp *mockoidc.MockOIDC) string { return idp.Issuer() }, http.StatusSeeOther},
		{"iss promised but missing", []idpOption{promisesIss}, nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := startIDP(t, tt.options...)
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
	breakSignature := rewriteResponse("/token", func(t *testing.T, body map[string]any) {
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
	changeSubject := rewriteResponse("/token", func(t *testing.T, body map[string]any) {
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
		options []idpOption
		later   time.Duration // how far the app's clock runs ahead before the callback
		mention string
	}{
		{"expired", nil, 2 * time.Hour, "expired"},
		{"signature broken", []idpOption{breakSignature}, 0, "signature"},
		{"payload changed after signing", []idpOption{changeSubject}, 0, "signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := startIDP(t, tt.options...)
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
		user     claimsUser
		wantRole string // "" for a 403
	}{
		{"Keycloak groups with paths", "groups", claimsUser{subject: "k-1",
			idToken: map[string]any{"groups": []string{"/ops"}, "email": "k@example.org"}}, "operator"},
		{"Azure AD roles claim", "roles", claimsUser{subject: "a-1",
			idToken: map[string]any{"roles": []string{"status-admins"}, "groups": []string{"ops"}, "preferred_username": "a@example.org"}}, "admin"},
		{"Azure AD group overage (claim absent)", "groups", claimsUser{subject: "a-2",
			idToken: map[string]any{"email": "a2@example.org", "_claim_names": map[string]any{"groups": "src1"},
				"_claim_sources": map[string]any{"src1": map[string]any{"endpoint": "https://graph.example.org/getMemberObjects"}}}}, ""},
		{"Keycloak realm roles, nested", "realm_access.roles", claimsUser{subject: "k-2",
			idToken: map[string]any{"realm_access": map[string]any{"roles": []string{"ops", "offline_access"}}}}, "operator"},
		{"claim name with dots, exact", "https://example.org/groups", claimsUser{subject: "o-1",
			idToken: map[string]any{"https://example.org/groups": []string{"ops"}}}, "operator"},
		{"groups only in userinfo", "groups", claimsUser{subject: "u-1",
			idToken:  map[string]any{"name": "Uma"},
			userinfo: map[string]any{"groups": []string{"status-admins"}, "email": "uma@example.org"}}, "admin"},
		{"Google: no groups anywhere", "groups", claimsUser{subject: "g-1",
			idToken: map[string]any{"email": "g@example.org", "email_verified": true}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := startIDP(t)
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
	swapSubject := rewriteResponse("/userinfo", func(_ *testing.T, body map[string]any) {
		body["sub"] = "someone-else"
	})
	idp := startIDP(t, swapSubject)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(idp.Issuer()), memory)
	b := newBrowser(t)
	user := claimsUser{subject: "u-2", userinfo: map[string]any{"groups": []string{"status-admins"}}}
	if r := a.signIn(b, idp, user, "/ops"); r.status != http.StatusSeeOther {
		t.Fatalf("callback = %d (%s), want 303", r.status, r.body)
	}
	if r := b.get(a.server.URL + "/ops"); r.status != http.StatusForbidden {
		t.Errorf("GET /ops = %d (%s), want 403", r.status, r.body)
	}
}
