package stackmon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// showV2Event answers GET /v2/events/{id} from the cache of answers keyed
// by id; an unknown id is 404, not cached.
func (a *API) showV2Event(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "event")
	if err != nil {
		return err
	}
	return a.serveEncoded(c, answer{pages: a.lookups, key: V2Prefix + "/events/" + strconv.FormatUint(uint64(id), 10),
		build: func(ctx context.Context, _ time.Time) (any, error) {
			e, err := a.store.ReadEvent(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				return nil, eventNotFound(id)
			}
			if err != nil {
				return nil, err
			}
			return v2EventJSON(e), nil
		}})
}

// event reads the event named by the path's id; unknown is 404.
func (a *API) event(c echo.Context) (*model.Event, error) {
	id, err := pathID(c, v2Family, "id", "event")
	if err != nil {
		return nil, err
	}
	e, err := a.store.ReadEvent(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, eventNotFound(id)
	}
	return e, err
}

func eventNotFound(id uint) error {
	return v2Family.fail(http.StatusNotFound, fmt.Sprintf("event %d does not exist", id))
}
