package store

import (
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Monitoring reports run the same few statements over and over, and on
// PostgreSQL planning them anew for each execution (the custom plans that
// plan_cache_mode=auto keeps choosing for them) cost more than running
// them: about 0.3-0.5 ms per statement against 0.01 ms for the cached
// generic plan, which is as good for every argument (they read by primary
// key and the events_unfinished_idx partial index). So reports use a pool
// of their own whose sessions always take the generic plan; every other
// statement keeps PostgreSQL's default.
const (
	reportPoolSetting = "plan_cache_mode"
	reportPoolValue   = "force_generic_plan"
	reportPoolSize    = 16
)

// openReportPool opens the reports' pool on the PostgreSQL database at dsn.
func openReportPool(dsn string, timeouts Timeouts, options []stdlib.OptionOpenDB) (*gorm.DB, error) {
	db, err := openPostgres(dsn, timeouts, map[string]string{reportPoolSetting: reportPoolValue}, options)
	if err != nil {
		return nil, fmt.Errorf("store: open the reports' database pool: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	sqlDB.SetMaxOpenConns(reportPoolSize)
	sqlDB.SetMaxIdleConns(reportPoolSize)
	return db, nil
}

// reportDB is the pool monitoring reports use: their own on PostgreSQL,
// the one pool on SQLite.
func (s *Storage) reportDB() *gorm.DB {
	if s.reports != nil {
		return s.reports
	}
	return s.db
}
