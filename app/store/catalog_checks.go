package store

import (
	"fmt"
	"reflect"

	"statusdash/app/monitor/probe"
)

// CheckSpec is a monitoring check of a CatalogSpec: a validated definition
// on one component. Provisioning recognises it by (component, kind, target).
type CheckSpec struct {
	Component  ComponentSpec
	Definition probe.Definition
}

// checkIdentity tells provisioned checks apart: what they probe, for which component.
type checkIdentity struct {
	component uint
	kind      probe.Kind
	target    string
}

// provisionChecks creates the checks no stored check has the identity of,
// and sets the definition of those whose settings changed. A check keeps
// its paused flag (an operator's choice) and its results. With several
// stored checks of one identity (made through the API), the oldest is the
// catalog's.
func (p *provisioner) provisionChecks(specs []CheckSpec) error {
	if len(specs) == 0 {
		return nil
	}
	var stored []checkRow
	if err := p.tx.Order("id").Find(&stored).Error; err != nil {
		return fmt.Errorf("store: provision checks: %w", err)
	}
	byIdentity := make(map[checkIdentity]checkRow, len(stored))
	for _, row := range stored {
		key := checkIdentity{row.ComponentID, probe.Kind(row.Kind), row.Target}
		if _, taken := byIdentity[key]; !taken {
			byIdentity[key] = row
		}
	}
	var created []checkRow
	for _, spec := range specs {
		componentID, ok := p.components[spec.Component]
		if !ok {
			return fmt.Errorf("store: provision check of %s/%s: unknown component", spec.Component.Service, spec.Component.Region)
		}
		def := spec.Definition
		if def.Kind == probe.KindHeartbeat {
			return fmt.Errorf("store: provision check of %s/%s: heartbeat checks need a token and are not provisioned", spec.Component.Service, spec.Component.Region)
		}
		if errs := def.Validate(); len(errs) > 0 {
			return fmt.Errorf("store: provision %s check of %s/%s: %w", def.Kind, spec.Component.Service, spec.Component.Region, errs)
		}
		key := checkIdentity{componentID, def.Kind, def.Target}
		existing, found := byIdentity[key]
		if !found {
			row := checkRow{ComponentID: componentID, CreatedAt: p.now, UpdatedAt: p.now}
			if err := row.setDefinition(def); err != nil {
				return err
			}
			created = append(created, row)
			// A spec listed twice finds the row its first listing makes.
			byIdentity[key] = row
			p.result.Checks.Created++
			continue
		}
		if existing.ID == 0 {
			p.result.Checks.Unchanged++
			continue
		}
		current, err := existing.check()
		if err != nil {
			return err
		}
		if reflect.DeepEqual(current.Definition, def) {
			p.result.Checks.Unchanged++
			continue
		}
		if err := existing.setDefinition(def); err != nil {
			return err
		}
		if err := p.tx.Model(&checkRow{}).Where("id = ?", existing.ID).UpdateColumns(map[string]any{
			"interval_seconds": existing.IntervalSeconds, "timeout_ms": existing.TimeoutMS, "max_latency_ms": existing.MaxLatencyMS,
			"locations": existing.Locations, "quorum": existing.Quorum, "settings": existing.Settings, "updated_at": p.now,
		}).Error; err != nil {
			return fmt.Errorf("store: provision check %d: %w", existing.ID, err)
		}
		byIdentity[key] = existing
		p.result.Checks.Updated++
	}
	if len(created) > 0 {
		if err := p.tx.CreateInBatches(created, p.batch).Error; err != nil {
			return fmt.Errorf("store: provision %d checks: %w", len(created), err)
		}
	}
	return nil
}
