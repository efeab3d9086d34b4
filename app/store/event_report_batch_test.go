package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestReportBatchMatchesOneByOne writes the same reports twice, on two
// databases alike: one transaction per report, and in batches of the
// report queue, which decide on what they read once per batch and read
// each answering event's updates once. Answers (with their updates),
// events, updates and audit rows must come out the same. The reports are
// drawn at random over four components, one in a person's major incident
// and one in an active maintenance, and repeat components within a batch.
func TestReportBatchMatchesOneByOne(t *testing.T) {
	t.Parallel()
	for _, backend := range storetest.Backends() {
		t.Run(backend.Name, func(t *testing.T) {
			single, batched := newEventFixture(t, backend.Open(t)), newEventFixture(t, backend.Open(t))
			batched.now = single.now
			for _, f := range []*eventFixture{single, batched} {
				f.moreComponents(t)
				f.maintenance(t, -time.Hour, time.Hour) // holds component 1
				f.incident(t, "Person", model.ImpactMajor, 3)
			}
			// First the cases a batch must not get wrong, then random ones.
			scripted := [][][2]uint{
				{{2, 1}, {8, 1}}, // open a minor incident, join it
				{{4, 2}, {5, 2}}, // the same, major
				// A component joins the minor incident and moves on to the
				// major one; the others follow, and the minor one, left
				// empty, is closed.
				{{6, 1}, {6, 2}, {2, 2}, {8, 2}},
			}
			random := rand.New(rand.NewPCG(7, 11))
			for round := range 24 {
				var reports []store.BatchedReport
				add := func(component uint, impact model.Impact) {
					reports = append(reports, store.BatchedReport{Ctx: single.ctx, Report: store.Report{ComponentID: component, Impact: impact}})
				}
				if round < len(scripted) {
					for _, r := range scripted[round] {
						add(r[0], model.Impact(r[1]))
					}
				} else {
					for range 3 + random.IntN(14) {
						add(uint(1+random.IntN(8)), model.Impact(1+random.IntN(3)))
					}
				}
				now := single.now.Add(time.Duration(round) * time.Minute)
				var want []string
				for _, r := range reports {
					results, errs := store.WriteReportBatchForTest(single.s, monitor, []store.BatchedReport{r}, now)
					want = append(want, describeResult(results[0], errs[0]))
				}
				results, errs := store.WriteReportBatchForTest(batched.s, monitor, reports, now)
				for i := range reports {
					if got := describeResult(results[i], errs[i]); got != want[i] {
						t.Errorf("round %d report %d (component %d, impact %d): batched %s, one by one %s",
							round, i, reports[i].Report.ComponentID, reports[i].Report.Impact, got, want[i])
					}
				}
				if got, want := describeEvents(t, batched), describeEvents(t, single); got != want {
					t.Fatalf("round %d: events after the batch:\n%s\nafter one transaction each:\n%s", round, got, want)
				}
				if got, want := describeAudit(t, batched), describeAudit(t, single); !slices.Equal(got, want) {
					t.Fatalf("round %d: audit rows after the batch:\n%s\nafter one transaction each:\n%s",
						round, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
		})
	}
}

// moreComponents adds components 5 to 8: the fixture's two services in
// two more regions.
func (f *eventFixture) moreComponents(t *testing.T) {
	t.Helper()
	db := store.GormForTest(f.s)
	for _, stmt := range []string{
		"INSERT INTO regions (id, name, slug) VALUES (3, 'EU-CH', 'eu-ch'), (4, 'EU-FR', 'eu-fr')",
		"INSERT INTO components (id, service_id, region_id) VALUES (5, 1, 3), (6, 1, 4), (7, 2, 3), (8, 2, 4)",
	} {
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatalf("more components: %v", err)
		}
	}
}

func describeResult(r *store.ReportResult, err error) string {
	if err != nil {
		return "error " + err.Error()
	}
	described := fmt.Sprintf("%v event %d components %v updates", r.Action, r.Event.ID, componentIDsOf(r.Event))
	for _, u := range r.Event.Updates {
		described += fmt.Sprintf(" [%s %q]", u.Status, u.Text)
	}
	return described
}

// describeEvents prints every event with its components and updates.
func describeEvents(t *testing.T, f *eventFixture) string {
	t.Helper()
	var ids []uint
	if err := store.GormForTest(f.s).Table("events").Order("id").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, id := range ids {
		e := f.event(t, id)
		fmt.Fprintf(&out, "event %d %s %q impact %d status %s system %v ended %v components %v\n",
			e.ID, e.Type, e.Title, e.Impact, e.Status, e.System, e.EndAt != nil, componentIDsOf(e))
		for _, u := range e.Updates {
			fmt.Fprintf(&out, "  %s %s %q by %s\n", u.At.UTC().Format(time.RFC3339), u.Status, u.Text, u.Author)
		}
	}
	return out.String()
}

// describeAudit lists the audit rows, sorted: a batch writes its rows in
// one statement, whose order of ids is not the reports'.
func describeAudit(t *testing.T, f *eventFixture) []string {
	t.Helper()
	entries, _, err := f.s.AuditEntries(f.ctx, 1, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, e := range entries {
		rows = append(rows, fmt.Sprintf("%s %s %s before %s after %s", e.Actor, e.Action, e.Object, e.Before, e.After))
	}
	slices.Sort(rows)
	return rows
}
