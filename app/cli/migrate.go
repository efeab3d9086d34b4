package cli

import (
	"context"
	"errors"
	"fmt"

	"statusdash/app/notify"
	"statusdash/app/store"
)

func runMigrate(env *environment, args []string) int {
	fs := env.flags("migrate", "migrate up|down|status")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return env.usageError("migrate", "want one of up, down, status")
	}
	action := fs.Arg(0)
	if action != "up" && action != "down" && action != "status" {
		return env.usageError("migrate", "unknown action %q: want up, down or status", action)
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail("migrate", err)
	}
	ctx := context.Background()
	s, err := openStore(ctx, cfg)
	if err != nil {
		return env.fail("migrate", err)
	}
	defer s.Close()
	switch action {
	case "up":
		n, err := s.MigrateUp(ctx)
		if err != nil {
			return env.fail("migrate", err)
		}
		fmt.Fprintf(env.stdout, "applied %d migration(s)\n", n)
		n, err = notify.MigrateUp(ctx, s)
		if err != nil {
			return env.fail("migrate", err)
		}
		fmt.Fprintf(env.stdout, "applied %d River job queue migration(s)\n", n)
	case "down":
		if applied, err := appliedMigrations(ctx, s); err != nil {
			return env.fail("migrate", err)
		} else if applied == 0 {
			return env.fail("migrate", errors.New("no migration is applied; nothing to roll back"))
		}
		if err := s.MigrateDown(ctx); err != nil {
			return env.fail("migrate", err)
		}
		fmt.Fprintln(env.stdout, "rolled back one migration")
		n, err := migrateNotifyDown(ctx, s)
		if err != nil {
			return env.fail("migrate", err)
		}
		if n > 0 {
			fmt.Fprintf(env.stdout, "rolled back %d River job queue migration(s): the notification queues are gone\n", n)
		}
	case "status":
		statuses, err := s.MigrationStatuses(ctx)
		if err != nil {
			return env.fail("migrate", err)
		}
		for _, st := range statuses {
			state := "pending"
			if st.Applied {
				state = "applied"
			}
			fmt.Fprintf(env.stdout, "%05d  %-8s %s\n", st.Version, state, st.Source)
		}
		riverStatuses, err := notify.MigrationStatuses(ctx, s)
		if err != nil {
			return env.fail("migrate", err)
		}
		for _, st := range riverStatuses {
			state := "pending"
			if st.Applied {
				state = "applied"
			}
			fmt.Fprintf(env.stdout, "river %03d  %-8s %s\n", st.Version, state, st.Name)
		}
	}
	return exitOK
}

func appliedMigrations(ctx context.Context, s *store.Storage) (int, error) {
	statuses, err := s.MigrationStatuses(ctx)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, status := range statuses {
		if status.Applied {
			applied++
		}
	}
	return applied, nil
}
