package cli

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"statusdash/app/config"
	"statusdash/app/notify"
	"statusdash/app/notify/dispatch"
	"statusdash/app/store"
)

// startNotify installs the notifications' job insert on every event write
// of s and works the notification queues in this process until stop: the
// dispatcher names each event's subscribers and sends their mails and
// webhooks.
func startNotify(ctx context.Context, cfg config.Config, s *store.Storage, dispatcher *dispatch.Dispatcher,
	logger *slog.Logger) (*notify.Notifier, func(), error) {
	reminder := cfg.NotifyMaintenanceReminder
	if reminder == 0 {
		reminder = -1
	}
	n, stop, err := notify.Start(ctx, notify.Deps{
		Store:       s,
		DatabaseURL: cfg.DatabaseURL,
		Timeouts:    databaseTimeouts(cfg),
		Subscribers: dispatcher,
		Sender:      dispatcher,
		Config: notify.Config{MaxAttempts: cfg.NotifyMaxAttempts, DeliveryWorkers: cfg.NotifyWorkers,
			ReminderLead: reminder},
		Logger: logger,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("notifications: %w", err)
	}
	return n, stop, nil
}

// firstNotificationMigration is the first of our migrations the
// notifications need (the subscribers): River's tables go with it.
const firstNotificationMigration = 16

// migrateNotifyDown removes River's tables once our schema is below the
// notifications' first migration, and says how many of River's migrations
// it rolled back.
func migrateNotifyDown(ctx context.Context, s *store.Storage) (int, error) {
	statuses, err := s.MigrationStatuses(ctx)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, st := range statuses {
		if st.Applied {
			latest = max(latest, st.Version)
		}
	}
	if latest >= firstNotificationMigration {
		return 0, nil
	}
	riverStatuses, err := notify.MigrationStatuses(ctx, s)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(riverStatuses, func(st notify.MigrationStatus) bool { return st.Applied }) {
		return 0, nil
	}
	return notify.MigrateDown(ctx, s)
}
