package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"statusdash/app/model"
	"statusdash/app/store"
)

// TestMatchingSubscribersStatements proves the fan-out's read does not
// grow with the subscribers: two statements for 3 and for 60 of them.
func TestMatchingSubscribersStatements(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, log, err := store.OpenLoggingStatementsForTest(ctx, filepath.Join(t.TempDir(), "statusdash.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	f := newEventFixture(t, s)
	incident := f.incident(t, "ECS down", model.ImpactOutage, f.components[0].ID)
	scopes := []store.SubscriberScope{
		{WholePage: true, News: store.NewsBoth},
		{RegionIDs: []uint{1}, News: store.NewsIncidents},
		{CategoryIDs: []uint{1}, ServiceIDs: []uint{2}, News: store.NewsBoth},
	}
	counted := 0
	for _, total := range []int{3, 60} {
		for ; counted < total; counted++ {
			subscribe(t, f, fmt.Sprintf("r%d@example.org", counted), scopes[counted%len(scopes)], false)
		}
		log.Statements()
		recipients, err := s.MatchingSubscribers(ctx, incident.ID)
		if err != nil || len(recipients) != total {
			t.Fatalf("%d subscribers: %d recipients, %v", total, len(recipients), err)
		}
		if statements := log.Statements(); len(statements) != 2 {
			t.Errorf("%d subscribers: %d statements, want 2: %q", total, len(statements), statements)
		}
	}
}
