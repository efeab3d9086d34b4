package store_test

import (
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/fixture"
)

func rows(t *testing.T, s *store.Storage) *fixture.Builder {
	return fixture.New(t, store.GormForTest(s))
}

var readNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func ptr(t time.Time) *time.Time { return &t }
