package store

import (
	"gorm.io/gorm"

	"statusdash/app/model"
)

// The reads behind every uncached overview scan their rows by hand, in the
// order of each select list, without GORM's reflection per row and column.

// eventColumns are an event's own columns in the order scanEvents reads them.
const eventColumns = "id, type, title, description, impact, status, start_at, end_at, system, created_by, created_at, updated_at"

// readEvents runs query, which selects eventColumns, and scans the events
// without their components and updates.
func readEvents(db *gorm.DB, query string, args ...any) ([]*model.Event, error) {
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var events []*model.Event
	for rows.Next() {
		e := &model.Event{}
		if err := rows.Scan(&e.ID, &e.Type, &e.Title, &e.Description, &e.Impact, &e.Status, &e.StartAt, &e.EndAt,
			&e.System, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt); err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, markUnavailable(rows.Err())
}

// eventComponentLink is one row of event_components.
type eventComponentLink struct{ eventID, componentID uint }

// readEventLinks lists the components of the events, by event then component.
func readEventLinks(db *gorm.DB, eventIDs []uint) ([]eventComponentLink, error) {
	rows, err := db.Raw("SELECT event_id, component_id FROM event_components WHERE event_id IN ? ORDER BY event_id, component_id", eventIDs).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var links []eventComponentLink
	for rows.Next() {
		var link eventComponentLink
		if err := rows.Scan(&link.eventID, &link.componentID); err != nil {
			return nil, err
		}
		links = append(links, link)
	}
	return links, markUnavailable(rows.Err())
}

// readLatestUpdates returns each event's latest update (by at, then id);
// an event without updates has none in the list.
func readLatestUpdates(db *gorm.DB, eventIDs []uint) ([]*model.EventUpdate, error) {
	rows, err := db.Raw(`SELECT id, event_id, status, text, at, author, created_at, updated_at FROM (
		SELECT u.*, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY at DESC, id DESC) AS position
		FROM event_updates u WHERE event_id IN ?) ranked WHERE position = 1`, eventIDs).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var updates []*model.EventUpdate
	for rows.Next() {
		u := &model.EventUpdate{}
		if err := rows.Scan(&u.ID, &u.EventID, &u.Status, &u.Text, &u.At, &u.Author, &u.CreatedAt, &u.UpdatedAt); err != nil {
			return nil, err
		}
		updates = append(updates, u)
	}
	return updates, markUnavailable(rows.Err())
}
