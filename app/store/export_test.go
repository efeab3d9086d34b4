package store

import (
	"context"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// GormForTest exposes the connection to the external tests' fixtures.
func GormForTest(s *Storage) *gorm.DB { return s.db }

// queryCounter is a GORM logger that counts the statements it traces.
type queryCounter struct {
	logger.Interface
	count atomic.Int64
}

func (c *queryCounter) LogMode(logger.LogLevel) logger.Interface { return c }

func (c *queryCounter) Trace(context.Context, time.Time, func() (string, int64), error) {
	c.count.Add(1)
}

// CountQueriesForTest returns a copy of s whose statements are counted, and
// the function reading the count.
func CountQueriesForTest(s *Storage) (*Storage, func() int64) {
	counter := &queryCounter{Interface: logger.Discard}
	copied := *s
	copied.db = s.db.Session(&gorm.Session{Logger: counter})
	return &copied, counter.count.Load
}
