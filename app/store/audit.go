package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	if err := db.Order("at DESC, id DESC").Offset((page - 1) * perPage).Limit(perPage).Find(&entries).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list audit entries: %w", err)
	}
	return entries, total, nil
}

// auditEvent is an event as the audit log records it, before and after a write.
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
	Updates     []auditUpdate `json:"updates"`
}

type auditUpdate struct {
	Status string    `json:"status"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

func auditJSON(e *model.Event) (string, error) {
	a := auditEvent{ID: e.ID, Type: string(e.Type), Title: e.Title, Description: e.Description,
		Impact: int(e.Impact), Status: e.Status, StartAt: e.StartAt, EndAt: e.EndAt, System: e.System,
		Components: []uint{}, Updates: []auditUpdate{}}
	for _, c := range e.Components {
		a.Components = append(a.Components, c.ID)
	}
	for _, u := range e.Updates {
		a.Updates = append(a.Updates, auditUpdate{Status: u.Status, Text: u.Text, At: u.At})
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", fmt.Errorf("store: audit snapshot of event %d: %w", e.ID, err)
	}
	return string(b), nil
}

// writeAudit inserts one audit row in the transaction.
func writeAudit(tx *gorm.DB, actor Actor, action, object, before, after string, at time.Time) error {
	entry := model.AuditEntry{Actor: actor.Subject, ActorName: actor.Name, ActorEmail: actor.Email,
		Action: action, Object: object, Before: before, After: after, At: utc(at)}
	if err := tx.Create(&entry).Error; err != nil {
		return fmt.Errorf("store: write audit entry: %w", err)
	}
	return nil
}
