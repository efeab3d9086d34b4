package cli

import (
	"testing"

	"statusdash/app/store/storetest"
)

// TestMain drops the process's template database after the tests.
func TestMain(m *testing.M) { storetest.Main(m) }
