package auth

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"statusdash/app/redirect"
)

// loginState is what a sign-in in progress keeps server-side, under the id
// in the short-lived login cookie.
type loginState struct {
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"`
	Next     string `json:"next"`
}

// Landing is where a sign-in started from /login itself ends: the operators' dashboard.
const Landing = "/manage"

// Login (GET /login?next=/path) starts the authorization code flow with
// PKCE: it keeps state, nonce and verifier server-side and sends the browser
// to the provider. Without next the operator lands on Landing.
func (a *Auth) Login(c echo.Context) error {
	next := c.QueryParam("next")
	if next == "" {
		next = Landing
	}
	next = redirect.Local(next)
	if !a.Enabled() {
		return echo.NewHTTPError(http.StatusNotFound, NotEnabledMessage)
	}
	if user, ok := CurrentUser(c); ok && user.Role != RoleNone {
		return redirect.SeeOther(c, next)
	}
	ctx := c.Request().Context()
	idp, err := a.provider.discover(ctx) // within SDB_OIDC_TIMEOUT; the provider logs its failures
	if err != nil {
		return a.unreachable(c, "")
	}
	state, err1 := randomToken()
	nonce, err2 := randomToken()
	loginID, err3 := randomToken()
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	pending := loginState{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier(), Next: next}
	raw, err := json.Marshal(pending)
	if err != nil {
		return err
	}
	if err := a.sessions.cache.Set(ctx, cacheKey(loginKeyPrefix, loginID), raw, loginTTL); err != nil {
		return a.sessionsUnavailable(c, "keep sign-in state", err)
	}
	c.SetCookie(a.cookie(loginCookie, loginID, loginTTL))
	target := idp.oauth.AuthCodeURL(state,
		oidc.Nonce(nonce), oauth2.S256ChallengeOption(pending.Verifier))
	// The one redirect off this site: to the configured provider, never to input.
	return c.Redirect(http.StatusSeeOther, target)
}
