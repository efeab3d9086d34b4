package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
)

// Audit actions of the check writes.
const (
	ActionCheckCreate = "check.create"
	ActionCheckUpdate = "check.update"
	ActionCheckDelete = "check.delete"
)

// FieldComponentID names a check's component in field errors, as the API does.
const FieldComponentID = "component_id"

// FieldPaused names a check's paused flag, as the API does.
const FieldPaused = "paused"

// NewCheck is a check to create. A heartbeat check needs the hex SHA-256
// hash of its secret token (apiauth.HashToken); other kinds take none.
type NewCheck struct {
	ComponentID        uint
	Definition         probe.Definition
	Paused             bool
	HeartbeatTokenHash string
}

// CheckPatch changes a check: nil fields stay as they are. Definition is a
// JSON object of definition fields (probe's Field names) laid over the
// stored definition; a field set to null goes back to its default. The
// kind cannot change: a heartbeat's token and every kind's settings hang on it.
type CheckPatch struct {
	ComponentID *uint
	Paused      *bool
	Definition  json.RawMessage
}

// CreateCheck stores a new check. A definition that does not validate, an
// unknown component or a missing heartbeat token hash is a ValidationError
// and nothing is written.
func (s *Storage) CreateCheck(ctx context.Context, actor Actor, in NewCheck, now time.Time) (*Check, error) {
	errs := in.Definition.Validate()
	switch {
	case in.Definition.Kind == probe.KindHeartbeat && in.HeartbeatTokenHash == "":
		errs.Add("heartbeat_token", "is required for a heartbeat check")
	case in.Definition.Kind != probe.KindHeartbeat && in.HeartbeatTokenHash != "":
		errs.Add("heartbeat_token", "applies to heartbeat checks only")
	}
	if in.ComponentID == 0 {
		errs.Add(FieldComponentID, "is required")
	}
	if len(errs) > 0 {
		return nil, validation(errs)
	}
	row := checkRow{ComponentID: in.ComponentID, Paused: in.Paused, CreatedAt: utc(now), UpdatedAt: utc(now)}
	if in.HeartbeatTokenHash != "" {
		row.HeartbeatTokenHash = &in.HeartbeatTokenHash
	}
	if err := row.setDefinition(in.Definition); err != nil {
		return nil, err
	}
	var created Check
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		if err := requireComponent(tx, in.ComponentID); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store: create check: %w", err)
		}
		if err := syncCheckSlots(tx, row, now); err != nil {
			return err
		}
		var err error
		if created, err = row.check(); err != nil {
			return err
		}
		after, err := auditCheck(&created)
		if err != nil {
			return err
		}
		return writeAudit(tx, actor, ActionCheckCreate, checkObject(created.ID), "", after, now)
	})
	if err != nil {
		return nil, err
	}
	return &created, nil
}

// UpdateCheck applies the patch to the check with the id and answers the
// check as it now is. No such check is ErrNotFound; a patch that leaves an
// invalid definition, names an unknown component or changes the kind is a
// ValidationError and nothing is written.
func (s *Storage) UpdateCheck(ctx context.Context, actor Actor, id uint, patch CheckPatch, now time.Time) (*Check, error) {
	var updated Check
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		row, err := checkRowByID(tx, id)
		if err != nil {
			return err
		}
		before, err := row.check()
		if err != nil {
			return err
		}
		if len(patch.Definition) > 0 {
			def, err := patchDefinition(before.Definition, patch.Definition)
			if err != nil {
				return err
			}
			if err := row.setDefinition(def); err != nil {
				return err
			}
		}
		if patch.ComponentID != nil && *patch.ComponentID != row.ComponentID {
			if err := requireComponent(tx, *patch.ComponentID); err != nil {
				return err
			}
			row.ComponentID = *patch.ComponentID
		}
		if patch.Paused != nil {
			row.Paused = *patch.Paused
		}
		row.UpdatedAt = utc(now)
		// UpdateColumns, not Save: Save would stamp updated_at with the wall clock.
		if err := tx.Model(&checkRow{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"component_id": row.ComponentID, "kind": row.Kind, "target": row.Target, "interval_seconds": row.IntervalSeconds,
			"timeout_ms": row.TimeoutMS, "max_latency_ms": row.MaxLatencyMS, "locations": row.Locations, "quorum": row.Quorum,
			"settings": row.Settings, "paused": row.Paused, "updated_at": row.UpdatedAt,
		}).Error; err != nil {
			return fmt.Errorf("store: update check %d: %w", id, err)
		}
		if err := syncCheckSlots(tx, row, now); err != nil {
			return err
		}
		if updated, err = row.check(); err != nil {
			return err
		}
		beforeJSON, err := auditCheck(&before)
		if err != nil {
			return err
		}
		afterJSON, err := auditCheck(&updated)
		if err != nil {
			return err
		}
		return writeAudit(tx, actor, ActionCheckUpdate, checkObject(id), beforeJSON, afterJSON, now)
	})
	if err != nil {
		return nil, err
	}
	return &updated, nil
}

// DeleteCheck removes the check with the id and its results. No such check
// is ErrNotFound.
func (s *Storage) DeleteCheck(ctx context.Context, actor Actor, id uint, now time.Time) error {
	return s.inTx(ctx, func(tx *gorm.DB) error {
		row, err := checkRowByID(tx, id)
		if err != nil {
			return err
		}
		before, err := row.check()
		if err != nil {
			return err
		}
		// Results first: the foreign key cascades too, but one statement
		// over the (check_id, started_at) index says what goes.
		if err := tx.Exec("DELETE FROM check_results WHERE check_id = ?", id).Error; err != nil {
			return fmt.Errorf("store: delete results of check %d: %w", id, err)
		}
		if err := tx.Exec("DELETE FROM checks WHERE id = ?", id).Error; err != nil {
			return fmt.Errorf("store: delete check %d: %w", id, err)
		}
		beforeJSON, err := auditCheck(&before)
		if err != nil {
			return err
		}
		return writeAudit(tx, actor, ActionCheckDelete, checkObject(id), beforeJSON, "", now)
	})
}

// AddCheckResults writes results in one statement per batch. It does not
// bump the data version: no page shows raw results, and workers write them
// far more often than anything else changes.
func (s *Storage) AddCheckResults(ctx context.Context, results []CheckResult) error {
	if len(results) == 0 {
		return nil
	}
	rows := make([]checkResultRow, len(results))
	for i, r := range results {
		rows[i] = checkResultRow{CheckID: r.CheckID, Location: r.Location, StartedAt: utc(r.StartedAt),
			Outcome: string(r.Outcome), LatencyUS: r.Latency.Microseconds(), Reason: r.Reason}
		if !r.SlotAt.IsZero() {
			slot := utc(r.SlotAt)
			rows[i].SlotAt = &slot
		}
	}
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	// 8 columns: 500 rows stay far below both dialects' bound-parameter limits.
	if err := s.db.WithContext(ctx).CreateInBatches(rows, 500).Error; err != nil {
		return fmt.Errorf("store: add %d check results: %w", len(rows), markUnavailable(err))
	}
	return nil
}

// patchDefinition lays the JSON object patch over def and validates the
// result; errors name the JSON fields.
func patchDefinition(def probe.Definition, patch json.RawMessage) (probe.Definition, error) {
	var changes map[string]json.RawMessage
	if err := json.Unmarshal(patch, &changes); err != nil {
		return probe.Definition{}, invalid("definition", "must be a JSON object")
	}
	current, err := json.Marshal(def)
	if err != nil {
		return probe.Definition{}, fmt.Errorf("store: encode check definition: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(current, &fields); err != nil {
		return probe.Definition{}, fmt.Errorf("store: decode check definition: %w", err)
	}
	for field, value := range changes {
		if string(value) == "null" {
			delete(fields, field)
			continue
		}
		fields[field] = value
	}
	if kind, ok := fields[probe.FieldKind]; !ok || string(kind) != fmt.Sprintf("%q", def.Kind) {
		return probe.Definition{}, invalid(probe.FieldKind, "cannot change; delete the check and create another")
	}
	merged, err := json.Marshal(fields)
	if err != nil {
		return probe.Definition{}, fmt.Errorf("store: encode patched definition: %w", err)
	}
	patched, err := probe.ParseDefinition(merged)
	var fieldErrs incident.FieldErrors
	if errors.As(err, &fieldErrs) {
		return probe.Definition{}, validation(fieldErrs)
	}
	if err != nil {
		return probe.Definition{}, invalid("definition", err.Error())
	}
	return patched, nil
}

// requireComponent is a ValidationError on component_id when no component has the id.
func requireComponent(tx *gorm.DB, id uint) error {
	var found int64
	if err := tx.Table("components").Where("id = ?", id).Count(&found).Error; err != nil {
		return fmt.Errorf("store: look up component %d: %w", id, err)
	}
	if found == 0 {
		return invalid(FieldComponentID, fmt.Sprintf("component %d does not exist", id))
	}
	return nil
}

// checkRowByID reads one check row in the transaction, or ErrNotFound.
func checkRowByID(tx *gorm.DB, id uint) (checkRow, error) {
	var row checkRow
	if err := tx.Where("id = ?", id).First(&row).Error; err != nil {
		return checkRow{}, notFound(err, fmt.Sprintf("check %d", id))
	}
	return row, nil
}

func checkObject(id uint) string { return fmt.Sprintf("check:%d", id) }

// RedactedHeader stands for a header's value in the audit log.
const RedactedHeader = "[redacted]"

// auditCheck is a check as the audit log records it: its definition's
// fields plus its component and paused flag. Header values often carry
// credentials: the log keeps their names only.
func auditCheck(c *Check) (string, error) {
	def := c.Definition
	if len(def.HTTP.Headers) > 0 {
		redacted := make(map[string]string, len(def.HTTP.Headers))
		for name := range def.HTTP.Headers {
			redacted[name] = RedactedHeader
		}
		def.HTTP.Headers = redacted
	}
	b, err := json.Marshal(struct {
		ID          uint             `json:"id"`
		ComponentID uint             `json:"component_id"`
		Paused      bool             `json:"paused"`
		Definition  probe.Definition `json:"definition"`
	}{c.ID, c.ComponentID, c.Paused, def})
	if err != nil {
		return "", fmt.Errorf("store: audit snapshot of check %d: %w", c.ID, err)
	}
	return string(b), nil
}
