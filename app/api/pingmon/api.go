// Package pingmon serves the ping monitor's JSON for its existing users:
// every check with its target's host and whether it is up, and the
// downtimes monitoring recorded (store.CheckDowntime). It is public, like
// the other read JSON.
//
// It reads live, under the store's read deadline, instead of caching by
// data version: last_performed moves with every result, and results do not
// move the data version, so a cached copy would be stale at once. Each
// answer is one query over checks and their state rows (one per check) and
// at most one over the downtimes' index; a short max-age lets proxies and
// pollers share answers.
package pingmon

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// MaxAge is how long clients and proxies may keep an answer, in seconds.
const MaxAge = 10

// Deps are what the API needs; the CLI builds them.
type Deps struct {
	Store  *store.Storage
	Logger *slog.Logger
}

// API serves the ping monitor's JSON.
type API struct {
	store  *store.Storage
	logger *slog.Logger
}

// New returns the API. A nil Store is a wiring mistake and panics at start-up.
func New(deps Deps) *API {
	if deps.Store == nil {
		panic("pingmon: a store is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	return &API{store: deps.Store, logger: deps.Logger}
}

// Register adds the four paths, public, to GET and to HEAD.
func (a *API) Register(e *echo.Echo) {
	for path, handler := range map[string]echo.HandlerFunc{
		"/status":                           a.listChecks(false),
		"/status/down":                      a.listChecks(true),
		"/status/service/:domain":           a.showService,
		"/status/service/:domain/incidents": a.listDowntimes,
	} {
		e.GET(path, handler)
		e.HEAD(path, handler)
	}
}

// answer writes the JSON with the caching headers every answer shares.
func answer(c echo.Context, body any) error {
	header := c.Response().Header()
	header.Set("Cache-Control", "public, max-age="+strconv.Itoa(MaxAge))
	header.Set("Access-Control-Allow-Origin", "*")
	return c.JSON(http.StatusOK, body)
}

// failed answers a read error: 503 with Retry-After when the database is
// unavailable, else 500 (logged).
func (a *API) failed(c echo.Context, err error) error {
	if errors.Is(err, store.ErrUnavailable) {
		a.logger.Warn("pingmon: status unavailable", "error", err)
		c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		return c.JSON(http.StatusServiceUnavailable, errorJSON{Error: "status data is unavailable, try again later"})
	}
	a.logger.Error("pingmon: read failed", "error", err)
	return c.JSON(http.StatusInternalServerError, errorJSON{Error: "internal error"})
}
