package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
)

// CSRFToken returns the token forms must send back in the csrf_token field:
// the session's own token when signed in, else an HMAC of a random cookie
// (signed double-submit) that it sets on first use.
func (a *Auth) CSRFToken(c echo.Context) string {
	if session, ok := SessionFrom(c); ok {
		return session.CSRFToken
	}
	secret := ""
	if cookie, err := c.Cookie(anonCSRFCookie); err == nil && validToken(cookie.Value) {
		secret = cookie.Value
	}
	if secret == "" {
		if v, ok := c.Get(anonCSRFCookie).(string); ok {
			secret = v // already set on this response
		}
	}
	if secret == "" {
		var err error
		if secret, err = randomToken(); err != nil {
			return ""
		}
		c.Set(anonCSRFCookie, secret)
		c.SetCookie(a.cookie(anonCSRFCookie, secret, 0))
	}
	return a.anonymousToken(secret)
}

// CSRFField is the hidden input every POST form includes.
func (a *Auth) CSRFField(c echo.Context) template.HTML {
	return template.HTML(`<input type="hidden" name="` + CSRFFieldName + `" value="` +
		template.HTMLEscapeString(a.CSRFToken(c)) + `">`)
}

func (a *Auth) anonymousToken(secret string) string {
	mac := hmac.New(sha256.New, a.csrfKey)
	mac.Write([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// validCSRF checks the submitted token against the session's, or for an
// anonymous browser against its double-submit cookie.
func (a *Auth) validCSRF(c echo.Context) bool {
	submitted := c.Request().Header.Get(csrfHeaderName)
	if submitted == "" {
		submitted = c.FormValue(CSRFFieldName)
	}
	if submitted == "" {
		return false
	}
	if session, ok := SessionFrom(c); ok {
		return equalTokens(submitted, session.CSRFToken)
	}
	cookie, err := c.Cookie(anonCSRFCookie)
	if err != nil || !validToken(cookie.Value) {
		return false
	}
	return equalTokens(submitted, a.anonymousToken(cookie.Value))
}

func equalTokens(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// CSRF refuses state-changing requests (anything but GET, HEAD, OPTIONS,
// TRACE) without a valid token, with 403 and before any handler runs. It
// must come after LoadSession. Requests carrying an Authorization header and
// no session cookie are API calls, not browser forms, and pass.
func (a *Auth) CSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		if a.apiRequest(c) {
			return next(c)
		}
		if !a.validCSRF(c) {
			return echo.NewHTTPError(http.StatusForbidden,
				"The form's security token is missing or out of date. Go back, reload the page and try again.")
		}
		return next(c)
	}
}

func (a *Auth) apiRequest(c echo.Context) bool {
	if c.Request().Header.Get(echo.HeaderAuthorization) == "" {
		return false
	}
	_, err := c.Cookie(SessionCookie)
	return err != nil
}
