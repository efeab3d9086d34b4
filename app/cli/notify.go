package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"statusdash/app/config"
	"statusdash/app/notify"
	"statusdash/app/store"
)

// errNoSender fails every delivery until the mail and webhook senders are
// wired in: the deliveries stay, as failed, for an admin to retry.
var errNoSender = errors.New("notify: no sender is configured for this recipient")

// startNotify installs the notifications' job insert on every event write
// of s and works the notification queues in this process until stop.
// Subscribers and Sender are where the subscribers' store and the mail and
// webhook senders plug in; until then no one is notified.
func startNotify(ctx context.Context, cfg config.Config, s *store.Storage, logger *slog.Logger) (*notify.Notifier, func(), error) {
	reminder := cfg.NotifyMaintenanceReminder
	if reminder == 0 {
		reminder = -1
	}
	n, stop, err := notify.Start(ctx, notify.Deps{
		Store:       s,
		DatabaseURL: cfg.DatabaseURL,
		Timeouts:    databaseTimeouts(cfg),
		Subscribers: notify.RecipientList(nil),
		Sender: notify.SenderFunc(func(context.Context, notify.Delivery) error {
			return errNoSender
		}),
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
