package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ProvisionBatchForTest is the fewest rows or keys provisioning puts in
// one statement on s's database: its inserts' or its lookups'.
func ProvisionBatchForTest(s *Storage) int { return min(s.specific.provisionBatch, lookupBatch) }

// ExplainProvisionLookupsForTest returns the plans of provisioning's three
// lookups for a full batch of the given titles (of incidents and
// maintenance) and event ids. On PostgreSQL sequential scans are turned
// off: at a test's few thousand events a scan is rightly the cheaper plan,
// and the test asks whether an index serves the lookup, as PostgreSQL
// chooses it at 50,000 events.
func ExplainProvisionLookupsForTest(ctx context.Context, s *Storage, titles []string, eventIDs []uint) (plans []string, err error) {
	err = s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		plans, err = explainProvisionLookups(db, s, titles, eventIDs)
		return err
	})
	return plans, err
}

func explainProvisionLookups(db *gorm.DB, s *Storage, titles []string, eventIDs []uint) ([]string, error) {
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	if s.Dialect() == Postgres {
		if err := db.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
			return nil, err
		}
	}
	twins, twinsArgs := twinsQuery([]string{"incident", "maintenance"}, titles)
	links, updates, idArgs := twinRowsQueries(eventIDs)
	var plans []string
	for _, q := range []struct {
		sql  string
		args []any
	}{{twins, twinsArgs}, {links, idArgs}, {updates, idArgs}} {
		plan, err := explainRaw(db, s, q.sql, q.args)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}
