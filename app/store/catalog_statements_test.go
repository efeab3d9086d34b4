package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestProvisionStatements proves that provisioning scales linearly without
// timing it: a run of twice the events sends more statements only by a
// few per batch of events, where looking up each event's twins one at a
// time would send several per event (README, Bootstrap). Run again on the
// same catalog, provisioning writes no catalog row: only its audit row and
// the data version every write transaction bumps.
func TestProvisionStatements(t *testing.T) {
	t.Parallel()
	const events = 500
	backends := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "statusdash.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDatabaseURL(t) }},
	}
	for _, backend := range backends {
		t.Run(backend.name, func(t *testing.T) {
			firstN, secondN, batch := provisionTwice(t, backend.url(t), events)
			first2N, second2N, _ := provisionTwice(t, backend.url(t), 2*events)
			batches := (2*events + batch - 1) / batch
			tests := []struct {
				run         string
				n, twiceN   int
				perBatchMax int
			}{
				// Per batch: the twins' lookup, and the inserts of events, of
				// their components and of their updates.
				{"first", len(firstN), len(first2N), 6},
				// Per batch: the twins' lookup, and the reads of their
				// components and of their updates.
				{"second", len(secondN), len(second2N), 4},
			}
			for _, tt := range tests {
				t.Logf("%s run: %d statements for %d events, %d for %d", tt.run, tt.n, events, tt.twiceN, 2*events)
				if tt.twiceN > tt.n+tt.perBatchMax*batches {
					t.Errorf("%s run: got %d statements for %d events and %d for %d, want at most %d more (%d batches of %d)",
						tt.run, tt.n, events, tt.twiceN, 2*events, tt.perBatchMax*batches, batches, batch)
				}
			}
		})
	}
}

// provisionTwice provisions a catalog of the given number of past events
// on a fresh database at url, twice, and returns the statements each run
// sent, and the batch size. It checks that the second run changed nothing.
func provisionTwice(t *testing.T, url string, events int) (first, second []string, batch int) {
	t.Helper()
	ctx := context.Background()
	s, log, err := store.OpenLoggingStatementsForTest(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	spec := historyCatalog(now, events)
	// Some events float, recognised by type and title alone.
	for i := range spec.Events {
		if i%7 == 3 {
			spec.Events[i].Floating = true
		}
	}
	log.Statements()
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, now); err != nil {
		t.Fatalf("first provision: %v", err)
	}
	first = log.Statements()
	version, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	log.Statements()
	result, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, now.Add(time.Hour))
	if err != nil {
		t.Fatalf("second provision: %v", err)
	}
	second = log.Statements()
	if result.Events != (store.ProvisionCounts{Unchanged: len(spec.Events)}) || result.Updates.Created != 0 || result.Updates.Updated != 0 {
		t.Errorf("got second run %+v, want every event and update unchanged", result)
	}
	for _, statement := range second {
		sql := strings.ToUpper(strings.TrimSpace(statement))
		write := strings.HasPrefix(sql, "INSERT") || strings.HasPrefix(sql, "UPDATE") || strings.HasPrefix(sql, "DELETE")
		if write && !strings.Contains(sql, "AUDIT_ENTRIES") && !strings.Contains(sql, "DATA_VERSION") {
			t.Errorf("second run wrote %s", statement)
		}
	}
	if after, err := s.DataVersion(ctx); err != nil || after != version+1 {
		t.Errorf("got data version %d, %v after the second run, want %d: one write transaction", after, err, version+1)
	}
	if _, total, err := s.AuditEntries(ctx, 1, 1); err != nil || total != 2 {
		t.Errorf("got %d audit rows, %v after two runs, want 2", total, err)
	}
	return first, second, store.ProvisionBatchForTest(s)
}

// TestProvisionLookupsUseIndexes: with many events stored (planEvents),
// provisioning's lookups of a full batch of events read them from indexes,
// not by scanning every event, link or update (a scan per batch would grow
// with the square of the events).
func TestProvisionLookupsUseIndexes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		spec := historyCatalog(time.Now().UTC(), planEvents(s))
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err != nil {
			t.Fatalf("provision: %v", err)
		}
		var titles []string
		var ids []uint
		for i := range store.ProvisionBatchForTest(s) {
			titles = append(titles, spec.Events[i*7].Title)
			ids = append(ids, uint(1+i*7))
		}
		plans, err := store.ExplainProvisionLookupsForTest(ctx, s, titles, ids)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		wants := []string{"events_title_type_idx", "event_components_pkey", "event_updates_event_id_idx"}
		if s.Dialect() == store.SQLite {
			// SQLite names the primary key of a table without rowid so.
			wants[1] = "sqlite_autoindex_event_components_1"
		}
		for i, plan := range plans {
			if strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "SCAN ") && !strings.Contains(plan, "USING") {
				t.Errorf("lookup %d scans a whole table:\n%s", i, plan)
			}
			if !strings.Contains(plan, wants[i]) {
				t.Errorf("lookup %d does not use %s:\n%s", i, wants[i], plan)
			}
		}
	})
}
