package cli

import (
	"testing"

	"statusdash/app/config"
	"statusdash/app/store"
)

// TestDatabaseTimeoutDefaults: config keeps the store's defaults (it cannot
// import them) and hands every setting to the store.
func TestDatabaseTimeoutDefaults(t *testing.T) {
	if got, want := databaseTimeouts(config.Defaults()), store.DefaultTimeouts(); got != want {
		t.Errorf("timeouts from the default settings = %+v, want the store's defaults %+v", got, want)
	}
}
