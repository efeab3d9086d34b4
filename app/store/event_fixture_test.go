package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// eventFixture is a small catalog: two services in two regions.
type eventFixture struct {
	s          *store.Storage
	ctx        context.Context
	now        time.Time
	components []model.Component // ECS EU-DE, ECS EU-NL, RDS EU-DE, RDS EU-NL
	actor      store.Actor
}

func newEventFixture(t *testing.T, s *store.Storage) *eventFixture {
	t.Helper()
	f := &eventFixture{s: s, ctx: context.Background(), now: time.Now().UTC().Truncate(time.Second),
		actor: store.Actor{Subject: "sub-1", Name: "Ada Operator", Email: "ada@example.com"}}
	sqlDB, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		"INSERT INTO categories (id, name, slug) VALUES (1, 'Compute', 'compute'), (2, 'Database', 'database')",
		"INSERT INTO regions (id, name, slug) VALUES (1, 'EU-DE', 'eu-de'), (2, 'EU-NL', 'eu-nl')",
		"INSERT INTO services (id, name, slug, category_id) VALUES (1, 'Elastic Cloud Server', 'ecs', 1), (2, 'Relational Database', 'rds', 2)",
		"INSERT INTO components (id, service_id, region_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 2, 2)",
	}
	for _, stmt := range stmts {
		if _, err := sqlDB.ExecContext(f.ctx, stmt); err != nil {
			t.Fatalf("seed catalog: %v", err)
		}
	}
	if s.Dialect() == store.Postgres {
		for _, table := range []string{"categories", "regions", "services", "components"} {
			if _, err := sqlDB.ExecContext(f.ctx, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), 100)"); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.components, err = s.ComponentsWithServiceRegion(f.ctx)
	if err != nil || len(f.components) != 4 {
		t.Fatalf("components = %d, %v; want 4", len(f.components), err)
	}
	return f
}

func (f *eventFixture) incident(t *testing.T, title string, impact model.Impact, components ...uint) *model.Event {
	t.Helper()
	e, err := f.s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeIncident, Title: title, Impact: impact,
		ComponentIDs: components, StartAt: f.now.Add(-time.Hour)}, f.now)
	if err != nil {
		t.Fatalf("create incident %q: %v", title, err)
	}
	return e
}

func (f *eventFixture) event(t *testing.T, id uint) *model.Event {
	t.Helper()
	e, err := f.s.ReadEvent(f.ctx, id)
	if err != nil {
		t.Fatalf("load event %d: %v", id, err)
	}
	return e
}

// rowCounts counts the rows of every table a write touches, and the data version.
func (f *eventFixture) rowCounts(t *testing.T) map[string]int64 {
	t.Helper()
	sqlDB, err := f.s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, table := range []string{"events", "event_components", "event_updates", "audit_entries"} {
		var n int64
		if err := sqlDB.QueryRowContext(f.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	version, err := f.s.DataVersion(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts["data_version"] = version
	return counts
}

// unchanged fails when any count differs from before.
func (f *eventFixture) unchanged(t *testing.T, before map[string]int64) {
	t.Helper()
	for table, n := range f.rowCounts(t) {
		if n != before[table] {
			t.Errorf("%s = %d after a rejected write, want %d", table, n, before[table])
		}
	}
}

func componentIDsOf(e *model.Event) []uint {
	ids := []uint{}
	for _, c := range e.Components {
		ids = append(ids, c.ID)
	}
	return ids
}

func lastUpdate(e *model.Event) model.EventUpdate {
	return e.Updates[len(e.Updates)-1]
}

func hasUpdate(e *model.Event, status, text string) bool {
	for _, u := range e.Updates {
		if u.Status == status && strings.Contains(u.Text, text) {
			return true
		}
	}
	return false
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	v, ok := store.AsValidation(err)
	if !ok {
		t.Fatalf("error = %v, want a validation error on %q", err, field)
	}
	if _, ok := v.Fields[field]; !ok {
		t.Errorf("fields in error = %v, want %q", v.Fields, field)
	}
}

func wantNotFound(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("error = %v, want ErrNotFound", err)
	}
}
