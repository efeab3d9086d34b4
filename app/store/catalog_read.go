package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// CatalogTree is the whole catalog, read in four queries, with every service
// pointing at its category and every component at its service and region.
type CatalogTree struct {
	Regions    []*model.Region
	Categories []*model.Category
	Services   []*model.Service
	Components []*model.Component

	regionsByID         map[uint]*model.Region
	servicesByID        map[uint]*model.Service
	componentsByID      map[uint]*model.Component
	componentsByService map[uint][]*model.Component
}

// ReadCatalog loads regions, categories, services and components in display
// order (position, then name): four queries whatever the catalog's size.
func (s *Storage) ReadCatalog(ctx context.Context) (*CatalogTree, error) {
	return readCatalog(s.db.WithContext(ctx), withTimes)
}

// readCatalog is ReadCatalog on db; without times the rows' CreatedAt and
// UpdatedAt stay zero.
func readCatalog(db *gorm.DB, times catalogTimes) (*CatalogTree, error) {
	tree := &CatalogTree{}
	var err error
	if tree.Regions, err = readRegions(db, times); err != nil {
		return nil, fmt.Errorf("store: read regions: %w", err)
	}
	if tree.Categories, err = readCategories(db, times); err != nil {
		return nil, fmt.Errorf("store: read categories: %w", err)
	}
	if tree.Services, err = readServices(db, times); err != nil {
		return nil, fmt.Errorf("store: read services: %w", err)
	}
	if tree.Components, err = readComponents(db, times); err != nil {
		return nil, fmt.Errorf("store: read components: %w", err)
	}
	tree.link()
	return tree, nil
}

// link fills the pointers between the four lists and the lookup maps.
func (t *CatalogTree) link() {
	categories := make(map[uint]*model.Category, len(t.Categories))
	for _, category := range t.Categories {
		categories[category.ID] = category
	}
	t.regionsByID = make(map[uint]*model.Region, len(t.Regions))
	for _, region := range t.Regions {
		t.regionsByID[region.ID] = region
	}
	t.servicesByID = make(map[uint]*model.Service, len(t.Services))
	for _, service := range t.Services {
		service.Category = categories[service.CategoryID]
		t.servicesByID[service.ID] = service
	}
	t.componentsByID = make(map[uint]*model.Component, len(t.Components))
	t.componentsByService = make(map[uint][]*model.Component, len(t.Services))
	regionOrder := make(map[uint]int, len(t.Regions))
	for i, region := range t.Regions {
		regionOrder[region.ID] = i
	}
	// Components in region order, so a service's row lines up with the regions.
	slices.SortStableFunc(t.Components, func(a, b *model.Component) int {
		return cmp.Or(cmp.Compare(regionOrder[a.RegionID], regionOrder[b.RegionID]), cmp.Compare(a.ID, b.ID))
	})
	for _, component := range t.Components {
		component.Service = t.servicesByID[component.ServiceID]
		component.Region = t.regionsByID[component.RegionID]
		t.componentsByID[component.ID] = component
		t.componentsByService[component.ServiceID] = append(t.componentsByService[component.ServiceID], component)
	}
}

// Component returns the component with the id, or nil.
func (t *CatalogTree) Component(id uint) *model.Component { return t.componentsByID[id] }

// RegionBySlug returns the region with the slug, or ErrNotFound.
func (t *CatalogTree) RegionBySlug(slug string) (*model.Region, error) {
	for _, region := range t.Regions {
		if region.Slug == slug {
			return region, nil
		}
	}
	return nil, fmt.Errorf("store: region %q: %w", slug, ErrNotFound)
}

// CategoryBySlug returns the category with the slug, or ErrNotFound.
func (t *CatalogTree) CategoryBySlug(slug string) (*model.Category, error) {
	for _, category := range t.Categories {
		if category.Slug == slug {
			return category, nil
		}
	}
	return nil, fmt.Errorf("store: category %q: %w", slug, ErrNotFound)
}

// ServiceBySlug returns the service with the slug, or ErrNotFound.
func (t *CatalogTree) ServiceBySlug(slug string) (*model.Service, error) {
	for _, service := range t.Services {
		if service.Slug == slug {
			return service, nil
		}
	}
	return nil, fmt.Errorf("store: service %q: %w", slug, ErrNotFound)
}

// ServicesOf lists the category's services in display order.
func (t *CatalogTree) ServicesOf(categoryID uint) []*model.Service {
	var services []*model.Service
	for _, service := range t.Services {
		if service.CategoryID == categoryID {
			services = append(services, service)
		}
	}
	return services
}

// ComponentsOf lists the service's components in region order.
func (t *CatalogTree) ComponentsOf(serviceID uint) []*model.Component {
	return t.componentsByService[serviceID]
}

// Region returns the region with the id, or nil.
func (t *CatalogTree) Region(id uint) *model.Region { return t.regionsByID[id] }

// notFound turns gorm's record-not-found into ErrNotFound, wrapped with what.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
