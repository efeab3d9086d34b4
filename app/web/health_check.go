package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// readinessTimeout bounds each dependency check of /readyz.
const readinessTimeout = 2 * time.Second

// showHealth says the process is up.
func (s *Server) showHealth(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.String(http.StatusOK, "ok\n")
}

// showReadiness says whether the database and the cache answer: 200, or 503
// naming what does not.
func (s *Server) showReadiness(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	ctx, cancel := context.WithTimeout(c.Request().Context(), readinessTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.logger.Warn("readiness: database", "error", err)
		return c.String(http.StatusServiceUnavailable, "database unreachable\n")
	}
	if s.cache != nil {
		// The cache fails only when it is Redis: sessions and rate limits are out.
		if err := s.cache.Ping(ctx); err != nil {
			s.logger.Warn("readiness: redis", "error", err)
			return c.String(http.StatusServiceUnavailable, "redis unreachable\n")
		}
	}
	return c.String(http.StatusOK, "ready\n")
}
