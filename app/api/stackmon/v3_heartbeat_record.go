package stackmon

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/store"
)

// maxHeartbeatToken bounds the token in the path; a longer one is unknown.
const maxHeartbeatToken = 256

// unknownHeartbeat answers every token that is no heartbeat check's,
// saying nothing of whether it ever was one.
const unknownHeartbeat = "unknown heartbeat token"

// heartbeatCredential is the rate-limit bucket of one heartbeat token:
// pings count like writes, per token, without any other credential.
const heartbeatCredential apiauth.Kind = "heartbeat"

// v3Heartbeat is the answer to a ping.
type v3Heartbeat struct {
	ReceivedAt string `json:"received_at"`
}

// recordV3Heartbeat answers POST (and GET, HEAD) /api/v3/heartbeats/{token}:
// the token is the secret, so no credential is asked for. 200 with the
// time the ping was recorded; an unknown token is 404, always the same.
func (a *API) recordV3Heartbeat(c echo.Context) error {
	token := c.Param("token")
	if token == "" || len(token) > maxHeartbeatToken {
		return v2Family.fail(http.StatusNotFound, unknownHeartbeat)
	}
	hash := apiauth.HashToken(token)
	req := c.Request()
	if decision := a.limiter.Allow(req.Context(), apiauth.Credential{Kind: heartbeatCredential, Name: "heartbeat", ID: hash}); !decision.Allowed {
		c.Response().Header().Set("Retry-After", strconv.Itoa(decision.RetryAfter))
		return v2Family.fail(http.StatusTooManyRequests, "too many pings: at most "+strconv.Itoa(decision.Limit)+
			" per minute per heartbeat; retry in "+strconv.Itoa(decision.RetryAfter)+" s")
	}
	at := a.now().UTC()
	if _, err := a.store.RecordHeartbeat(req.Context(), hash, at); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return v2Family.fail(http.StatusNotFound, unknownHeartbeat)
		}
		return err
	}
	return c.JSON(http.StatusOK, v3Heartbeat{ReceivedAt: at.Format(time.RFC3339)})
}
