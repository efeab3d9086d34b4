package stackmon

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"
)

// showV2Availability answers GET /v2/availability: every component's last
// twelve months, newest first, from its status timeline (store.ReadAvailability),
// from the cache: the months change with the clock, so it is rebuilt once per
// timeBucket too.
func (a *API) showV2Availability(c echo.Context) error {
	return a.serveEncoded(c, answer{pages: a.pages, key: V2Prefix + "/availability", clocked: true,
		build: func(ctx context.Context, now time.Time) (any, error) {
			report, err := a.store.ReadAvailability(ctx, now)
			if err != nil {
				return nil, err
			}
			return v2AvailabilityJSON(report), nil
		}})
}
