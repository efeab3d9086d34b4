package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/model"
)

// CatalogSpec is a whole catalog to provision: what a catalog file says,
// with every reference resolved to a slug. Positions follow list order.
type CatalogSpec struct {
	Categories []CategorySpec
	Regions    []RegionSpec
	Services   []ServiceSpec
	Components []ComponentSpec
	// Checks are monitoring checks of the components, one per component
	// and definition (no heartbeats: their token is never in a file).
	Checks []CheckSpec
	Events []EventSpec
}

// CategorySpec is one category of a CatalogSpec.
type CategorySpec struct{ Name, Slug string }

// RegionSpec is one region of a CatalogSpec.
type RegionSpec struct{ Name, Slug string }

// ServiceSpec is one service; Category is the category's slug.
type ServiceSpec struct{ Name, Slug, Category, Description string }

// ComponentSpec names one service in one region by their slugs.
type ComponentSpec struct{ Service, Region string }

// EventSpec is an incident, maintenance window or info notice to provision.
type EventSpec struct {
	Type        model.EventType
	Title       string
	Description string
	Impact      model.Impact
	Status      string
	StartAt     time.Time
	EndAt       *time.Time
	// Floating events have times relative to when the file was read; they are
	// recognised by type and title alone and moved to their new times.
	Floating   bool
	CreatedBy  string
	Components []ComponentSpec
	Updates    []UpdateSpec
}

// UpdateSpec is one entry of an event's status history.
type UpdateSpec struct {
	Status, Text string
	At           time.Time
	Author       string
}

// ProvisionCounts tells what provisioning did to one kind of row.
type ProvisionCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

func (c ProvisionCounts) String() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged", c.Created, c.Updated, c.Unchanged)
}

// ProvisionResult counts the rows provisioning created, changed or left alone.
type ProvisionResult struct {
	Categories ProvisionCounts `json:"categories"`
	Regions    ProvisionCounts `json:"regions"`
	Services   ProvisionCounts `json:"services"`
	Components ProvisionCounts `json:"components"`
	Events     ProvisionCounts `json:"events"`
	Updates    ProvisionCounts `json:"updates"`
	Checks     ProvisionCounts `json:"checks"`
}

// Audit actions of the catalog writes.
const (
	ActionCatalogProvision = "catalog.provision"
	ActionCatalogPurge     = "catalog.purge"
)

// BootstrapActor names catalog writes in the audit log when no one else is known.
var BootstrapActor = Actor{Subject: "bootstrap", Name: "statusdash bootstrap"}

// String is one line per kind of row, for the CLI.
func (r ProvisionResult) String() string {
	return fmt.Sprintf("categories: %v\nregions:    %v\nservices:   %v\ncomponents: %v\nchecks:     %v\nevents:     %v\nupdates:    %v",
		r.Categories, r.Regions, r.Services, r.Components, r.Checks, r.Events, r.Updates)
}

// ProvisionCatalog writes spec in one transaction, creating what is missing
// and correcting what differs: categories, regions and services by slug,
// components by (service, region), events by (type, title, start), or by
// (type, title) when floating, checks by (component, kind, target). Running
// it twice changes nothing the second time. Nothing is deleted, not even a
// check the file no longer lists (it may have come from the API or a form);
// PurgeCatalog deletes everything. Rows created or
// corrected are stamped with now, and the same transaction writes one audit
// row by actor, with the counts in after.
func (s *Storage) ProvisionCatalog(ctx context.Context, actor Actor, spec CatalogSpec, now time.Time) (ProvisionResult, error) {
	var result ProvisionResult
	err := s.inTx(ctx, func(tx *gorm.DB) (err error) {
		restore, err := setPragmas(tx, s.specific.provisionPragmas)
		defer func() {
			if restored := restore(); err == nil {
				err = restored
			}
		}()
		if err != nil {
			return err
		}
		p := provisioner{tx: tx, batch: s.specific.provisionBatch, analyze: s.specific.analyzeProvisioned, result: &result, now: utc(now)}
		if err := p.run(spec); err != nil {
			return err
		}
		// Its events go in by the thousand: one rebuild of the availability
		// roll-ups, when it wrote events or components.
		if changed := result.Events.Created + result.Events.Updated + result.Components.Created + result.Components.Updated; changed > 0 {
			if err := rebuildRollups(tx, &s.specific, p.now); err != nil {
				return err
			}
		}
		return writeCatalogAudit(tx, actor, ActionCatalogProvision, nil, result, p.now)
	})
	if err != nil {
		return ProvisionResult{}, err
	}
	return result, nil
}

// writeCatalogAudit writes the audit row of a catalog write: its counts as
// JSON, in before (what a purge removed) or after (what provisioning did).
func writeCatalogAudit(tx *gorm.DB, actor Actor, action string, before, after any, now time.Time) error {
	text := func(counts any) (string, error) {
		if counts == nil {
			return "", nil
		}
		b, err := json.Marshal(counts)
		if err != nil {
			return "", fmt.Errorf("store: audit of %s: %w", action, err)
		}
		return string(b), nil
	}
	beforeText, err := text(before)
	if err != nil {
		return err
	}
	afterText, err := text(after)
	if err != nil {
		return err
	}
	return writeAudit(tx, actor, action, "catalog", beforeText, afterText, now)
}

// IsCatalogEmpty reports whether there is no category, region or service yet.
func (s *Storage) IsCatalogEmpty(ctx context.Context) (bool, error) {
	db := s.db.WithContext(ctx)
	for _, table := range []string{"categories", "regions", "services"} {
		var count int64
		if err := db.Table(table).Limit(1).Count(&count).Error; err != nil {
			return false, fmt.Errorf("store: count %s: %w", table, err)
		}
		if count > 0 {
			return false, nil
		}
	}
	return true, nil
}

// PurgeResult counts the rows PurgeCatalog deleted, per table.
type PurgeResult struct {
	CheckResults    int64 `json:"check_results"`
	Checks          int64 `json:"checks"`
	EventUpdates    int64 `json:"event_updates"`
	EventChanges    int64 `json:"event_changes"`
	EventComponents int64 `json:"event_components"`
	Events          int64 `json:"events"`
	Components      int64 `json:"components"`
	Services        int64 `json:"services"`
	Regions         int64 `json:"regions"`
	Categories      int64 `json:"categories"`
}

// String is one line per table, for the CLI.
func (r PurgeResult) String() string {
	return fmt.Sprintf("check results: %d\nchecks: %d\nevent updates: %d\nevent changes: %d\nevent components: %d\nevents: %d\ncomponents: %d\nservices: %d\nregions: %d\ncategories: %d",
		r.CheckResults, r.Checks, r.EventUpdates, r.EventChanges, r.EventComponents, r.Events, r.Components, r.Services, r.Regions, r.Categories)
}

// PurgeCatalog deletes every check and its results, event, update,
// component, service, region and category in one transaction. The audit
// log stays, and gains a row by actor with the counts deleted in before.
func (s *Storage) PurgeCatalog(ctx context.Context, actor Actor, now time.Time) (PurgeResult, error) {
	var result PurgeResult
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		// The availability roll-ups go with the events they sum, and their
		// generation moves on: servers keep rows read at the old one, and a
		// new catalog's components may take the purged ones' ids.
		for _, table := range []string{"component_days", "component_months", "component_since"} {
			if err := tx.Exec("DELETE FROM " + table).Error; err != nil {
				return fmt.Errorf("store: purge %s: %w", table, err)
			}
		}
		if err := countMonthsChange(tx); err != nil {
			return err
		}
		// Children first, so foreign keys hold at every step.
		for _, step := range []struct {
			table string
			count *int64
		}{
			{"check_results", &result.CheckResults},
			{"checks", &result.Checks},
			{"event_updates", &result.EventUpdates},
			{"event_changes", &result.EventChanges},
			{"event_components", &result.EventComponents},
			{"events", &result.Events},
			{"components", &result.Components},
			{"services", &result.Services},
			{"regions", &result.Regions},
			{"categories", &result.Categories},
		} {
			res := tx.Exec("DELETE FROM " + step.table)
			if res.Error != nil {
				return fmt.Errorf("store: purge %s: %w", step.table, res.Error)
			}
			*step.count = res.RowsAffected
		}
		return writeCatalogAudit(tx, actor, ActionCatalogPurge, result, nil, utc(now))
	})
	if err != nil {
		return PurgeResult{}, err
	}
	return result, nil
}

// provisioner carries one provisioning transaction and the ids it resolved.
// Its lookups read each table once (events in batches) and its inserts go
// out in batches, so that a run costs statements in proportion to the
// batches, not to the rows: a catalog may carry a whole installation's
// history.
type provisioner struct {
	tx *gorm.DB
	// batch is how many rows one insert carries; analyze is the
	// statement that refreshes statistics after a bulk insert, or empty.
	batch      int
	analyze    string
	now        time.Time
	result     *ProvisionResult
	categories map[string]uint
	regions    map[string]uint
	services   map[string]uint
	components map[ComponentSpec]uint
	// touched are the events this run created or changed, in spec order.
	touched []uint
}

func (p *provisioner) run(spec CatalogSpec) error {
	p.categories = map[string]uint{}
	for i, category := range spec.Categories {
		id, err := p.upsertNamed("categories", category.Slug, category.Name, i, &p.result.Categories)
		if err != nil {
			return err
		}
		p.categories[category.Slug] = id
	}
	p.regions = map[string]uint{}
	for i, region := range spec.Regions {
		id, err := p.upsertNamed("regions", region.Slug, region.Name, i, &p.result.Regions)
		if err != nil {
			return err
		}
		p.regions[region.Slug] = id
	}
	if err := p.provisionServices(spec.Services); err != nil {
		return err
	}
	if err := p.provisionComponents(spec.Components); err != nil {
		return err
	}
	if err := p.provisionChecks(spec.Checks); err != nil {
		return err
	}
	return p.provisionEvents(spec.Events)
}

// upsertNamed provisions a category or region (name, slug, position) by slug.
func (p *provisioner) upsertNamed(table, slug, name string, position int, counts *ProvisionCounts) (uint, error) {
	if slug == "" {
		return 0, fmt.Errorf("store: provision %s: empty slug", table)
	}
	var existing struct {
		ID       uint
		Name     string
		Position int
	}
	res := p.tx.Table(table).Select("id, name, position").Where("slug = ?", slug).Limit(1).Find(&existing)
	if res.Error != nil {
		return 0, fmt.Errorf("store: provision %s %q: %w", table, slug, res.Error)
	}
	now := p.now
	switch {
	case res.RowsAffected == 0:
		err := p.tx.Exec("INSERT INTO "+table+" (name, slug, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			name, slug, position, now, now).Error
		if err == nil {
			err = p.tx.Table(table).Select("id").Where("slug = ?", slug).Limit(1).Find(&existing).Error
		}
		if err != nil {
			return 0, fmt.Errorf("store: provision %s %q: %w", table, slug, err)
		}
		counts.Created++
	case existing.Name == name && existing.Position == position:
		counts.Unchanged++
	default:
		err := p.tx.Table(table).Where("id = ?", existing.ID).
			Updates(map[string]any{"name": name, "position": position, "updated_at": now}).Error
		if err != nil {
			return 0, fmt.Errorf("store: provision %s %q: %w", table, slug, err)
		}
		counts.Updated++
	}
	return existing.ID, nil
}

// provisionServices provisions the services by slug, reading them all once.
func (p *provisioner) provisionServices(specs []ServiceSpec) error {
	var stored []model.Service
	if err := p.tx.Omit(clause.Associations).Find(&stored).Error; err != nil {
		return fmt.Errorf("store: provision services: %w", err)
	}
	bySlug := make(map[string]model.Service, len(stored))
	for _, service := range stored {
		bySlug[service.Slug] = service
	}
	p.services = map[string]uint{}
	for i, spec := range specs {
		id, err := p.upsertService(spec, i, bySlug)
		if err != nil {
			return err
		}
		p.services[spec.Slug] = id
	}
	return nil
}

func (p *provisioner) upsertService(spec ServiceSpec, position int, stored map[string]model.Service) (uint, error) {
	categoryID, ok := p.categories[spec.Category]
	if spec.Slug == "" || !ok {
		return 0, fmt.Errorf("store: provision service %q: unknown category %q", spec.Slug, spec.Category)
	}
	want := model.Service{Name: spec.Name, Slug: spec.Slug, CategoryID: categoryID, Description: spec.Description, Position: position}
	existing, found := stored[spec.Slug]
	if !found {
		want.CreatedAt, want.UpdatedAt = p.now, p.now
		if err := p.tx.Omit(clause.Associations).Create(&want).Error; err != nil {
			return 0, fmt.Errorf("store: provision service %q: %w", spec.Slug, err)
		}
		// A slug listed twice finds the row its first listing wrote.
		stored[spec.Slug] = want
		p.result.Services.Created++
		return want.ID, nil
	}
	if existing.Name == want.Name && existing.CategoryID == want.CategoryID &&
		existing.Description == want.Description && existing.Position == want.Position {
		p.result.Services.Unchanged++
		return existing.ID, nil
	}
	err := p.tx.Model(&model.Service{}).Where("id = ?", existing.ID).Updates(map[string]any{
		"name": want.Name, "category_id": want.CategoryID, "description": want.Description,
		"position": want.Position, "updated_at": p.now,
	}).Error
	if err != nil {
		return 0, fmt.Errorf("store: provision service %q: %w", spec.Slug, err)
	}
	want.ID = existing.ID
	stored[spec.Slug] = want
	p.result.Services.Updated++
	return existing.ID, nil
}

// componentKey names a component by the ids of its service and region.
type componentKey struct{ service, region uint }

// provisionComponents provisions the components by (service, region),
// reading them all once and inserting the missing ones in batches.
func (p *provisioner) provisionComponents(specs []ComponentSpec) error {
	var stored []model.Component
	if err := p.tx.Omit(clause.Associations).Select("id", "service_id", "region_id").Find(&stored).Error; err != nil {
		return fmt.Errorf("store: provision components: %w", err)
	}
	ids := make(map[componentKey]uint, len(stored))
	for _, component := range stored {
		ids[componentKey{component.ServiceID, component.RegionID}] = component.ID
	}
	p.components = map[ComponentSpec]uint{}
	var missing []ComponentSpec
	var rows [][]any
	for _, spec := range specs {
		serviceID, okService := p.services[spec.Service]
		regionID, okRegion := p.regions[spec.Region]
		if !okService || !okRegion {
			return fmt.Errorf("store: provision component %s/%s: unknown service or region", spec.Service, spec.Region)
		}
		if _, listed := p.components[spec]; listed {
			p.result.Components.Unchanged++
			continue
		}
		if id, found := ids[componentKey{serviceID, regionID}]; found {
			p.components[spec] = id
			p.result.Components.Unchanged++
			continue
		}
		p.components[spec] = 0
		missing = append(missing, spec)
		rows = append(rows, []any{serviceID, regionID, p.now, p.now})
	}
	created, err := insertReturningIDs(p.tx, p.batch, "INSERT INTO components (service_id, region_id, created_at, updated_at) VALUES ", rows)
	if err != nil {
		return fmt.Errorf("store: provision components: %w", err)
	}
	for i, spec := range missing {
		p.components[spec] = created[i]
	}
	p.result.Components.Created += len(missing)
	return nil
}

func utcPointer(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}
