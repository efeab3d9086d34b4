package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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
	Events     []EventSpec
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
	return fmt.Sprintf("categories: %v\nregions:    %v\nservices:   %v\ncomponents: %v\nevents:     %v\nupdates:    %v",
		r.Categories, r.Regions, r.Services, r.Components, r.Events, r.Updates)
}

// ProvisionCatalog writes spec in one transaction, creating what is missing
// and correcting what differs: categories, regions and services by slug,
// components by (service, region), events by (type, title, start), or by
// (type, title) when floating. Running it twice changes nothing the second
// time. Nothing is deleted; PurgeCatalog does that. Rows created or
// corrected are stamped with now, and the same transaction writes one audit
// row by actor, with the counts in after.
func (s *Storage) ProvisionCatalog(ctx context.Context, actor Actor, spec CatalogSpec, now time.Time) (ProvisionResult, error) {
	var result ProvisionResult
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		p := provisioner{tx: tx, result: &result, now: utc(now)}
		if err := p.run(spec); err != nil {
			return err
		}
		// Its events go in by the thousand: one rebuild of the availability
		// roll-ups, when it wrote events or components.
		if changed := result.Events.Created + result.Events.Updated + result.Components.Created + result.Components.Updated; changed > 0 {
			if err := rebuildRollups(tx, p.now); err != nil {
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
	return fmt.Sprintf("event updates: %d\nevent changes: %d\nevent components: %d\nevents: %d\ncomponents: %d\nservices: %d\nregions: %d\ncategories: %d",
		r.EventUpdates, r.EventChanges, r.EventComponents, r.Events, r.Components, r.Services, r.Regions, r.Categories)
}

// PurgeCatalog deletes every event, update, component, service, region
// and category in one transaction. The audit log stays, and gains a row by
// actor with the counts deleted in before.
func (s *Storage) PurgeCatalog(ctx context.Context, actor Actor, now time.Time) (PurgeResult, error) {
	var result PurgeResult
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		// The availability roll-ups go with the events they sum.
		for _, table := range []string{"component_days", "component_months", "component_since"} {
			if err := tx.Exec("DELETE FROM " + table).Error; err != nil {
				return fmt.Errorf("store: purge %s: %w", table, err)
			}
		}
		// Children first, so foreign keys hold at every step.
		for _, step := range []struct {
			table string
			count *int64
		}{
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
type provisioner struct {
	tx         *gorm.DB
	now        time.Time
	result     *ProvisionResult
	categories map[string]uint
	regions    map[string]uint
	services   map[string]uint
	components map[ComponentSpec]uint
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
	p.services = map[string]uint{}
	for i, service := range spec.Services {
		id, err := p.upsertService(service, i)
		if err != nil {
			return err
		}
		p.services[service.Slug] = id
	}
	p.components = map[ComponentSpec]uint{}
	for _, component := range spec.Components {
		id, err := p.upsertComponent(component)
		if err != nil {
			return err
		}
		p.components[component] = id
	}
	for _, event := range spec.Events {
		if err := p.upsertEvent(event); err != nil {
			return err
		}
	}
	return nil
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

func (p *provisioner) upsertService(spec ServiceSpec, position int) (uint, error) {
	categoryID, ok := p.categories[spec.Category]
	if spec.Slug == "" || !ok {
		return 0, fmt.Errorf("store: provision service %q: unknown category %q", spec.Slug, spec.Category)
	}
	want := model.Service{Name: spec.Name, Slug: spec.Slug, CategoryID: categoryID, Description: spec.Description, Position: position}
	var existing model.Service
	res := p.tx.Where("slug = ?", spec.Slug).Limit(1).Find(&existing)
	if res.Error != nil {
		return 0, fmt.Errorf("store: provision service %q: %w", spec.Slug, res.Error)
	}
	if res.RowsAffected == 0 {
		want.CreatedAt, want.UpdatedAt = p.now, p.now
		if err := p.tx.Omit(clause.Associations).Create(&want).Error; err != nil {
			return 0, fmt.Errorf("store: provision service %q: %w", spec.Slug, err)
		}
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
	p.result.Services.Updated++
	return existing.ID, nil
}

func (p *provisioner) upsertComponent(spec ComponentSpec) (uint, error) {
	serviceID, okService := p.services[spec.Service]
	regionID, okRegion := p.regions[spec.Region]
	if !okService || !okRegion {
		return 0, fmt.Errorf("store: provision component %s/%s: unknown service or region", spec.Service, spec.Region)
	}
	var existing model.Component
	res := p.tx.Where("service_id = ? AND region_id = ?", serviceID, regionID).Limit(1).Find(&existing)
	if res.Error != nil {
		return 0, fmt.Errorf("store: provision component %s/%s: %w", spec.Service, spec.Region, res.Error)
	}
	if res.RowsAffected > 0 {
		p.result.Components.Unchanged++
		return existing.ID, nil
	}
	row := model.Component{ServiceID: serviceID, RegionID: regionID, CreatedAt: p.now, UpdatedAt: p.now}
	if err := p.tx.Omit(clause.Associations).Create(&row).Error; err != nil {
		return 0, fmt.Errorf("store: provision component %s/%s: %w", spec.Service, spec.Region, err)
	}
	p.result.Components.Created++
	return row.ID, nil
}

var errBadEvent = errors.New("store: bad event")

func (p *provisioner) upsertEvent(spec EventSpec) error {
	name := fmt.Sprintf("%s %q", spec.Type, spec.Title)
	if !spec.Type.Valid() || strings.TrimSpace(spec.Title) == "" || !spec.Impact.Valid() || spec.Status == "" || spec.StartAt.IsZero() {
		return fmt.Errorf("%w: %s: needs a known type, a title, an impact 0-3, a status and a start", errBadEvent, name)
	}
	componentIDs := make([]uint, 0, len(spec.Components))
	for _, component := range spec.Components {
		id, ok := p.components[component]
		if !ok {
			return fmt.Errorf("%w: %s: component %s/%s is not in the catalog", errBadEvent, name, component.Service, component.Region)
		}
		componentIDs = append(componentIDs, id)
	}
	want := model.Event{
		Type: spec.Type, Title: spec.Title, Description: spec.Description, Impact: spec.Impact,
		Status: spec.Status, StartAt: utc(spec.StartAt), EndAt: utcPointer(spec.EndAt), CreatedBy: spec.CreatedBy,
	}
	existing, found, err := p.findEvent(spec)
	if err != nil {
		return fmt.Errorf("store: provision %s: %w", name, err)
	}
	var eventID uint
	switch {
	case !found:
		want.CreatedAt, want.UpdatedAt = p.now, p.now
		if err := p.tx.Omit(clause.Associations).Create(&want).Error; err != nil {
			return fmt.Errorf("store: provision %s: %w", name, err)
		}
		eventID = want.ID
	case sameEvent(existing, want):
		eventID = existing.ID
	default:
		eventID = existing.ID
		err := p.tx.Model(&model.Event{}).Where("id = ?", eventID).Updates(map[string]any{
			"description": want.Description, "impact": want.Impact, "status": want.Status,
			"start_at": want.StartAt, "end_at": want.EndAt, "updated_at": p.now,
		}).Error
		if err != nil {
			return fmt.Errorf("store: provision %s: %w", name, err)
		}
	}
	linked, err := p.linkComponents(eventID, componentIDs)
	if err != nil {
		return fmt.Errorf("store: provision %s: %w", name, err)
	}
	switch {
	case !found:
		p.result.Events.Created++
	case linked || !sameEvent(existing, want):
		p.result.Events.Updated++
	default:
		p.result.Events.Unchanged++
	}
	if err := p.provisionUpdates(eventID, spec.Updates); err != nil {
		return fmt.Errorf("store: provision %s: %w", name, err)
	}
	return nil
}

// findEvent looks for the event spec describes: same type, title and start,
// or for a floating event the oldest one with that type and title.
func (p *provisioner) findEvent(spec EventSpec) (model.Event, bool, error) {
	var candidates []model.Event
	err := p.tx.Omit(clause.Associations).Where("type = ? AND title = ?", spec.Type, spec.Title).
		Order("id").Find(&candidates).Error
	if err != nil {
		return model.Event{}, false, err
	}
	for _, candidate := range candidates {
		if spec.Floating || candidate.StartAt.Equal(utc(spec.StartAt)) {
			return candidate, true, nil
		}
	}
	return model.Event{}, false, nil
}

func sameEvent(a, b model.Event) bool {
	sameEnd := (a.EndAt == nil && b.EndAt == nil) || (a.EndAt != nil && b.EndAt != nil && a.EndAt.Equal(*b.EndAt))
	return a.Description == b.Description && a.Impact == b.Impact && a.Status == b.Status &&
		a.StartAt.Equal(b.StartAt) && sameEnd
}

// linkComponents makes the event affect exactly the given components and
// reports whether anything changed.
func (p *provisioner) linkComponents(eventID uint, componentIDs []uint) (bool, error) {
	var current []uint
	if err := p.tx.Table("event_components").Where("event_id = ?", eventID).Pluck("component_id", &current).Error; err != nil {
		return false, fmt.Errorf("read components: %w", err)
	}
	have := make(map[uint]bool, len(current))
	for _, id := range current {
		have[id] = true
	}
	want := make(map[uint]bool, len(componentIDs))
	changed := false
	for _, id := range componentIDs {
		if want[id] {
			continue
		}
		want[id] = true
		if have[id] {
			continue
		}
		if err := p.tx.Exec("INSERT INTO event_components (event_id, component_id) VALUES (?, ?)", eventID, id).Error; err != nil {
			return false, fmt.Errorf("link component %d: %w", id, err)
		}
		changed = true
	}
	for _, id := range current {
		if want[id] {
			continue
		}
		if err := p.tx.Exec("DELETE FROM event_components WHERE event_id = ? AND component_id = ?", eventID, id).Error; err != nil {
			return false, fmt.Errorf("unlink component %d: %w", id, err)
		}
		changed = true
	}
	return changed, nil
}

// provisionUpdates matches the event's stored updates to the spec's by
// position in time order, correcting or adding them; updates written since
// by operators beyond the spec's are kept.
func (p *provisioner) provisionUpdates(eventID uint, specs []UpdateSpec) error {
	var current []model.EventUpdate
	if err := p.tx.Where("event_id = ?", eventID).Order("at, id").Find(&current).Error; err != nil {
		return fmt.Errorf("read updates: %w", err)
	}
	for i, spec := range specs {
		want := model.EventUpdate{EventID: eventID, Status: spec.Status, Text: spec.Text, At: utc(spec.At), Author: spec.Author,
			CreatedAt: p.now, UpdatedAt: p.now}
		if i >= len(current) {
			if err := p.tx.Create(&want).Error; err != nil {
				return fmt.Errorf("add update: %w", err)
			}
			p.result.Updates.Created++
			continue
		}
		have := current[i]
		if have.Status == want.Status && have.Text == want.Text && have.At.Equal(want.At) && have.Author == want.Author {
			p.result.Updates.Unchanged++
			continue
		}
		err := p.tx.Model(&model.EventUpdate{}).Where("id = ?", have.ID).Updates(map[string]any{
			"status": want.Status, "text": want.Text, "at": want.At, "author": want.Author, "updated_at": p.now,
		}).Error
		if err != nil {
			return fmt.Errorf("correct update: %w", err)
		}
		p.result.Updates.Updated++
	}
	return nil
}

func utcPointer(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}
