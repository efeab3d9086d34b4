package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"statusdash/app/cache"
	"statusdash/app/redirect"
)

const restartHint = " Start again from the sign-in page."

// Callback (GET /auth/callback) finishes the sign-in: it checks state (once
// only), exchanges the code with the PKCE verifier, verifies the ID token
// and its nonce, then starts a fresh session. Every refusal is a 4xx and
// creates no session.
func (a *Auth) Callback(c echo.Context) error {
	if !a.Enabled() {
		return echo.NewHTTPError(http.StatusNotFound, NotEnabledMessage)
	}
	ctx := c.Request().Context()
	pending, err := a.takeLoginState(c)
	if err != nil {
		return err
	}
	query := c.Request().URL.Query()
	if !equalTokens(query.Get("state"), pending.State) {
		return echo.NewHTTPError(http.StatusBadRequest, "The sign-in answer does not match the sign-in this browser started (state)."+restartHint)
	}
	idp, err := a.provider.discover(ctx)
	if err != nil {
		return a.unreachable(c, restartHint)
	}
	if err := checkResponseIssuer(query, idp); err != nil {
		a.logger.Warn("auth: authorization response refused", "error", err)
		return echo.NewHTTPError(http.StatusBadRequest, "The sign-in answer "+err.Error()+"."+restartHint)
	}
	if code := query.Get("error"); code != "" {
		return echo.NewHTTPError(http.StatusForbidden, "The sign-in provider refused: "+
			clip(code+" "+query.Get("error_description"), 300)+"."+restartHint)
	}
	code := query.Get("code")
	if code == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "The sign-in answer has no authorization code."+restartHint)
	}
	token, err := a.exchange(ctx, idp, code, pending.Verifier)
	if err != nil {
		var refused *oauth2.RetrieveError
		if errors.As(err, &refused) {
			a.logger.Warn("auth: code exchange refused", "error", refused.ErrorCode, "description", refused.ErrorDescription)
			return echo.NewHTTPError(http.StatusBadRequest, "The sign-in provider refused the authorization code."+restartHint)
		}
		a.logger.Error("auth: code exchange failed", "error", err)
		return a.unreachable(c, restartHint)
	}
	user, err := a.verifiedUser(ctx, idp, token, pending.Nonce)
	if err != nil {
		a.logger.Warn("auth: ID token refused", "error", err)
		return echo.NewHTTPError(http.StatusForbidden, "The identity token was refused: "+err.Error()+"."+restartHint)
	}
	if old, ok := SessionFrom(c); ok {
		_ = a.sessions.delete(ctx, old.id) // a new id at every sign-in stops session fixation
	}
	session, err := a.sessions.create(ctx, user, a.now())
	if err != nil {
		return a.sessionsUnavailable(c, "create session", err)
	}
	c.Set(contextKey, session)
	c.SetCookie(a.cookie(SessionCookie, session.id, a.cfg.SessionMaxAge))
	a.logger.Info("auth: signed in", "subject", user.Subject, "email", user.Email, "role", string(user.Role))
	return redirect.SeeOther(c, pending.Next)
}

// exchange trades the authorization code for tokens, within SDB_OIDC_TIMEOUT.
func (a *Auth) exchange(ctx context.Context, idp *discovered, code, verifier string) (*oauth2.Token, error) {
	ctx, cancel := a.provider.bounded(ctx)
	defer cancel()
	return idp.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
}

// takeLoginState reads and consumes the pending sign-in named by the login
// cookie; an Incr on a claim key makes it single-use even when two callbacks
// race on several processes.
func (a *Auth) takeLoginState(c echo.Context) (loginState, error) {
	ctx := c.Request().Context()
	expired := echo.NewHTTPError(http.StatusBadRequest,
		"This sign-in has expired, was already used, or was started in another browser."+restartHint)
	cookie, err := c.Cookie(loginCookie)
	if err != nil || !validToken(cookie.Value) {
		return loginState{}, expired
	}
	c.SetCookie(a.clearCookie(loginCookie))
	key := cacheKey(loginKeyPrefix, cookie.Value)
	raw, err := a.sessions.cache.Get(ctx, key)
	if errors.Is(err, cache.ErrMiss) {
		return loginState{}, expired
	}
	if err != nil {
		return loginState{}, a.sessionsUnavailable(c, "read sign-in state", err)
	}
	claims, err := a.sessions.cache.Incr(ctx, cacheKey(loginUsedPrefix, cookie.Value), loginTTL)
	if err != nil || claims != 1 {
		return loginState{}, expired
	}
	if err := a.sessions.cache.Delete(ctx, key); err != nil {
		a.logger.Warn("auth: delete used sign-in state", "error", err)
	}
	var pending loginState
	if err := json.Unmarshal(raw, &pending); err != nil {
		return loginState{}, expired
	}
	return pending, nil
}

// checkResponseIssuer applies RFC 9207: an iss parameter in the
// authorization response must name our provider (a mix-up attack sends
// another provider's code here), and must be there when the provider says
// it always sends one. Providers that send none are fine otherwise.
func checkResponseIssuer(query url.Values, idp *discovered) error {
	iss, present := query["iss"]
	switch {
	case !present && idp.requireIss:
		return errors.New("does not name its issuer (iss), which this provider always sends")
	case present && (len(iss) != 1 || iss[0] != idp.issuer):
		return errors.New("comes from another issuer (iss) than SDB_OIDC_ISSUER_URL")
	}
	return nil
}

// verifiedUser checks the ID token (signature, issuer, audience, expiry) and
// its nonce, and reads the person and their role from its claims. When the
// ID token lacks the groups claim (Azure AD, Keycloak mappers set to
// userinfo only) or an email, the userinfo endpoint is asked as well.
func (a *Auth) verifiedUser(ctx context.Context, idp *discovered, token *oauth2.Token, nonce string) (User, error) {
	rawIDToken, ok := token.Extra("id_token").(string)
	if !ok || rawIDToken == "" {
		return User{}, errors.New("the provider sent no ID token")
	}
	verifier := idp.verifier(&oidc.Config{ClientID: a.cfg.OIDCClientID, Now: a.now})
	idToken, err := verifier.Verify(ctx, rawIDToken) // a key fetch it needs ends within SDB_OIDC_TIMEOUT
	if err != nil {
		return User{}, err
	}
	if !equalTokens(idToken.Nonce, nonce) {
		return User{}, errors.New("its nonce does not match this sign-in")
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		return User{}, err
	}
	groupsClaim, found := lookupClaim(claims, a.cfg.OIDCGroupsClaim)
	if !found || claims["email"] == nil {
		if extra := a.userinfoClaims(ctx, idp, token, idToken.Subject); extra != nil {
			if !found {
				groupsClaim, _ = lookupClaim(extra, a.cfg.OIDCGroupsClaim)
			}
			for _, name := range []string{"name", "preferred_username", "email"} {
				if claims[name] == nil {
					claims[name] = extra[name]
				}
			}
		}
	}
	text := func(name string) string {
		value, _ := claims[name].(string)
		return clip(value, 200)
	}
	groups := GroupsFromClaim(groupsClaim)
	name := text("name")
	if name == "" {
		name = text("preferred_username")
	}
	return User{
		Subject: idToken.Subject,
		Name:    name,
		Email:   text("email"),
		Groups:  groups,
		Role:    RoleForGroups(groups, a.cfg.OIDCOperatorGroups, a.cfg.OIDCAdminGroups),
	}, nil
}

// userinfoClaims asks the userinfo endpoint about the person; it answers
// nil when the provider has none, fails, or describes another subject.
func (a *Auth) userinfoClaims(ctx context.Context, idp *discovered, token *oauth2.Token, subject string) map[string]any {
	if idp.provider.UserInfoEndpoint() == "" || token.AccessToken == "" {
		return nil
	}
	ctx, cancel := a.provider.bounded(ctx)
	defer cancel()
	info, err := idp.provider.UserInfo(ctx, oauth2.StaticTokenSource(token))
	if err != nil {
		a.logger.Warn("auth: userinfo request failed; using the ID token's claims only", "error", err)
		return nil
	}
	if info.Subject != subject {
		a.logger.Warn("auth: userinfo describes another subject; ignored")
		return nil
	}
	var claims map[string]any
	if err := info.Claims(&claims); err != nil {
		return nil
	}
	return claims
}

// lookupClaim finds a claim by its exact name, else by a dotted path into
// nested objects (Keycloak's "realm_access.roles").
func lookupClaim(claims map[string]any, name string) (any, bool) {
	if value, ok := claims[name]; ok && value != nil {
		return value, true
	}
	var current any = claims
	for _, part := range strings.Split(name, ".") {
		object, ok := current.(map[string]any)
		if !ok {
			return nil, false
		}
		if current, ok = object[part]; !ok || current == nil {
			return nil, false
		}
	}
	return current, true
}

func clip(s string, limit int) string {
	s = strings.ToValidUTF8(strings.TrimSpace(s), "")
	if runes := []rune(s); len(runes) > limit {
		return string(runes[:limit])
	}
	return s
}
