// Package oidctest runs a real OpenID Connect provider over HTTP for tests
// (github.com/oauth2-proxy/mockoidc on loopback), with the people it signs
// in, tokens signed by its key or by a key it does not publish, and a switch
// that makes it hang as a provider under an outage does. Every test that
// needs a provider uses it, instead of setting mockoidc up on its own.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// The client statusdash is registered as, unless an Option changes it.
const (
	ClientID     = "statusdash"
	ClientSecret = "test-secret"
)

// Endpoint paths, for Provider.Requests.
const (
	DiscoveryPath = mockoidc.DiscoveryEndpoint
	KeysPath      = mockoidc.JWKSEndpoint
	TokenPath     = mockoidc.TokenEndpoint
)

// Provider is a running mockoidc provider.
type Provider struct {
	*mockoidc.MockOIDC

	mu       sync.Mutex
	release  chan struct{} // non-nil while hanging; closed by Release
	requests map[string]int

	forgerOnce sync.Once
	forger     *rsa.PrivateKey
	forgerErr  error
}

// Option changes the provider before it starts.
type Option func(t testing.TB, idp *mockoidc.MockOIDC)

// Middleware wraps every endpoint of the provider, to change what it
// receives or answers.
func Middleware(middleware func(http.Handler) http.Handler) Option {
	return func(t testing.TB, idp *mockoidc.MockOIDC) {
		t.Helper()
		if err := idp.AddMiddleware(middleware); err != nil {
			t.Fatalf("oidctest: add middleware: %v", err)
		}
	}
}

// Client registers another client id and secret at the provider.
func Client(id, secret string) Option {
	return func(_ testing.TB, idp *mockoidc.MockOIDC) {
		idp.ClientID, idp.ClientSecret = id, secret
	}
}

// Start runs a provider on a free loopback port until the test ends.
func Start(t testing.TB, options ...Option) *Provider {
	t.Helper()
	idp, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatalf("oidctest: mockoidc.NewServer: %v", err)
	}
	idp.ClientID, idp.ClientSecret = ClientID, ClientSecret
	p := &Provider{MockOIDC: idp, requests: map[string]int{}}
	// Outermost, so a hanging provider hangs before any other middleware runs.
	Middleware(p.observe)(t, idp)
	for _, option := range options {
		option(t, idp)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("oidctest: listen: %v", err)
	}
	if err := idp.Start(listener, nil); err != nil {
		t.Fatalf("oidctest: start provider: %v", err)
	}
	t.Cleanup(func() {
		p.Release()
		_ = idp.Shutdown()
	})
	return p
}

// observe counts the requests per path and holds them while the provider hangs.
func (p *Provider) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests[r.URL.Path]++
		release := p.release
		p.mu.Unlock()
		if release != nil {
			select {
			case <-release:
			case <-r.Context().Done(): // the client gave up
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Hang makes every request from now on wait, without an answer, until
// Release or until its client gives up, as a provider under an outage does.
func (p *Provider) Hang() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.release == nil {
		p.release = make(chan struct{})
	}
}

// Release lets the waiting requests and every later one through.
func (p *Provider) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.release != nil {
		close(p.release)
		p.release = nil
	}
}

// Requests is how many requests reached path (DiscoveryPath, KeysPath, ...),
// answered or still waiting.
func (p *Provider) Requests(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[path]
}

// SignToken signs claims with the provider's key, as it signs the access
// tokens it issues; iss, iat and exp (an hour) are filled in unless given,
// and a claim given as nil is left out.
func (p *Provider) SignToken(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	token, err := p.Keypair.SignJWT(p.withDefaults(claims))
	if err != nil {
		t.Fatalf("oidctest: sign token: %v", err)
	}
	return token
}

// ForgeToken signs claims as SignToken does, but with a key the provider
// does not publish, under the key id keyID, as a forger would.
func (p *Provider) ForgeToken(t testing.TB, keyID string, claims jwt.MapClaims) string {
	t.Helper()
	p.forgerOnce.Do(func() { p.forger, p.forgerErr = rsa.GenerateKey(rand.Reader, 2048) })
	if p.forgerErr != nil {
		t.Fatalf("oidctest: forger's key: %v", p.forgerErr)
	}
	keypair := &mockoidc.Keypair{PrivateKey: p.forger, PublicKey: &p.forger.PublicKey, Kid: keyID}
	token, err := keypair.SignJWT(p.withDefaults(claims))
	if err != nil {
		t.Fatalf("oidctest: forge token: %v", err)
	}
	return token
}

func (p *Provider) withDefaults(claims jwt.MapClaims) jwt.MapClaims {
	now := time.Now()
	all := jwt.MapClaims{"iss": p.Issuer(), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	maps.Copy(all, claims)
	maps.DeleteFunc(all, func(_ string, value any) bool { return value == nil })
	return all
}

// User is a person at the provider. Name, Email and Groups go into the ID
// token when set (Groups as given: a list, or a single string as some
// providers send); ExtraClaims adds or replaces ID token claims,
// ExtraUserinfo adds to the userinfo answer (which always holds sub, and
// name and email when set).
type User struct {
	Subject       string
	Name          string
	Email         string
	Groups        any
	ExtraClaims   map[string]any
	ExtraUserinfo map[string]any
}

var _ mockoidc.User = User{}

// ID is the subject.
func (u User) ID() string { return u.Subject }

// Userinfo is the answer of the userinfo endpoint.
func (u User) Userinfo([]string) ([]byte, error) {
	answer := map[string]any{"sub": u.Subject}
	if u.Name != "" {
		answer["name"] = u.Name
	}
	if u.Email != "" {
		answer["email"] = u.Email
	}
	maps.Copy(answer, u.ExtraUserinfo)
	return json.Marshal(answer)
}

// Claims are the ID token's claims whatever the scope, as Keycloak's group
// mapper sends them.
func (u User) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	extra := map[string]any{}
	if u.Name != "" {
		extra["name"] = u.Name
	}
	if u.Email != "" {
		extra["email"] = u.Email
	}
	if u.Groups != nil {
		extra["groups"] = u.Groups
	}
	maps.Copy(extra, u.ExtraClaims)
	return extraClaims{IDTokenClaims: base, extra: extra}, nil
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

// AnswerAll makes n calls at once, call(0) to call(n-1), and returns their
// answers in order. It fails the test when they have not all answered
// within bound: tests choose a bound far above the expected time, to prove
// that requests answer rather than hang or wait in line for each other.
func AnswerAll[T any](t testing.TB, n int, bound time.Duration, call func(i int) T) []T {
	t.Helper()
	answers := make([]T, n)
	var calls sync.WaitGroup
	for i := range n {
		calls.Go(func() { answers[i] = call(i) })
	}
	done := make(chan struct{})
	go func() {
		calls.Wait()
		close(done)
	}()
	select {
	case <-done:
		return answers
	case <-time.After(bound):
		t.Fatalf("%d concurrent calls did not all answer within %s", n, bound)
		return nil
	}
}
