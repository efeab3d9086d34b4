// Package checkwrite reads the check writes of the automation APIs from one
// JSON form: the bodies of /api/v3/checks, and the typed CheckService's
// messages turned into the same objects, pass the same parsing, validation
// and role rule on their way to the store, which keeps the audit rows.
package checkwrite

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// OwnFields are the fields of a check's object that are not its definition's.
var OwnFields = []string{store.FieldComponentID, store.FieldPaused}

// MalformedError is input that is not one JSON object of a check, or holds
// a value of the wrong type where the definition's rules cannot name it.
type MalformedError struct{ Err error }

func (e *MalformedError) Error() string { return e.Err.Error() }
func (e *MalformedError) Unwrap() error { return e.Err }

// ParseNew reads a new check from a JSON object: component_id (required),
// paused and the definition's fields (probe's Field names). Bad values are
// a *store.ValidationError naming every wrong field; anything else wrong is
// a *MalformedError.
func ParseNew(object []byte) (store.NewCheck, error) {
	var fields struct {
		ComponentID *uint `json:"component_id"`
		Paused      bool  `json:"paused"`
	}
	if err := json.Unmarshal(object, &fields); err != nil {
		return store.NewCheck{}, &MalformedError{Err: err}
	}
	errs := incident.FieldErrors{}
	if fields.ComponentID == nil {
		errs.Add(store.FieldComponentID, "is required")
	}
	definition, err := probe.ParseDefinition(object, OwnFields...)
	if err != nil {
		var fieldErrs incident.FieldErrors
		if !errors.As(err, &fieldErrs) {
			return store.NewCheck{}, &MalformedError{Err: err}
		}
		for field, message := range fieldErrs {
			errs.Add(field, message)
		}
	}
	if len(errs) > 0 {
		return store.NewCheck{}, &store.ValidationError{Fields: errs}
	}
	return store.NewCheck{ComponentID: *fields.ComponentID, Definition: definition, Paused: fields.Paused}, nil
}

// Create stores the new check. A heartbeat check gets its secret token,
// returned here once: the store keeps only its hash.
func Create(ctx context.Context, s *store.Storage, actor store.Actor, in store.NewCheck, now time.Time) (*store.Check, string, error) {
	var token string
	if in.Definition.Kind == probe.KindHeartbeat {
		var err error
		if token, in.HeartbeatTokenHash, err = apiauth.NewHeartbeatToken(); err != nil {
			return nil, "", err
		}
	}
	check, err := s.CreateCheck(ctx, actor, in, now)
	if err != nil {
		return nil, "", err
	}
	return check, token, nil
}

// ParsePatch reads a change to a check from a JSON object: component_id
// and paused as given, every other field a definition field laid over the
// stored definition (null puts it back to its default; the store validates
// the result). A value of the wrong type for component_id or paused is a
// *MalformedError.
func ParsePatch(object map[string]json.RawMessage) (store.CheckPatch, error) {
	var fields struct {
		ComponentID *uint `json:"component_id"`
		Paused      *bool `json:"paused"`
	}
	raw, _ := json.Marshal(object) // raw messages and string keys always marshal
	if err := json.Unmarshal(raw, &fields); err != nil {
		return store.CheckPatch{}, &MalformedError{Err: err}
	}
	patch := store.CheckPatch{ComponentID: fields.ComponentID, Paused: fields.Paused}
	definition := maps.Clone(object)
	for _, field := range OwnFields {
		delete(definition, field)
	}
	if len(definition) > 0 {
		patch.Definition, _ = json.Marshal(definition)
	}
	return patch, nil
}

// RoleFor is the role a patch needs: an operator may pause and resume a
// check; any other change needs an admin.
func RoleFor(patch store.CheckPatch) auth.Role {
	if patch.ComponentID != nil || len(patch.Definition) > 0 {
		return auth.RoleAdmin
	}
	return auth.RoleOperator
}
