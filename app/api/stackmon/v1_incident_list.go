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
		return writeV1Incidents(ctx, w, indent, a.store.StreamEvents, a.streamChunk)
	})
}

// eventSource yields every event, newest start first, in chunks of at most
// size: store.Storage.StreamEvents.
type eventSource func(ctx context.Context, size int, yield func([]*model.Event) error) error

// writeV1Incidents writes the list as events yields it, a chunk at a time:
// each chunk is written before the next is read.
func writeV1Incidents(ctx context.Context, w io.Writer, indent string, events eventSource, chunk int) error {
	j := newJSONWriter(w, indent)
	list, err := j.openArray("")
	if err != nil {
		return err
	}
	err = events(ctx, chunk, func(events []*model.Event) error {
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
