package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestReportStatements states, statement by statement, what a monitoring
// report costs on each database (README, Performance): the lookup of its
// component alone for a refusal; on PostgreSQL the lock, one read and one
// write per batch of reports, plus the insert of each new incident; the
// read of the answer's updates after the commit; when a report changes an
// incident, the read of the finalized availability day (held until the
// commit), and no roll-up refresh: a report changes only today, which the
// roll-ups do not hold. It fails when a change adds a statement to the
// report path, or moves one.
func TestReportStatements(t *testing.T) {
	t.Parallel()
	backends := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "statusdash.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDatabaseURL(t) }},
	}
	for _, backend := range backends {
		t.Run(backend.name, func(t *testing.T) {
			ctx := context.Background()
			s, log, err := store.OpenLoggingStatementsForTest(ctx, backend.url(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			if _, err := s.MigrateUp(ctx); err != nil {
				t.Fatal(err)
			}
			f := newEventFixture(t, s)
			// Components older than their events, as outside of imports:
			// no write moves the start of their history.
			sqlDB, err := s.SQL()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sqlDB.ExecContext(ctx, "UPDATE components SET created_at = $1", f.now.Add(-24*time.Hour)); err != nil {
				t.Fatal(err)
			}
			postgres := s.Dialect() == store.Postgres
			// On SQLite each write is a statement of its own.
			writes := func(sqlite ...string) []string {
				if postgres {
					return []string{"write"}
				}
				return sqlite
			}
			locked := func(statements ...string) []string {
				if postgres {
					return append([]string{"begin", "lock"}, append(statements, "commit")...)
				}
				return statements
			}
			join := func(parts ...[]string) []string { return slices.Concat(parts...) }
			// A report that changes an incident reads the finalized day after
			// its writes, before SQLite's bump.
			refreshed := func(written []string) []string {
				refresh := []string{"read finalized day"}
				if postgres {
					return join(written, refresh)
				}
				return join(written[:len(written)-1], refresh, []string{"bump"})
			}
			// PostgreSQL answers a refusal from the lookup; SQLite reads and
			// decides under the write lock, and rolls back.
			refused := []string{"lookup", "read"}
			if postgres {
				refused = []string{"lookup"}
			}
			steps := []struct {
				name      string
				component string // region of ECS, or "rds/<region>"
				impact    model.Impact
				action    incident.Action
				want      []string
			}{
				{"opens an incident", "EU-DE", model.ImpactMinor, incident.ActionOpen, join([]string{"lookup"},
					locked(join([]string{"read", "insert event"}, refreshed(writes("insert link", "insert updates", "insert audits", "bump")))...),
					[]string{"read updates"})},
				{"joins it", "EU-NL", model.ImpactMinor, incident.ActionJoin, join([]string{"lookup"},
					locked(join([]string{"read"}, refreshed(writes("update event", "insert link", "insert updates", "insert audits", "insert changes", "bump")))...),
					[]string{"read updates"})},
				{"is refused", "EU-DE", model.ImpactMinor, incident.ActionConflict, refused},
				{"moves up to a new incident", "EU-DE", model.ImpactMajor, incident.ActionMoveToNew, join([]string{"lookup"},
					locked(join([]string{"read", "insert event"}, refreshed(writes("update event", "move link", "insert updates", "insert audits", "insert changes", "bump")))...),
					[]string{"read updates"})},
			}
			log.Statements()
			for _, step := range steps {
				result := reportByName(t, f, "Elastic Cloud Server", step.component, step.impact)
				if result.Action != step.action {
					t.Fatalf("%s: action %v, want %v", step.name, result.Action, step.action)
				}
				if got := statementKinds(log.Statements()); !slices.Equal(got, step.want) {
					t.Errorf("%s: statements\n  %s\nwant\n  %s", step.name, strings.Join(got, "\n  "), strings.Join(step.want, "\n  "))
				}
			}

			// In an active maintenance: answered from a read-only snapshot
			// on PostgreSQL, without the lock.
			maintenance := f.maintenance(t, -time.Hour, time.Hour) // component 1
			log.Statements()
			result := reportByName(t, f, "Elastic Cloud Server", "EU-DE", model.ImpactOutage)
			if result.Action != incident.ActionMaintenance || result.Event.ID != maintenance.ID {
				t.Fatalf("in maintenance: %v event %d, want the maintenance %d", result.Action, result.Event.ID, maintenance.ID)
			}
			want := []string{"lookup", "read", "read updates"}
			if postgres {
				want = []string{"lookup", "begin", "read", "read updates", "commit"}
			}
			if got := statementKinds(log.Statements()); !slices.Equal(got, want) {
				t.Errorf("in maintenance: statements\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}

			// A batch: the first report joins the major incident, the
			// second opens an outage incident, whose insert sends the writes
			// queued before it.
			results, errs := store.WriteReportBatchForTest(s, monitor, []store.BatchedReport{
				{Ctx: f.ctx, Report: store.Report{ComponentID: 3, Impact: model.ImpactMajor}},
				{Ctx: f.ctx, Report: store.Report{ComponentID: 4, Impact: model.ImpactOutage}},
			}, f.now)
			for i, wantAction := range []incident.Action{incident.ActionJoin, incident.ActionOpen} {
				if errs[i] != nil || results[i].Action != wantAction {
					t.Fatalf("batch report %d: %+v, %v; want %v", i, results[i], errs[i], wantAction)
				}
			}
			got := statementKinds(log.Statements())
			for len(got) > 0 && got[0] == "lookup" { // the test's own, before the batch
				got = got[1:]
			}
			want = []string{"begin", "lock", "read", "write", "insert event", "write", "read finalized day", "commit", "read updates", "read updates"}
			if !postgres {
				want = []string{"read", "update event", "insert link", "insert updates", "insert audits", "insert changes",
					"insert event", "insert link", "insert updates", "insert audits", "read finalized day", "bump", "read updates", "read updates"}
			}
			if !slices.Equal(got, want) {
				t.Errorf("batch: statements\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// reportByName reports on a component by its service's name and its
// region, as stackmon v1 does.
func reportByName(t *testing.T, f *eventFixture, service, region string, impact model.Impact) *store.ReportResult {
	t.Helper()
	r, err := f.s.ReportComponent(f.ctx, monitor, store.Report{Name: service, Attributes: []store.ComponentAttribute{{Name: "region", Value: region}},
		Impact: impact}, f.now)
	if err != nil {
		t.Fatalf("report %s %s impact %d: %v", service, region, impact, err)
	}
	return r
}

// statementKinds names each statement by what it does; a statement of no
// known kind is kept as it is.
func statementKinds(statements []string) []string {
	kinds := make([]string, len(statements))
	for i, statement := range statements {
		kinds[i] = statementKind(statement)
	}
	return kinds
}

func statementKind(statement string) string {
	sql := strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer(`"`, "", "`", "").Replace(statement)), " "))
	switch {
	case sql == "begin" || strings.HasPrefix(sql, "begin "):
		return "begin"
	case sql == "commit":
		return "commit"
	case strings.Contains(sql, "pg_advisory_xact_lock"):
		return "lock"
	case strings.HasPrefix(sql, "with w0 as"):
		return "write"
	case strings.Contains(sql, "join regions on regions.id = components.region_id"):
		return "lookup"
	case strings.Contains(sql, "from events where ((type = 'incident' and end_at is null)"):
		return "read"
	case strings.HasPrefix(sql, "insert into events"):
		return "insert event"
	case strings.HasPrefix(sql, "update events"):
		return "update event"
	case strings.HasPrefix(sql, "insert into event_components"):
		return "insert link"
	case strings.HasPrefix(sql, "update event_components"):
		return "move link"
	case strings.HasPrefix(sql, "delete from event_components"):
		return "delete link"
	case strings.HasPrefix(sql, "insert into event_updates"):
		return "insert updates"
	case strings.HasPrefix(sql, "insert into audit_entries"):
		return "insert audits"
	case strings.HasPrefix(sql, "insert into event_changes"):
		return "insert changes"
	case strings.HasPrefix(sql, "update data_version"):
		return "bump"
	case strings.HasPrefix(sql, "select") && strings.Contains(sql, "from event_updates"):
		return "read updates"
	case strings.HasPrefix(sql, "select s.finalized_day, exists"):
		return "read finalized day"
	case strings.HasPrefix(sql, "select c.id, c.created_at from components c"):
		return "read rollup components"
	case strings.Contains(sql, "from events e left join event_components ec"):
		return "read history"
	case strings.Contains(sql, "from event_changes ch join events e"):
		return "read history changes"
	case strings.HasPrefix(sql, "delete from component_days"):
		return "clear days"
	case strings.HasPrefix(sql, "insert into component_days"):
		return "insert days"
	case strings.HasPrefix(sql, "delete from component_months"):
		return "clear months"
	case strings.HasPrefix(sql, "insert into component_months"):
		return "sum months"
	}
	return statement
}
