package stackmon

import (
	"context"
	"io"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
)

// listV1Incidents answers GET incidents: every event, newest start first;
// cached per data version unless indented (?pretty).
func (a *API) listV1Incidents(c echo.Context) error {
	indent := indentOf(c)
	key := v1IncidentsKey
	if indent != "" {
		key = ""
	}
	return a.serveDocument(c, key, func(ctx context.Context, w io.Writer) error {
		return a.writeV1Incidents(ctx, w, indent)
	})
}

// writeV1Incidents streams the list from the store a chunk at a time.
func (a *API) writeV1Incidents(ctx context.Context, w io.Writer, indent string) error {
	j := newJSONWriter(w, indent)
	list, err := j.openArray("")
	if err != nil {
		return err
	}
	err = a.store.StreamEvents(ctx, a.streamChunk, func(events []*model.Event) error {
		for _, e := range events {
			if err := list.element(v1IncidentJSON(e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := list.close(); err != nil {
		return err
	}
	return j.end()
}
