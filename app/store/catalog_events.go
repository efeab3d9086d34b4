package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"statusdash/app/model"
)

var errBadEvent = errors.New("store: bad event")

// titleKey is what an event's twins share: its type and title.
type titleKey struct {
	eventType model.EventType
	title     string
}

// provisionedEvent is one event as this run leaves it: read from the
// database, or created by the run (ID 0 until inserted). The rules of
// provisioning are applied to these in spec order, exactly as they were
// applied to the rows one statement at a time, and the difference is
// written at the end in batches.
type provisionedEvent struct {
	row     model.Event
	created bool
	// changed says the stored row must be corrected.
	changed bool
	// stored are the components linked before the run; links those the run
	// leaves linked, nil while no spec has matched the event.
	stored, links []uint
	updates       []provisionedUpdate
	touched       bool
}

// provisionedUpdate is one update of a provisionedEvent; new ones have ID 0.
type provisionedUpdate struct {
	row     model.EventUpdate
	changed bool
}

// wantedEvent is an event spec checked and resolved to rows.
type wantedEvent struct {
	spec         EventSpec
	row          model.Event
	componentIDs []uint
}

// provisionEvents provisions the events: it reads every candidate twin in
// batches by type and title (events_title_type_idx), decides in memory,
// then writes what differs, inserts in batches.
func (p *provisioner) provisionEvents(specs []EventSpec) error {
	wanted := make([]wantedEvent, 0, len(specs))
	for _, spec := range specs {
		w, err := p.resolveEvent(spec)
		if err != nil {
			return err
		}
		wanted = append(wanted, w)
	}
	twins, err := p.readTwins(wanted)
	if err != nil {
		return fmt.Errorf("store: provision events: %w", err)
	}
	var order []*provisionedEvent
	for _, w := range wanted {
		event := p.applyEvent(w, twins)
		if !event.touched {
			event.touched = true
			order = append(order, event)
		}
	}
	if err := p.writeEvents(order); err != nil {
		return fmt.Errorf("store: provision events: %w", err)
	}
	if inserted := p.result.Events.Created + p.result.Updates.Created; p.analyze != "" && inserted >= p.batch {
		if err := p.tx.Exec(p.analyze).Error; err != nil {
			return fmt.Errorf("store: provision events: analyze: %w", err)
		}
	}
	return nil
}

// resolveEvent checks an event spec and resolves its components to ids.
func (p *provisioner) resolveEvent(spec EventSpec) (wantedEvent, error) {
	name := fmt.Sprintf("%s %q", spec.Type, spec.Title)
	if !spec.Type.Valid() || strings.TrimSpace(spec.Title) == "" || !spec.Impact.Valid() || spec.Status == "" || spec.StartAt.IsZero() {
		return wantedEvent{}, fmt.Errorf("%w: %s: needs a known type, a title, an impact 0-3, a status and a start", errBadEvent, name)
	}
	componentIDs := make([]uint, 0, len(spec.Components))
	for _, component := range spec.Components {
		id, ok := p.components[component]
		if !ok {
			return wantedEvent{}, fmt.Errorf("%w: %s: component %s/%s is not in the catalog", errBadEvent, name, component.Service, component.Region)
		}
		componentIDs = append(componentIDs, id)
	}
	row := model.Event{
		Type: spec.Type, Title: spec.Title, Description: spec.Description, Impact: spec.Impact,
		Status: spec.Status, StartAt: utc(spec.StartAt), EndAt: utcPointer(spec.EndAt), CreatedBy: spec.CreatedBy,
	}
	return wantedEvent{spec: spec, row: row, componentIDs: componentIDs}, nil
}

// readTwins reads every stored event sharing a type and title with a
// wanted one, oldest first under each key, with its components and updates
// (in time order): a statement per batch of keys, and per batch of events.
func (p *provisioner) readTwins(wanted []wantedEvent) (map[titleKey][]*provisionedEvent, error) {
	twins := map[titleKey][]*provisionedEvent{}
	var keys []titleKey
	for _, w := range wanted {
		key := titleKey{w.row.Type, w.row.Title}
		if _, listed := twins[key]; !listed {
			twins[key] = nil
			keys = append(keys, key)
		}
	}
	byID := map[uint]*provisionedEvent{}
	var ids []uint
	err := inBatches(keys, lookupBatch, func(batch []titleKey) error {
		inBatch := make(map[titleKey]bool, len(batch))
		var types []string
		titles := make([]string, 0, len(batch))
		for _, key := range batch {
			inBatch[key] = true
			if !slices.Contains(types, string(key.eventType)) {
				types = append(types, string(key.eventType))
			}
			titles = append(titles, key.title)
		}
		sql, args := twinsQuery(types, titles)
		rows, err := p.tx.Raw(sql, args...).Rows()
		if err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var row model.Event
			if err := rows.Scan(&row.ID, &row.Type, &row.Title, &row.Description, &row.Impact, &row.Status, &row.StartAt, &row.EndAt); err != nil {
				return fmt.Errorf("read events: %w", err)
			}
			key := titleKey{row.Type, row.Title}
			// The query pairs every type with every title of the batch.
			if !inBatch[key] {
				continue
			}
			event := &provisionedEvent{row: row}
			twins[key] = append(twins[key], event)
			byID[row.ID] = event
			ids = append(ids, row.ID)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	// Oldest first: a floating event is the oldest of its twins.
	for _, list := range twins {
		slices.SortFunc(list, func(a, b *provisionedEvent) int { return cmp.Compare(a.row.ID, b.row.ID) })
	}
	err = inBatches(ids, lookupBatch, func(batch []uint) error {
		linksSQL, updatesSQL, args := twinRowsQueries(batch)
		links, err := p.tx.Raw(linksSQL, args...).Rows()
		if err != nil {
			return fmt.Errorf("read components: %w", err)
		}
		defer links.Close()
		for links.Next() {
			var eventID, componentID uint
			if err := links.Scan(&eventID, &componentID); err != nil {
				return fmt.Errorf("read components: %w", err)
			}
			byID[eventID].stored = append(byID[eventID].stored, componentID)
		}
		if err := links.Err(); err != nil {
			return fmt.Errorf("read components: %w", err)
		}
		updates, err := p.tx.Raw(updatesSQL, args...).Rows()
		if err != nil {
			return fmt.Errorf("read updates: %w", err)
		}
		defer updates.Close()
		for updates.Next() {
			var u model.EventUpdate
			if err := updates.Scan(&u.ID, &u.EventID, &u.Status, &u.Text, &u.At, &u.Author); err != nil {
				return fmt.Errorf("read updates: %w", err)
			}
			byID[u.EventID].updates = append(byID[u.EventID].updates, provisionedUpdate{row: u})
		}
		return updates.Err()
	})
	return twins, err
}

// twinsQuery reads the events of any of the types with any of the titles,
// from events_title_type_idx (TestProvisionLookupsUseIndexes), in no order:
// an ORDER BY id would tempt PostgreSQL to walk the primary key instead.
func twinsQuery(types, titles []string) (string, []any) {
	args := make([]any, 0, len(types)+len(titles))
	for _, t := range types {
		args = append(args, t)
	}
	for _, t := range titles {
		args = append(args, t)
	}
	return "SELECT id, type, title, description, impact, status, start_at, end_at FROM events WHERE type IN " +
		placeholderRows(1, len(types)) + " AND title IN " + placeholderRows(1, len(titles)), args
}

// twinRowsQueries read the component links and the updates (in time
// order) of the events, from their indexes by event_id.
func twinRowsQueries(eventIDs []uint) (links, updates string, args []any) {
	args = make([]any, len(eventIDs))
	for i, id := range eventIDs {
		args[i] = id
	}
	in := placeholderRows(1, len(eventIDs))
	return "SELECT event_id, component_id FROM event_components WHERE event_id IN " + in,
		"SELECT id, event_id, status, text, at, author FROM event_updates WHERE event_id IN " + in + " ORDER BY event_id, at, id", args
}

// applyEvent finds the event w describes among its twins (same type, title
// and start, or for a floating event the oldest with that type and title),
// creating it when there is none, and makes it, its components and its
// updates what w says, counting what it did.
func (p *provisioner) applyEvent(w wantedEvent, twins map[titleKey][]*provisionedEvent) *provisionedEvent {
	key := titleKey{w.row.Type, w.row.Title}
	var event *provisionedEvent
	for _, candidate := range twins[key] {
		if w.spec.Floating || candidate.row.StartAt.Equal(w.row.StartAt) {
			event = candidate
			break
		}
	}
	found := event != nil
	same := found && sameEvent(event.row, w.row)
	switch {
	case !found:
		row := w.row
		row.CreatedAt, row.UpdatedAt = p.now, p.now
		event = &provisionedEvent{row: row, created: true}
		twins[key] = append(twins[key], event)
	case !same:
		event.row.Description, event.row.Impact, event.row.Status = w.row.Description, w.row.Impact, w.row.Status
		event.row.StartAt, event.row.EndAt, event.row.UpdatedAt = w.row.StartAt, w.row.EndAt, p.now
		event.changed = true
	}
	linked := event.link(w.componentIDs)
	switch {
	case !found:
		p.result.Events.Created++
	case linked || !same:
		p.result.Events.Updated++
	default:
		p.result.Events.Unchanged++
	}
	p.applyUpdates(event, w.spec.Updates)
	return event
}

// link makes the event affect exactly the given components and reports
// whether anything changed.
func (e *provisionedEvent) link(componentIDs []uint) bool {
	current := e.links
	if current == nil {
		current = e.stored
	}
	want := make([]uint, 0, len(componentIDs))
	for _, id := range componentIDs {
		if !slices.Contains(want, id) {
			want = append(want, id)
		}
	}
	e.links = want
	if len(want) != len(current) {
		return true
	}
	for _, id := range want {
		if !slices.Contains(current, id) {
			return true
		}
	}
	return false
}

// applyUpdates matches the event's updates to the spec's by position in
// time order, correcting or adding them; updates written since by
// operators beyond the spec's are kept.
func (p *provisioner) applyUpdates(event *provisionedEvent, specs []UpdateSpec) {
	for i, spec := range specs {
		want := model.EventUpdate{EventID: event.row.ID, Status: spec.Status, Text: spec.Text, At: utc(spec.At), Author: spec.Author,
			CreatedAt: p.now, UpdatedAt: p.now}
		if i >= len(event.updates) {
			event.updates = append(event.updates, provisionedUpdate{row: want})
			p.result.Updates.Created++
			continue
		}
		have := &event.updates[i]
		if have.row.Status == want.Status && have.row.Text == want.Text && have.row.At.Equal(want.At) && have.row.Author == want.Author {
			p.result.Updates.Unchanged++
			continue
		}
		have.row.Status, have.row.Text, have.row.At, have.row.Author, have.row.UpdatedAt = want.Status, want.Text, want.At, want.Author, p.now
		have.changed = true
		p.result.Updates.Updated++
	}
}

// writeEvents writes what the run decided, in the order the spec first
// matched each event: corrections a statement each (a run that corrects
// every event is rare), inserts in batches. It records the events written.
func (p *provisioner) writeEvents(events []*provisionedEvent) error {
	var created []*provisionedEvent
	var rows [][]any
	for _, event := range events {
		e := event.row
		switch {
		case event.created:
			created = append(created, event)
			rows = append(rows, []any{string(e.Type), e.Title, e.Description, int(e.Impact), e.Status, e.StartAt, e.EndAt, e.System, e.CreatedBy, e.CreatedAt, e.UpdatedAt})
		case event.changed:
			err := p.tx.Model(&model.Event{}).Where("id = ?", e.ID).Updates(map[string]any{
				"description": e.Description, "impact": e.Impact, "status": e.Status,
				"start_at": e.StartAt, "end_at": e.EndAt, "updated_at": e.UpdatedAt,
			}).Error
			if err != nil {
				return fmt.Errorf("%s %q: %w", e.Type, e.Title, err)
			}
		}
	}
	ids, err := insertReturningIDs(p.tx, p.batch, "INSERT INTO events (type, title, description, impact, status, start_at, end_at, system, created_by, created_at, updated_at) VALUES ", rows)
	if err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	for i, event := range created {
		event.row.ID = ids[i]
	}
	var links, updates [][]any
	for _, event := range events {
		id := event.row.ID
		wrote := event.created || event.changed
		for _, component := range event.links {
			if !slices.Contains(event.stored, component) {
				links = append(links, []any{id, component})
				wrote = true
			}
		}
		for _, component := range event.stored {
			if slices.Contains(event.links, component) {
				continue
			}
			if err := p.tx.Exec("DELETE FROM event_components WHERE event_id = ? AND component_id = ?", id, component).Error; err != nil {
				return fmt.Errorf("unlink component %d: %w", component, err)
			}
			wrote = true
		}
		for _, update := range event.updates {
			u := update.row
			switch {
			case u.ID == 0:
				updates = append(updates, []any{id, u.Status, u.Text, u.At, u.Author, u.CreatedAt, u.UpdatedAt})
				wrote = true
			case update.changed:
				err := p.tx.Model(&model.EventUpdate{}).Where("id = ?", u.ID).Updates(map[string]any{
					"status": u.Status, "text": u.Text, "at": u.At, "author": u.Author, "updated_at": u.UpdatedAt,
				}).Error
				if err != nil {
					return fmt.Errorf("correct update: %w", err)
				}
				wrote = true
			}
		}
		if wrote {
			p.touched = append(p.touched, id)
		}
	}
	if err := insertRows(p.tx, p.batch, "INSERT INTO event_components (event_id, component_id) VALUES ", links); err != nil {
		return fmt.Errorf("link components: %w", err)
	}
	if err := insertRows(p.tx, p.batch, "INSERT INTO event_updates (event_id, status, text, at, author, created_at, updated_at) VALUES ", updates); err != nil {
		return fmt.Errorf("add updates: %w", err)
	}
	return nil
}

func sameEvent(a, b model.Event) bool {
	sameEnd := (a.EndAt == nil && b.EndAt == nil) || (a.EndAt != nil && b.EndAt != nil && a.EndAt.Equal(*b.EndAt))
	return a.Description == b.Description && a.Impact == b.Impact && a.Status == b.Status &&
		a.StartAt.Equal(b.StartAt) && sameEnd
}
