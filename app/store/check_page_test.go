package store_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// Paging by (started_at, id) returns every result once, even when several
// locations started at the same instant; a cursor by time alone keeps its
// old meaning.
func TestCheckResultsPageCursor(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		var results []store.CheckResult
		for round := range 3 {
			for _, location := range []string{"ams", "fra", "local"} {
				results = append(results, store.CheckResult{CheckID: check.ID, Location: location,
					StartedAt: f.now.Add(time.Duration(round) * time.Minute), Outcome: probe.OutcomeUp})
			}
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 4} {
			var seen []uint
			cursor := store.CheckResultCursor{}
			for page := 0; page < 20; page++ {
				got, err := s.CheckResultsPage(f.ctx, check.ID, cursor, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) == 0 {
					break
				}
				for _, r := range got {
					seen = append(seen, r.ID)
				}
				cursor = got[len(got)-1].After()
			}
			if len(seen) != len(results) {
				t.Errorf("limit %d: paged through %d results %v, want %d", limit, len(seen), seen, len(results))
			}
			for i := 1; i < len(seen); i++ {
				if seen[i] >= seen[i-1] {
					t.Errorf("limit %d: ids %v not newest first", limit, seen)
					break
				}
			}
		}
		byTime, err := s.CheckResults(f.ctx, check.ID, f.now.Add(2*time.Minute), 0)
		if err != nil || len(byTime) != 6 {
			t.Errorf("before the last round by time: %d results, %v; want 6", len(byTime), err)
		}
	})
}

// The last result per check and location comes in one statement that reads
// each check's results through its index.
func TestLatestCheckResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var ids []uint
		for range 3 {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, check.ID)
		}
		var results []store.CheckResult
		for round := range 5 {
			at := f.now.Add(time.Duration(round) * time.Minute)
			results = append(results,
				store.CheckResult{CheckID: ids[0], Location: "fra", StartedAt: at, Outcome: probe.OutcomeUp, Latency: time.Duration(round) * time.Millisecond},
				store.CheckResult{CheckID: ids[1], Location: "local", StartedAt: at, Outcome: probe.OutcomeDown, Reason: "refused"})
			if round < 2 {
				results = append(results, store.CheckResult{CheckID: ids[0], Location: "ams", StartedAt: at, Outcome: probe.OutcomeDegraded})
			}
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		latest, err := s.LatestCheckResults(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		type seen struct {
			location string
			minute   time.Duration
			outcome  probe.Outcome
		}
		summary := map[uint][]seen{}
		for id, list := range latest {
			for _, r := range list {
				summary[id] = append(summary[id], seen{r.Location, r.StartedAt.Sub(f.now) / time.Minute, r.Outcome})
			}
		}
		want := map[uint][]seen{
			ids[0]: {{"ams", 1, probe.OutcomeDegraded}, {"fra", 4, probe.OutcomeUp}},
			ids[1]: {{"local", 4, probe.OutcomeDown}},
		}
		if !reflect.DeepEqual(summary, want) {
			t.Errorf("got %v, want %v", summary, want)
		}
		counted, statements := store.CountQueriesForTest(s)
		if _, err := counted.LatestCheckResults(f.ctx); err != nil || statements() != 1 {
			t.Errorf("the latest results took %d statements (%v), want 1 whatever the number of checks", statements(), err)
		}
		// Enough results that a scan would cost more than the index.
		var more []store.CheckResult
		for round := range 300 {
			for _, id := range ids {
				more = append(more, store.CheckResult{CheckID: id, Location: "bulk", StartedAt: f.now.Add(-time.Duration(round+1) * time.Minute), Outcome: probe.OutcomeUp})
			}
		}
		if err := s.AddCheckResults(f.ctx, more); err != nil {
			t.Fatal(err)
		}
		plan, err := store.ExplainLatestCheckResultsForTest(f.ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "check_results_check_started_idx") {
			t.Errorf("the latest results do not read check_results_check_started_idx:\n%s", plan)
		}
	})
}

// The audit log keeps a check's header names, never their values.
func TestCheckAuditRedactsHeaders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		def := httpDefinition()
		def.HTTP.Headers = map[string]string{"Authorization": "Bearer secret-one"}
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: def}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		patch := store.CheckPatch{Definition: []byte(`{"headers": {"Authorization": "Bearer secret-two", "X-Key": "secret-three"}}`)}
		if _, err := s.UpdateCheck(f.ctx, f.actor, check.ID, patch, f.now); err != nil {
			t.Fatal(err)
		}
		stored, err := s.Check(f.ctx, check.ID)
		if err != nil || stored.Definition.HTTP.Headers["X-Key"] != "secret-three" {
			t.Fatalf("stored headers %v, %v; want the values kept in the check", stored.Definition.HTTP.Headers, err)
		}
		if err := s.DeleteCheck(f.ctx, f.actor, check.ID, f.now); err != nil {
			t.Fatal(err)
		}
		entries, _, err := s.AuditEntries(f.ctx, 1, 10)
		if err != nil || len(entries) != 3 {
			t.Fatalf("got %d audit entries, %v; want 3", len(entries), err)
		}
		for _, entry := range entries {
			text := entry.Before + entry.After
			if strings.Contains(text, "secret") {
				t.Errorf("%s audit row holds a header value: %s", entry.Action, text)
			}
			if !strings.Contains(text, `"Authorization":"`+store.RedactedHeader+`"`) {
				t.Errorf("%s audit row lost the header name: %s", entry.Action, text)
			}
		}
	})
}

// Recent failures are the results that were not up, newest first.
func TestRecentCheckFailures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		outcomes := []probe.Outcome{probe.OutcomeDown, probe.OutcomeUp, probe.OutcomeDegraded, probe.OutcomeUp, probe.OutcomeDown}
		var results []store.CheckResult
		for i, outcome := range outcomes {
			results = append(results, store.CheckResult{CheckID: check.ID, Location: "local", StartedAt: f.now.Add(time.Duration(i) * time.Minute),
				Outcome: outcome, Reason: string(outcome)})
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecentCheckFailures(f.ctx, check.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		var minutes []time.Duration
		for _, r := range got {
			minutes = append(minutes, r.StartedAt.Sub(f.now)/time.Minute)
		}
		if want := []time.Duration{4, 2}; !reflect.DeepEqual(minutes, want) {
			t.Errorf("got failures at minutes %v, want %v", minutes, want)
		}
		if _, err := s.RecentCheckFailures(f.ctx, check.ID+100, 2); err == nil {
			t.Error("failures of an unknown check: no error")
		}
	})
}
