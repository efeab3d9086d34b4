package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/model"
)

// typePattern is what a service's slug (the stackmon type) may look like.
var typePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ActionComponentCreate is the audit action of CreateComponent.
const ActionComponentCreate = "component.create"

// NewComponent is a component as stackmon v2 POST /v2/components names it:
// the service's name, its type (the service's slug), its region and category
// by name.
type NewComponent struct {
	Name     string
	Type     string
	Region   string
	Category string
}

// CreateComponent adds the service in the region, creating the region,
// category and service when they do not exist yet (matched by name or
// slug). A component of the same name already in the region, a type that
// belongs to another service name, or a service filed under another
// category is a ValidationError; nothing is written then.
func (s *Storage) CreateComponent(ctx context.Context, actor Actor, in NewComponent, now time.Time) (*model.Component, error) {
	in.Name, in.Type = strings.TrimSpace(in.Name), strings.TrimSpace(in.Type)
	in.Region, in.Category = strings.TrimSpace(in.Region), strings.TrimSpace(in.Category)
	for field, value := range map[string]string{"name": in.Name, "type": in.Type, "region": in.Region, "category": in.Category} {
		if value == "" {
			return nil, invalid(field, "is required")
		}
		if len(value) > 200 {
			return nil, invalid(field, "may have at most 200 characters")
		}
	}
	if !typePattern.MatchString(in.Type) {
		return nil, invalid("type", "must be a short code of lower-case letters, digits and '-'")
	}
	var created model.Component
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		regionID, err := findOrCreateNamed(tx, "regions", "region", in.Region, now)
		if err != nil {
			return err
		}
		categoryID, err := findOrCreateNamed(tx, "categories", "category", in.Category, now)
		if err != nil {
			return err
		}
		var duplicate int64
		if err := tx.Table("components").Joins("JOIN services ON services.id = components.service_id").
			Where("services.name = ? AND components.region_id = ?", in.Name, regionID).Count(&duplicate).Error; err != nil {
			return fmt.Errorf("store: look up component %q: %w", in.Name, err)
		}
		if duplicate > 0 {
			return invalid("name", fmt.Sprintf("component %q already exists in region %q", in.Name, in.Region))
		}
		var service model.Service
		res := tx.Where("slug = ?", in.Type).Limit(1).Find(&service)
		if res.Error != nil {
			return fmt.Errorf("store: look up service %q: %w", in.Type, res.Error)
		}
		switch {
		case res.RowsAffected == 0:
			service = model.Service{Name: in.Name, Slug: in.Type, CategoryID: categoryID, CreatedAt: utc(now), UpdatedAt: utc(now)}
			if err := tx.Omit(clause.Associations).Create(&service).Error; err != nil {
				return fmt.Errorf("store: create service %q: %w", in.Type, err)
			}
		case service.Name != in.Name:
			return invalid("type", fmt.Sprintf("type %q belongs to service %q", in.Type, service.Name))
		case service.CategoryID != categoryID:
			return invalid("category", fmt.Sprintf("service %q is in another category", in.Name))
		}
		created = model.Component{ServiceID: service.ID, RegionID: regionID, CreatedAt: utc(now), UpdatedAt: utc(now)}
		if err := tx.Omit(clause.Associations).Create(&created).Error; err != nil {
			return fmt.Errorf("store: create component %q: %w", in.Name, err)
		}
		after := fmt.Sprintf(`{"name":%q,"type":%q,"region":%q,"category":%q}`, in.Name, in.Type, in.Region, in.Category)
		return writeAudit(tx, actor, ActionComponentCreate, fmt.Sprintf("component:%d", created.ID), "", after, now)
	})
	if err != nil {
		return nil, err
	}
	return s.ComponentWithServiceRegion(ctx, created.ID)
}

// findOrCreateNamed finds a region or category by name or slug, or creates it last in order.
func findOrCreateNamed(tx *gorm.DB, table, field, name string, now time.Time) (uint, error) {
	slug := model.Slug(name)
	if slug == "" {
		return 0, invalid(field, "needs at least one letter or digit")
	}
	var found struct{ ID uint }
	res := tx.Table(table).Select("id").Where("name = ? OR slug = ?", name, slug).Order("id").Limit(1).Find(&found)
	if res.Error != nil {
		return 0, fmt.Errorf("store: look up %s %q: %w", table, name, res.Error)
	}
	if res.RowsAffected > 0 {
		return found.ID, nil
	}
	var position int
	if err := tx.Table(table).Select("COALESCE(MAX(position), 0) + 1").Scan(&position).Error; err != nil {
		return 0, fmt.Errorf("store: next position in %s: %w", table, err)
	}
	if err := tx.Exec("INSERT INTO "+table+" (name, slug, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
		name, slug, position, utc(now), utc(now)).Error; err != nil {
		return 0, fmt.Errorf("store: create %s %q: %w", table, name, err)
	}
	if err := tx.Table(table).Select("id").Where("slug = ?", slug).Limit(1).Find(&found).Error; err != nil || found.ID == 0 {
		return 0, fmt.Errorf("store: read new %s %q: %w", table, name, errors.Join(err, ErrNotFound))
	}
	return found.ID, nil
}
