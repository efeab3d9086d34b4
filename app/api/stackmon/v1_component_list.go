package stackmon

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// v1ComponentFilter is GET component_status's query: name keeps the
// components whose name starts with it; attribute_name with attribute_value
// answers the first component carrying the pair alone.
type v1ComponentFilter struct {
	name, attrName, attrValue string
}

func (f v1ComponentFilter) all() bool { return f.name == "" && f.attrName == "" }

func (f v1ComponentFilter) keeps(component Component) bool {
	return strings.HasPrefix(component.Name, f.name) && (f.attrName == "" || component.hasAttribute(f.attrName, f.attrValue))
}

// listV1Components answers GET component_status: every component with its
// incidents, oldest first; name filters by prefix; attribute_name with
// attribute_value answers the first matching component alone, or 404. The
// full list is cached per data version; a filtered or indented one is built
// per request.
func (a *API) listV1Components(c echo.Context) error {
	filter := v1ComponentFilter{name: c.QueryParam("name"), attrName: c.QueryParam("attribute_name"), attrValue: c.QueryParam("attribute_value")}
	if (filter.attrName == "") != (filter.attrValue == "") {
		return v1Family.fail(http.StatusBadRequest, "attribute_name and attribute_value go together")
	}
	indent := indentOf(c)
	key := v1ComponentsKey
	if indent != "" || !filter.all() {
		key = ""
	}
	return a.serveDocument(c, key, func(ctx context.Context, w io.Writer) error {
		all, err := a.readComponents(ctx)
		if err != nil {
			return err
		}
		return writeV1Components(ctx, w, indent, filter, all, a.store.StreamComponentEvents, a.streamChunk)
	})
}

// componentEventSource yields the events of the components (all when nil)
// ordered by component, oldest first within one, in chunks of at most
// size: store.Storage.StreamComponentEvents.
type componentEventSource func(ctx context.Context, componentIDs []uint, size int, yield func([]store.ComponentEvent) error) error

// writeV1Components writes the components of all (in id order, with
// Service, Category and Region) that the filter keeps, each with its
// incidents, as events yields them: each chunk is written before the next
// is read. Nothing is written before the 404 of a component that does not
// exist.
func writeV1Components(ctx context.Context, w io.Writer, indent string, filter v1ComponentFilter, all []model.Component,
	events componentEventSource, chunk int) error {
	var err error
	var components []Component
	for i := range all {
		component := componentJSON(&all[i])
		if !filter.keeps(component) {
			continue
		}
		components = append(components, component)
		if filter.attrName != "" {
			break
		}
	}
	if filter.attrName != "" && len(components) == 0 {
		return v1Family.fail(http.StatusNotFound, "Component does not exist")
	}
	j := newJSONWriter(w, indent)
	out := &v1ComponentWriter{j: j, components: components}
	if filter.attrName == "" {
		if out.list, err = j.openArray(""); err != nil {
			return err
		}
	}
	// Events of the kept components alone, when they are fewer than all.
	var ids []uint
	if len(components) < len(all) && len(components) <= store.MaxStreamComponents {
		ids = make([]uint, len(components))
		for i, component := range components {
			ids[i] = component.ID
		}
	}
	if len(components) > 0 {
		err = events(ctx, ids, chunk, func(pairs []store.ComponentEvent) error {
			for _, pair := range pairs {
				if err := out.incident(pair); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return out.finish()
}

// v1ComponentWriter writes components, in id order, with their incidents
// as the store yields them ordered by component: a component's object is
// opened when its first event (or a later component's) arrives and its
// incidents written one by one, so no component's list is ever held.
type v1ComponentWriter struct {
	j          *jsonWriter
	list       *jsonArray // nil for the answer of one component alone
	components []Component
	next       int        // index of the next component to open
	open       uint       // id of the component being written
	incidents  *jsonArray // its incidents; nil when none is open
	tail       []byte     // what closes its object after the incidents
}

// incident writes pair's event under its component, when that is kept.
func (w *v1ComponentWriter) incident(pair store.ComponentEvent) error {
	if err := w.moveTo(pair.ComponentID); err != nil {
		return err
	}
	if w.incidents == nil || w.open != pair.ComponentID {
		return nil // a component the filter left out, or created since the list was read
	}
	return w.incidents.element(v1IncidentJSON(pair.Event))
}

// moveTo writes out every component up to id, leaving the last one open.
func (w *v1ComponentWriter) moveTo(id uint) error {
	for w.next < len(w.components) && w.components[w.next].ID <= id {
		if err := w.closeComponent(); err != nil {
			return err
		}
		if err := w.openComponent(w.components[w.next]); err != nil {
			return err
		}
		w.next++
	}
	return nil
}

// openComponent writes the component's object up to its incidents' "[".
func (w *v1ComponentWriter) openComponent(component Component) error {
	prefix := ""
	if w.list != nil {
		if err := w.list.next(); err != nil {
			return err
		}
		prefix = w.list.elementPrefix()
	}
	encoded, err := w.j.encode(prefix, V1Component{Component: component, Incidents: []V1Incident{}})
	if err != nil {
		return err
	}
	head, tail, err := splitAtLastArray(encoded)
	if err != nil {
		return err
	}
	if err := w.j.write(head); err != nil {
		return err
	}
	// The incidents field sits one indent deeper than the object's "{".
	if w.incidents, err = w.j.openArray(prefix + w.j.indent); err != nil {
		return err
	}
	w.open, w.tail = component.ID, tail
	return nil
}

func (w *v1ComponentWriter) closeComponent() error {
	if w.incidents == nil {
		return nil
	}
	if err := w.incidents.close(); err != nil {
		return err
	}
	w.incidents = nil
	return w.j.write(w.tail)
}

// finish writes the components left (those with no events) and ends the document.
func (w *v1ComponentWriter) finish() error {
	if err := w.moveTo(^uint(0)); err != nil {
		return err
	}
	if err := w.closeComponent(); err != nil {
		return err
	}
	if w.list != nil {
		if err := w.list.close(); err != nil {
			return err
		}
	}
	return w.j.end()
}

// readComponents reads the catalog under the store's read deadline, as the
// streamed reads after it do.
func (a *API) readComponents(ctx context.Context) ([]model.Component, error) {
	ctx, cancel := a.store.ReadDeadline(ctx)
	defer cancel()
	return a.store.ComponentsWithServiceRegion(ctx)
}
