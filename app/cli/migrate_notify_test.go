package cli

import (
	"strings"
	"testing"
)

// River's migrations go up with ours, show in the status, and go down
// when ours go below the notifications' first migration.
func TestMigrateRunsRiverMigrations(t *testing.T) {
	vars := embedded(t)
	steps := []struct {
		args    []string
		wantOut string
	}{
		{[]string{"migrate", "up"}, "River job queue migration(s)"},
		{[]string{"migrate", "status"}, "river 001  applied"},
		{[]string{"migrate", "down"}, "the notification queues are gone"},
		{[]string{"migrate", "status"}, "river 001  pending"},
		{[]string{"migrate", "up"}, "applied 1 migration(s)"},
		{[]string{"migrate", "status"}, "river 001  applied"},
	}
	for _, step := range steps {
		code, stdout, stderr := run(t, vars, step.args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d, stderr %q", step.args, code, stderr)
		}
		if !strings.Contains(stdout, step.wantOut) {
			t.Errorf("%v: got %q, want it to contain %q", step.args, stdout, step.wantOut)
		}
	}
}
