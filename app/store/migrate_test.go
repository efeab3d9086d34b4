package store_test

import (
	"context"
	"slices"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// Both dialects must end with the same tables and columns.
func TestMigrationsGiveSameSchemaOnEveryDialect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	schemas := map[string]map[string][]string{}
	for _, backend := range storetest.Backends() {
		s := backend.Open(t)
		schema, err := s.Schema(ctx)
		if err != nil {
			t.Fatalf("%s: schema: %v", backend.Name, err)
		}
		if len(schema) < 9 {
			t.Fatalf("%s: got %d tables, want at least 9", backend.Name, len(schema))
		}
		schemas[backend.Name] = schema
	}
	sqlite := schemas["sqlite"]
	for name, schema := range schemas {
		for table, columns := range sqlite {
			if !slices.Equal(schema[table], columns) {
				t.Errorf("%s table %s columns = %v, want %v (as sqlite)", name, table, schema[table], columns)
			}
		}
		if len(schema) != len(sqlite) {
			t.Errorf("%s has %d tables, sqlite has %d", name, len(schema), len(sqlite))
		}
	}
}

func TestMigrateDownAndUpAgain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if err := s.MigrateDown(ctx); err != nil {
			t.Fatalf("down: %v", err)
		}
		pending, err := s.HasPendingMigrations(ctx)
		if err != nil || !pending {
			t.Fatalf("after down: pending = %v, %v; want true", pending, err)
		}
		if _, err := s.MigrateUp(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		pending, err = s.HasPendingMigrations(ctx)
		if err != nil || pending {
			t.Fatalf("after up: pending = %v, %v; want false", pending, err)
		}
	})
}
