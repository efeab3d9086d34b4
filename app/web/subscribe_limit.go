package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// Subscription forms a client address may send per window: enough for a
// person who mistypes, too few to flood strangers with confirmations.
const (
	defaultSubscribeLimit = 5
	subscribeWindow       = 10 * time.Minute
	// subscribeCountTimeout bounds the cache call that counts a form.
	subscribeCountTimeout = 500 * time.Millisecond
)

// limitSubscribe refuses a client address's forms beyond the limit (defaultSubscribeLimit)
// per window with 429, counted in the shared cache (Redis when
// configured) so every process behind a load balancer counts together. The
// address is the connection's peer, or behind SDB_TRUSTED_PROXIES the client
// they name (client_address.go). A cache that cannot count lets the form
// through.
func (s *Server) limitSubscribe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cache == nil {
			return next(c)
		}
		client := c.RealIP()
		now := s.now().UTC()
		window := now.Truncate(subscribeWindow)
		key := fmt.Sprintf("subscribelimit:%s:%d", client, window.Unix())
		ctx, cancel := context.WithTimeout(c.Request().Context(), subscribeCountTimeout)
		count, err := s.cache.Incr(ctx, key, 2*subscribeWindow)
		cancel()
		if err != nil {
			s.logger.Warn("web: the cache cannot count subscription forms; letting this one through", "error", err)
			return next(c)
		}
		if count > int64(s.subscribeLimit) {
			wait := window.Add(subscribeWindow).Sub(now)
			c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, int((wait+time.Second-1)/time.Second))))
			return localizedError(http.StatusTooManyRequests, "subscribe.too_many")
		}
		return next(c)
	}
}
