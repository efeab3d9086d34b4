package store

import (
	"context"
	"fmt"
	"slices"
)

// Schema lists the application's tables and their column names, sorted,
// leaving out goose's own bookkeeping table.
func (s *Storage) Schema(ctx context.Context) (map[string][]string, error) {
	migrator := s.db.WithContext(ctx).Migrator()
	tables, err := migrator.GetTables()
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	schema := make(map[string][]string, len(tables))
	for _, table := range tables {
		if table == "goose_db_version" || table == "sqlite_sequence" {
			continue
		}
		columns, err := migrator.ColumnTypes(table)
		if err != nil {
			return nil, fmt.Errorf("store: columns of %s: %w", table, err)
		}
		names := make([]string, 0, len(columns))
		for _, column := range columns {
			names = append(names, column.Name())
		}
		slices.Sort(names)
		schema[table] = names
	}
	return schema, nil
}
