package stackmon

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/store"
)

// credentialKey is where requireWriter leaves the verified credential.
const credentialKey = "stackmon.credential"

// requireWriter lets a write through only with a valid credential (401
// otherwise; v1 also wants the payload key in a shared-secret JWT), the
// role need (403) and room in the credential's per-minute write budget
// (429 with Retry-After; the shared secret has one budget for all its JWTs).
func (a *API) requireWriter(f family, need auth.Role) echo.MiddlewareFunc {
	return a.requireCredential(f, need, true)
}

// requireReader is requireWriter for a read that shows what only
// credentials may see (check definitions carry headers and bodies): it
// spends nothing of the write budget.
func (a *API) requireReader(f family, need auth.Role) echo.MiddlewareFunc {
	return a.requireCredential(f, need, false)
}

// requireCredential checks the credential and role, and with write its budget.
func (a *API) requireCredential(f family, need auth.Role, write bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			credential, err := a.verifier.Verify(req.Context(), req.Header.Get(echo.HeaderAuthorization))
			switch {
			case errors.Is(err, apiauth.ErrMissing):
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, "Bearer")
				return f.fail(http.StatusUnauthorized, "missing credential: send Authorization: Bearer <token>")
			case errors.Is(err, apiauth.ErrIssuedInFuture):
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer error="invalid_token"`)
				return f.fail(http.StatusUnauthorized, "invalid credential: the token is issued in the future (iat); check the clock of the system that signs it")
			case errors.Is(err, apiauth.ErrInvalid):
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer error="invalid_token"`)
				return f.fail(http.StatusUnauthorized, "invalid credential")
			case err != nil:
				a.logger.Error("stackmon: verify credential", "error", err)
				return f.fail(http.StatusServiceUnavailable, "the credential could not be checked; try again")
			}
			if f == v1Family && !credential.AllowsV1() {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer error="invalid_token"`)
				return f.fail(http.StatusUnauthorized, "invalid credential: the token lacks the "+strconv.Quote(a.config.APIPayloadKey)+" key")
			}
			if !credential.Role.Allows(need) {
				return f.fail(http.StatusForbidden, "the credential "+strconv.Quote(credential.Name)+" may not do this: it needs the "+string(need)+" role")
			}
			// A cache that cannot count lets the write through (logged by the limiter).
			if !write {
				c.Set(credentialKey, credential)
				return next(c)
			}
			if decision := a.limiter.Allow(req.Context(), credential); !decision.Allowed {
				c.Response().Header().Set("Retry-After", strconv.Itoa(decision.RetryAfter))
				return f.fail(http.StatusTooManyRequests, "too many writes: at most "+strconv.Itoa(decision.Limit)+
					" per minute per credential; retry in "+strconv.Itoa(decision.RetryAfter)+" s")
			}
			c.Set(credentialKey, credential)
			return next(c)
		}
	}
}

// actor is the audit actor of the request's verified credential.
func actor(c echo.Context) store.Actor {
	return verifiedCredential(c).Actor()
}

// verifiedCredential is the request's verified credential (zero without one).
func verifiedCredential(c echo.Context) apiauth.Credential {
	verified, _ := c.Get(credentialKey).(apiauth.Credential)
	return verified
}
