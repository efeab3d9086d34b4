package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"

	"statusdash/app/config"
)

// discoveryRetryInterval is how long a failed discovery is remembered:
// requests meanwhile get its error at once instead of each waiting on a
// provider that does not answer.
const discoveryRetryInterval = 10 * time.Second

var (
	// errNotConfigured is returned while SDB_OIDC_ISSUER_URL is empty.
	errNotConfigured = errors.New("auth: OpenID Connect is not configured (SDB_OIDC_ISSUER_URL is empty)")
	// ErrProviderUnreachable wraps every failure to discover the provider.
	ErrProviderUnreachable = errors.New("auth: the OpenID Connect provider cannot be reached")
)

// Provider is the OpenID Connect provider at SDB_OIDC_ISSUER_URL, shared by
// every request of a process: it is discovered on first use, by one request
// for all that arrive meanwhile, and kept; a failure is remembered for
// discoveryRetryInterval. Every request to it has the SDB_OIDC_TIMEOUT
// deadline, and its keys are cached (keySet).
type Provider struct {
	cfg    config.Config
	client *http.Client
	logger *slog.Logger
	flight singleflight.Group

	mu       sync.Mutex
	found    *discovered
	failure  error
	failedAt time.Time
}

// NewProvider prepares the provider of cfg; nothing is fetched yet.
func NewProvider(cfg config.Config, logger *slog.Logger) *Provider {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.OIDCTimeout <= 0 {
		cfg.OIDCTimeout = config.Defaults().OIDCTimeout
	}
	return &Provider{cfg: cfg, client: &http.Client{Timeout: cfg.OIDCTimeout}, logger: logger}
}

// discovered is what the provider's discovery document told us, kept for
// the life of the process.
type discovered struct {
	provider *oidc.Provider
	keys     *keySet
	// algorithms are the signing algorithms the provider announces that go-oidc verifies.
	algorithms []string
	// oauth is kept, not rebuilt per request, so oauth2 remembers which
	// client authentication the token endpoint accepted.
	oauth *oauth2.Config
	// issuer is the provider's issuer identifier (RFC 9207 iss checks).
	issuer string
	// requireIss is true when the provider promises an iss parameter in
	// every authorization response (RFC 9207).
	requireIss bool
}

// providerMetadata are the optional discovery fields sign-in uses.
type providerMetadata struct {
	Issuer                     string   `json:"issuer"`
	JWKSURL                    string   `json:"jwks_uri"`
	SigningAlgorithms          []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported            []string `json:"scopes_supported"`
	TokenEndpointAuthMethods   []string `json:"token_endpoint_auth_methods_supported"`
	AuthorizationResponseIssue bool     `json:"authorization_response_iss_parameter_supported"`
}

// Verifier checks tokens signed by the provider with its cached keys;
// config is go-oidc's (client id, clock). It answers an error wrapping
// ErrProviderUnreachable when the provider cannot be discovered.
func (p *Provider) Verifier(ctx context.Context, config *oidc.Config) (*oidc.IDTokenVerifier, error) {
	found, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	return found.verifier(config), nil
}

// verifier checks tokens against the provider's key set, with the
// algorithms it announces unless config names some.
func (d *discovered) verifier(config *oidc.Config) *oidc.IDTokenVerifier {
	withAlgorithms := *config
	if len(withAlgorithms.SupportedSigningAlgs) == 0 {
		withAlgorithms.SupportedSigningAlgs = d.algorithms
	}
	return oidc.NewVerifier(d.issuer, d.keys, &withAlgorithms)
}

// discover returns the provider, discovered once. Concurrent callers share
// one discovery, each waiting at most until its own context ends; the
// discovery itself ends within the timeout.
func (p *Provider) discover(ctx context.Context) (*discovered, error) {
	if !p.cfg.OIDCEnabled() {
		return nil, errNotConfigured
	}
	if found, known, err := p.known(); known {
		return found, err
	}
	answer := p.flight.DoChan("discover", func() (any, error) {
		// A caller that arrives as the previous discovery ends finds its result here.
		if found, known, err := p.known(); known {
			return found, err
		}
		// Not the first caller's context: its end must not fail the others.
		discoverCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.cfg.OIDCTimeout)
		defer cancel()
		found, err := p.fetch(discoverCtx)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			p.failure, p.failedAt = err, time.Now()
			p.logger.Warn("auth: OpenID Connect discovery failed; retrying in "+discoveryRetryInterval.String(), "error", err)
			return nil, err
		}
		p.found, p.failure = found, nil
		return found, nil
	})
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: discovery at SDB_OIDC_ISSUER_URL %q: %w", ErrProviderUnreachable, p.cfg.OIDCIssuerURL, ctx.Err())
	case result := <-answer:
		if result.Err != nil {
			return nil, result.Err
		}
		return result.Val.(*discovered), nil
	}
}

// known answers the discovered provider, or a failure younger than
// discoveryRetryInterval; known is false when a discovery should be tried.
func (p *Provider) known() (found *discovered, known bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.found != nil:
		return p.found, true, nil
	case p.failure != nil && time.Since(p.failedAt) < discoveryRetryInterval:
		return nil, true, p.failure
	}
	return nil, false, nil
}

// fetch reads the discovery document.
func (p *Provider) fetch(ctx context.Context) (*discovered, error) {
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, p.client), p.cfg.OIDCIssuerURL)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery at SDB_OIDC_ISSUER_URL %q: %w", ErrProviderUnreachable, p.cfg.OIDCIssuerURL, err)
	}
	var metadata providerMetadata
	_ = provider.Claims(&metadata) // optional metadata; missing fields keep the defaults
	scopes := []string{oidc.ScopeOpenID, "profile", "email"}
	// Dex needs the groups scope; Keycloak refuses scopes it does not list.
	if slices.Contains(metadata.ScopesSupported, "groups") {
		scopes = append(scopes, "groups")
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = authStyle(metadata.TokenEndpointAuthMethods)
	issuer := metadata.Issuer
	if issuer == "" {
		issuer = p.cfg.OIDCIssuerURL // go-oidc already checked they are equal
	}
	var algorithms []string
	for _, algorithm := range metadata.SigningAlgorithms {
		if slices.Contains(signingAlgorithms(), jose.SignatureAlgorithm(algorithm)) {
			algorithms = append(algorithms, algorithm)
		}
	}
	return &discovered{
		provider:   provider,
		keys:       newKeySet(metadata.JWKSURL, p.client, p.cfg.OIDCTimeout),
		algorithms: algorithms,
		oauth: &oauth2.Config{
			ClientID:     p.cfg.OIDCClientID,
			ClientSecret: p.cfg.OIDCClientSecret,
			RedirectURL:  p.cfg.OIDCRedirectURL,
			Endpoint:     endpoint,
			Scopes:       scopes,
		},
		issuer:     issuer,
		requireIss: metadata.AuthorizationResponseIssue,
	}, nil
}

// authStyle sends the client secret the one way a provider accepts when it
// lists only one; otherwise oauth2 tries HTTP Basic, then the form body.
func authStyle(methods []string) oauth2.AuthStyle {
	basic := slices.Contains(methods, "client_secret_basic")
	post := slices.Contains(methods, "client_secret_post")
	switch {
	case basic && !post:
		return oauth2.AuthStyleInHeader
	case post && !basic:
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleAutoDetect
}

// bounded gives a request to the provider the SDB_OIDC_TIMEOUT deadline and
// makes go-oidc and oauth2 send it with the provider's client.
func (p *Provider) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.OIDCTimeout)
	ctx = oidc.ClientContext(ctx, p.client)
	return context.WithValue(ctx, oauth2.HTTPClient, p.client), cancel
}

// deriveKey gives each use of the secret key its own key.
func deriveKey(secret, purpose string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(purpose))
	return mac.Sum(nil)
}
