package store_test

import (
	"testing"

	"statusdash/app/store/storetest"
)

// SQLite's connections keep statement journals in memory: past 64 KB, a
// multi-row insert's went to a temporary file.
func TestSQLiteKeepsTemporaryDataInMemory(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := db.QueryRow("PRAGMA temp_store").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := 2; got != want {
		t.Errorf("got temp_store %d, want %d (memory)", got, want)
	}
}
