package stackmon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV2Components answers GET /v2/components from the cache.
func (a *API) listV2Components(c echo.Context) error {
	return a.serveEncoded(c, answer{pages: a.pages, key: V2Prefix + "/components",
		build: func(ctx context.Context, _ time.Time) (any, error) {
			components, err := a.store.ComponentsWithServiceRegion(ctx)
			if err != nil {
				return nil, err
			}
			list := make(V2ComponentList, 0, len(components))
			for i := range components {
				list = append(list, componentJSON(&components[i]))
			}
			return list, nil
		}})
}

// showV2Component answers GET /v2/components/{id} from the cache of
// answers keyed by id; an unknown id is 404, not cached.
func (a *API) showV2Component(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "component")
	if err != nil {
		return err
	}
	return a.serveEncoded(c, answer{pages: a.lookups, key: V2Prefix + "/components/" + strconv.FormatUint(uint64(id), 10),
		build: func(ctx context.Context, _ time.Time) (any, error) {
			component, err := a.store.ComponentWithServiceRegion(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				return nil, v2Family.fail(http.StatusNotFound, fmt.Sprintf("component %d does not exist", id))
			}
			if err != nil {
				return nil, err
			}
			return componentJSON(component), nil
		}})
}
