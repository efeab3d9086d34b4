package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// Actor is who writes: a signed-in person (OIDC subject) or an API
// credential (its name as Subject).
type Actor struct {
	Subject string
	Name    string
	Email   string
	// NoNotify keeps the write from notifying subscribers: an operator's
	// unchecked "notify subscribers" box, an API write's "notify": false.
	NoNotify bool
}

// label is how the actor is named as an update's author.
func (a Actor) label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Subject
}

// ValidationError is bad input: nothing was written. Fields name each
// wrong field (v2 JSON names) with its message.
type ValidationError struct {
	Fields incident.FieldErrors
}

func (e *ValidationError) Error() string { return "store: invalid input: " + e.Fields.Error() }

// invalid builds a ValidationError for one field.
func invalid(field, message string) error {
	return &ValidationError{Fields: incident.FieldErrors{field: message}}
}

// validation turns field errors into a ValidationError, or nil when there are none.
func validation(errs incident.FieldErrors) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Fields: errs}
}

// AsValidation extracts a ValidationError from err.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

// AuditEntries lists the audit log newest first: page counts from 1.
func (s *Storage) AuditEntries(ctx context.Context, page, perPage int) ([]model.AuditEntry, int64, error) {
	page, perPage = max(page, 1), min(max(perPage, 1), 500)
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Model(&model.AuditEntry{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count audit entries: %w", err)
	}
	var entries []model.AuditEntry
	if err := db.Order("at DESC, id DESC").Offset(pageOffset(page, perPage)).Limit(perPage).Find(&entries).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list audit entries: %w", err)
	}
	return entries, total, nil
}

// auditEvent is an event as the audit log records it, before and after a
// write: its own columns, its component ids, and the updates the write added
// or changed (before: as they were). The whole history is not repeated: a
// system incident gathers hundreds of updates, and every report would copy
// them twice.
type auditEvent struct {
	ID          uint          `json:"id"`
	Type        string        `json:"type"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Impact      int           `json:"impact"`
	Status      string        `json:"status"`
	StartAt     time.Time     `json:"start_at"`
	EndAt       *time.Time    `json:"end_at"`
	System      bool          `json:"system"`
	Components  []uint        `json:"components"`
	Updates     []auditUpdate `json:"updates,omitempty"`
}

type auditUpdate struct {
	Status string    `json:"status"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

// auditOf snapshots the event's columns and its component ids.
func auditOf(e *model.Event, components []uint) *auditEvent {
	a := &auditEvent{Components: slices.Clone(components)}
	if a.Components == nil {
		a.Components = []uint{}
	}
	a.setColumns(e)
	return a
}

// setColumns copies the event's own columns into the snapshot.
func (a *auditEvent) setColumns(e *model.Event) {
	a.ID, a.Type, a.Title, a.Description = e.ID, string(e.Type), e.Title, e.Description
	a.Impact, a.Status, a.StartAt, a.EndAt, a.System = int(e.Impact), e.Status, e.StartAt, e.EndAt, e.System
	if e.EndAt != nil {
		end := *e.EndAt
		a.EndAt = &end
	}
}

// addComponent records a component joining the event, keeping ids ordered.
func (a *auditEvent) addComponent(id uint) {
	if i, found := slices.BinarySearch(a.Components, id); !found {
		a.Components = slices.Insert(a.Components, i, id)
	}
}

// removeComponent records a component leaving the event.
func (a *auditEvent) removeComponent(id uint) {
	if i, found := slices.BinarySearch(a.Components, id); found {
		a.Components = slices.Delete(a.Components, i, i+1)
	}
}

func (a *auditEvent) json() (string, error) {
	if a == nil {
		return "", nil // the event did not exist before
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("store: audit snapshot of event %d: %w", a.ID, err)
	}
	return string(b), nil
}

// writeAudit inserts one audit row in the transaction.
func writeAudit(tx *gorm.DB, actor Actor, action, object, before, after string, at time.Time) error {
	return writeAudits(tx, []model.AuditEntry{auditEntry(actor, action, object, before, after, at)})
}

// auditEntry builds one audit row.
func auditEntry(actor Actor, action, object, before, after string, at time.Time) model.AuditEntry {
	return model.AuditEntry{Actor: actor.Subject, ActorName: actor.Name, ActorEmail: actor.Email,
		Action: action, Object: object, Before: before, After: after, At: utc(at)}
}

// writeAudits inserts the audit rows in the transaction, in one statement.
func writeAudits(tx *gorm.DB, entries []model.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if err := tx.Create(&entries).Error; err != nil {
		return fmt.Errorf("store: write audit entries: %w", err)
	}
	return nil
}

// ActionDeliveryRetry is the audit action of an admin's retry of a delivery.
const ActionDeliveryRetry = "delivery.retry"

// RecordAudit writes one audit row for a change made outside the store's
// tables (a notification delivery retried in River's queue): who, what,
// on which object, and the object's state before and after.
func (s *Storage) RecordAudit(ctx context.Context, actor Actor, action, object, before, after string, now time.Time) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		return writeAudit(tx, actor, action, object, before, after, now)
	})
}
