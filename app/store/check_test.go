package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func httpDefinition() probe.Definition {
	return probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/health", Interval: 30 * time.Second}
}

// A check reads back as it was written, every kind's settings included,
// and each write bumps the data version and leaves an audit row.
func TestCheckCreateReadsBack(t *testing.T) {
	t.Parallel()
	definitions := map[string]probe.Definition{
		"http minimal": httpDefinition(),
		"http full": {Kind: probe.KindHTTP, Target: "http://10.0.0.1:8080/x?y=1", Interval: 45 * time.Second,
			Timeout: 2500 * time.Millisecond, MaxLatency: 800 * time.Millisecond, Locations: []string{"fra", "ams", "local"}, Quorum: 2,
			HTTP: probe.HTTPSettings{Method: "POST", Headers: map[string]string{"Authorization": "Bearer x"}, Body: `{"a":1}`,
				ExpectedStatus: probe.StatusRanges{{Low: 200, High: 204}, {Low: 301, High: 301}}, BodyContains: "ok",
				BodyRegexp: `^ok\b`, IgnoreRedirects: true, SkipTLSVerify: true}},
		"tcp":  {Kind: probe.KindTCP, Target: "db.example.org:5432", Interval: time.Minute},
		"icmp": {Kind: probe.KindICMP, Target: "127.0.0.1", Interval: 10 * time.Second},
		"dns": {Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute,
			DNS: probe.DNSSettings{RecordType: "AAAA", NameServer: "1.1.1.1:53", ExpectedAnswers: []string{"::1"}}},
		"tls":       {Kind: probe.KindTLS, Target: "example.org", Interval: time.Hour, TLS: probe.TLSSettings{ExpiryWarningDays: 30}},
		"heartbeat": {Kind: probe.KindHeartbeat, Interval: 24 * time.Hour, Heartbeat: probe.HeartbeatSettings{Grace: time.Hour}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		for name, def := range definitions {
			t.Run(name, func(t *testing.T) {
				version, err := s.DataVersion(f.ctx)
				if err != nil {
					t.Fatal(err)
				}
				in := store.NewCheck{ComponentID: f.components[1].ID, Definition: def, Paused: name == "tcp"}
				if def.Kind == probe.KindHeartbeat {
					in.HeartbeatTokenHash = strings.Repeat("ab", 32)
				}
				created, err := s.CreateCheck(f.ctx, f.actor, in, f.now)
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				got, err := s.Check(f.ctx, created.ID)
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				if !reflect.DeepEqual(got.Definition, def) {
					t.Errorf("got definition %+v, want %+v", got.Definition, def)
				}
				if got.ComponentID != f.components[1].ID || got.Paused != in.Paused || !got.CreatedAt.Equal(f.now) || !reflect.DeepEqual(got, created) {
					t.Errorf("got %+v, want what create answered %+v", got, created)
				}
				if after, _ := s.DataVersion(f.ctx); after == version {
					t.Errorf("data version %d unchanged by a create", after)
				}
			})
		}
		checks, err := s.Checks(f.ctx, 0)
		if err != nil || len(checks) != len(definitions) {
			t.Fatalf("got %d checks, %v; want %d", len(checks), err, len(definitions))
		}
		if none, err := s.Checks(f.ctx, f.components[0].ID); err != nil || len(none) != 0 {
			t.Errorf("checks of a component without any: %d, %v; want 0", len(none), err)
		}
		entries, total, err := s.AuditEntries(f.ctx, 1, 1)
		if err != nil || total != int64(len(definitions)) || entries[0].Action != store.ActionCheckCreate || entries[0].Actor != f.actor.Subject {
			t.Errorf("audit: %d rows (%v), newest %+v; want %d check.create rows", total, err, entries, len(definitions))
		}
	})
}

// Bad definitions, unknown components and token mismatches are refused
// naming the field, and nothing is written.
func TestCheckCreateRefusesBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(in *store.NewCheck)
		field  string
	}{
		{"unknown kind", func(in *store.NewCheck) { in.Definition.Kind = "smtp" }, probe.FieldKind},
		{"bad URL", func(in *store.NewCheck) { in.Definition.Target = "https://exa mple.org/" }, probe.FieldTarget},
		{"ftp scheme", func(in *store.NewCheck) { in.Definition.Target = "ftp://example.org/" }, probe.FieldTarget},
		{"interval under 10 s", func(in *store.NewCheck) { in.Definition.Interval = 5 * time.Second }, probe.FieldInterval},
		{"impossible regexp", func(in *store.NewCheck) { in.Definition.HTTP.BodyRegexp = "(" }, probe.FieldBodyRegexp},
		{"quorum above locations", func(in *store.NewCheck) {
			in.Definition.Locations, in.Definition.Quorum = []string{"a", "b"}, 3
		}, probe.FieldQuorum},
		{"unknown component", func(in *store.NewCheck) { in.ComponentID = 999 }, store.FieldComponentID},
		{"no component", func(in *store.NewCheck) { in.ComponentID = 0 }, store.FieldComponentID},
		{"token for http", func(in *store.NewCheck) { in.HeartbeatTokenHash = "abc" }, "heartbeat_token"},
		{"heartbeat without token", func(in *store.NewCheck) {
			in.Definition = probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}
		}, "heartbeat_token"},
	}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}
				tt.mutate(&in)
				_, err := s.CreateCheck(f.ctx, f.actor, in, f.now)
				v, ok := store.AsValidation(err)
				if !ok {
					t.Fatalf("got error %v, want a ValidationError on %s", err, tt.field)
				}
				if _, named := v.Fields[tt.field]; !named {
					t.Errorf("got fields %v, want %s named", v.Fields, tt.field)
				}
			})
		}
		if checks, err := s.Checks(f.ctx, 0); err != nil || len(checks) != 0 {
			t.Errorf("got %d checks (%v) after refused creates, want 0", len(checks), err)
		}
		if _, total, err := s.AuditEntries(f.ctx, 1, 1); err != nil || total != 0 {
			t.Errorf("got %d audit rows (%v) after refused creates, want 0", total, err)
		}
	})
}

// A patch changes only what it names; null restores a default; a patch
// that breaks the definition or changes the kind writes nothing.
func TestCheckUpdate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		start := httpDefinition()
		start.HTTP.BodyContains = "ok"
		created, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: start}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		paused, other := true, f.components[2].ID
		later := f.now.Add(time.Minute)
		got, err := s.UpdateCheck(f.ctx, f.actor, created.ID, store.CheckPatch{ComponentID: &other, Paused: &paused,
			Definition: json.RawMessage(`{"interval_seconds": 60, "body_contains": null, "locations": ["a", "b"]}`)}, later)
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		want := start
		want.Interval, want.HTTP.BodyContains, want.Locations = time.Minute, "", []string{"a", "b"}
		if !reflect.DeepEqual(got.Definition, want) || got.ComponentID != other || !got.Paused || !got.UpdatedAt.Equal(later) || !got.CreatedAt.Equal(f.now) {
			t.Errorf("got %+v, want definition %+v on component %d, paused, updated at %v", got, want, other, later)
		}
		reread, err := s.Check(f.ctx, created.ID)
		if err != nil || !reflect.DeepEqual(reread, got) {
			t.Errorf("read back %+v (%v), want %+v", reread, err, got)
		}
		unknown := uint(999)
		for name, patch := range map[string]struct {
			patch store.CheckPatch
			field string
		}{
			"kind change":       {store.CheckPatch{Definition: json.RawMessage(`{"kind": "tcp"}`)}, probe.FieldKind},
			"kind removed":      {store.CheckPatch{Definition: json.RawMessage(`{"kind": null}`)}, probe.FieldKind},
			"short interval":    {store.CheckPatch{Definition: json.RawMessage(`{"interval_seconds": 3}`)}, probe.FieldInterval},
			"quorum too large":  {store.CheckPatch{Definition: json.RawMessage(`{"quorum": 3}`)}, probe.FieldQuorum},
			"unknown field":     {store.CheckPatch{Definition: json.RawMessage(`{"colour": "red"}`)}, "colour"},
			"unknown component": {store.CheckPatch{ComponentID: &unknown}, store.FieldComponentID},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := s.UpdateCheck(f.ctx, f.actor, created.ID, patch.patch, later.Add(time.Hour))
				v, ok := store.AsValidation(err)
				if !ok {
					t.Fatalf("got error %v, want a ValidationError", err)
				}
				if _, named := v.Fields[patch.field]; !named {
					t.Errorf("got fields %v, want %s named", v.Fields, patch.field)
				}
				if after, err := s.Check(f.ctx, created.ID); err != nil || !reflect.DeepEqual(after, got) {
					t.Errorf("after a refused patch: %+v (%v), want unchanged %+v", after, err, got)
				}
			})
		}
		if _, err := s.UpdateCheck(f.ctx, f.actor, 999, store.CheckPatch{Paused: &paused}, later); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of an unknown check: %v, want ErrNotFound", err)
		}
	})
}

// Deleting a check removes its results; results list newest first in
// bounded pages.
func TestCheckResultsAndDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		var results []store.CheckResult
		for i := range 5 {
			results = append(results, store.CheckResult{CheckID: check.ID, Location: "local", StartedAt: f.now.Add(time.Duration(i) * time.Minute),
				Outcome: probe.OutcomeDown, Latency: time.Duration(i) * time.Millisecond, Reason: "connection refused"})
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			before time.Time
			limit  int
			want   []time.Duration // offsets of the starts, newest first
		}{
			{"all", time.Time{}, 0, []time.Duration{4, 3, 2, 1, 0}},
			{"first page", time.Time{}, 2, []time.Duration{4, 3}},
			{"next page", f.now.Add(3 * time.Minute), 2, []time.Duration{2, 1}},
		}
		for _, tt := range tests {
			got, err := s.CheckResults(f.ctx, check.ID, tt.before, tt.limit)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var offsets []time.Duration
			for _, r := range got {
				offsets = append(offsets, r.StartedAt.Sub(f.now)/time.Minute)
				if r.Location != "local" || r.Outcome != probe.OutcomeDown || r.Reason != "connection refused" || r.Latency != time.Duration(r.StartedAt.Sub(f.now)/time.Minute)*time.Millisecond {
					t.Errorf("%s: got result %+v", tt.name, r)
				}
			}
			if !reflect.DeepEqual(offsets, tt.want) {
				t.Errorf("%s: got starts %v, want %v", tt.name, offsets, tt.want)
			}
		}
		if err := s.DeleteCheck(f.ctx, f.actor, check.ID, f.now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Check(f.ctx, check.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("read after delete: %v, want ErrNotFound", err)
		}
		if _, err := s.CheckResults(f.ctx, check.ID, time.Time{}, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("results after delete: %v, want ErrNotFound", err)
		}
		if n := countTable(t, s, "check_results"); n != 0 {
			t.Errorf("got %d results after delete, want 0", n)
		}
		if err := s.DeleteCheck(f.ctx, f.actor, check.ID, f.now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
	})
}

// bootstrap purge removes checks and their results with the catalog.
func TestPurgeCatalogRemovesChecks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddCheckResults(f.ctx, []store.CheckResult{{CheckID: check.ID, Location: "local", StartedAt: f.now, Outcome: probe.OutcomeUp}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.PurgeCatalog(context.Background(), store.BootstrapActor, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if got.Checks != 1 || got.CheckResults != 1 {
			t.Errorf("purged %d checks and %d results, want 1 and 1", got.Checks, got.CheckResults)
		}
		for _, table := range []string{"checks", "check_results"} {
			if n := countTable(t, s, table); n != 0 {
				t.Errorf("got %d rows in %s after purge, want 0", n, table)
			}
		}
	})
}

func countTable(t *testing.T, s *store.Storage, table string) int {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// A page of results reads the (check_id, started_at, id) index: no scan of
// other checks' results, and the first page no sort.
func TestCheckResultsUseIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var checks []uint
		for range 20 {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			checks = append(checks, check.ID)
		}
		var results []store.CheckResult
		for i := range 500 {
			for _, id := range checks {
				results = append(results, store.CheckResult{CheckID: id, Location: "local", StartedAt: f.now.Add(time.Duration(i) * 30 * time.Second), Outcome: probe.OutcomeUp})
			}
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		plans, err := store.ExplainCheckResultsForTest(f.ctx, s, checks[3], f.now.Add(3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for i, plan := range plans {
			if !strings.Contains(plan, "check_results_check_started_idx") {
				t.Errorf("page %d does not use check_results_check_started_idx:\n%s", i, plan)
			}
			// A later page may sort the few rows left before its start; the
			// first, which monitoring pages read every time, never.
			if i == 0 && (strings.Contains(plan, "Sort") || strings.Contains(plan, "TEMP B-TREE")) {
				t.Errorf("the first page sorts:\n%s", plan)
			}
		}
	})
}
