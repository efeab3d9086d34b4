package store

import (
	"database/sql"
	"strings"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// catalogTimes says whether a catalog read fills the rows' CreatedAt and
// UpdatedAt. Only the Statuspage API shows them, and on SQLite the driver's
// parsing of those columns costs about as much as the rest of the read.
type catalogTimes bool

const (
	withTimes    catalogTimes = true
	withoutTimes catalogTimes = false
)

// The catalog is read by every uncached page: its rows are scanned by hand,
// in the order of each select list, without GORM's reflection per row and
// column. Each row's fields end with CreatedAt and UpdatedAt, which a read
// without times leaves out.

func readRegions(db *gorm.DB, times catalogTimes) ([]*model.Region, error) {
	return scanCatalogRows(db, "regions", "id, name, slug, position", "position, name, id", times,
		func(r *model.Region) []any {
			return []any{&r.ID, &r.Name, &r.Slug, &r.Position, &r.CreatedAt, &r.UpdatedAt}
		})
}

func readCategories(db *gorm.DB, times catalogTimes) ([]*model.Category, error) {
	return scanCatalogRows(db, "categories", "id, name, slug, position", "position, name, id", times,
		func(c *model.Category) []any {
			return []any{&c.ID, &c.Name, &c.Slug, &c.Position, &c.CreatedAt, &c.UpdatedAt}
		})
}

func readServices(db *gorm.DB, times catalogTimes) ([]*model.Service, error) {
	return scanCatalogRows(db, "services", "id, name, slug, category_id, description, position", "position, name, id", times,
		func(s *model.Service) []any {
			return []any{&s.ID, &s.Name, &s.Slug, &s.CategoryID, &s.Description, &s.Position, &s.CreatedAt, &s.UpdatedAt}
		})
}

func readComponents(db *gorm.DB, times catalogTimes) ([]*model.Component, error) {
	return scanCatalogRows(db, "components", "id, service_id, region_id", "id", times,
		func(c *model.Component) []any {
			return []any{&c.ID, &c.ServiceID, &c.RegionID, &c.CreatedAt, &c.UpdatedAt}
		})
}

// scanCatalogRows selects columns (and the times when asked) from table in
// order and scans each row into a new T through fields, which lists where
// the columns go followed by CreatedAt and UpdatedAt. The list is empty, not
// nil, when there is no row.
func scanCatalogRows[T any](db *gorm.DB, table, columns, order string, times catalogTimes, fields func(*T) []any) ([]*T, error) {
	var query strings.Builder
	query.WriteString("SELECT " + columns)
	if times {
		query.WriteString(", created_at, updated_at")
	}
	query.WriteString(" FROM " + table + " ORDER BY " + order)
	rows, err := db.Raw(query.String()).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*T{}
	for rows.Next() {
		row := new(T)
		if err := scanFields(rows, fields(row), times); err != nil {
			return nil, err
		}
		list = append(list, row)
	}
	return list, markUnavailable(rows.Err())
}

// scanFields scans one row into fields, without the last two (the times)
// when they were not selected.
func scanFields(rows *sql.Rows, fields []any, times catalogTimes) error {
	if !times {
		fields = fields[:len(fields)-2]
	}
	return rows.Scan(fields...)
}
