package notify

import (
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"statusdash/app/store"
)

// Queues and job kinds of the notifications.
const (
	// QueueEvents holds the fan-out jobs, one per event write and event.
	QueueEvents = "notify_events"
	// QueueMail and QueueWebhooks hold one job per recipient and
	// notification. Each has its own workers, so a slow mail server does
	// not hold the webhooks back, nor a slow receiver the mails.
	QueueMail     = "notify_mail"
	QueueWebhooks = "notify_webhooks"

	KindEvent   = "notify_event"
	KindDeliver = "deliver"

	// ChangeReminder is a maintenance window's reminder, a scheduled
	// notify_event job: the store's changes say what a write did.
	ChangeReminder = "reminder"
)

// EventArgs are a notify_event job's: what one committed write did to one
// event, or a maintenance window's reminder.
type EventArgs struct {
	EventID  uint     `json:"event_id"`
	UpdateID uint     `json:"update_id,omitempty"`
	Changes  []string `json:"changes"`
	// StartAt is, for a reminder, the window's start it was planned for;
	// a reminder whose window has moved since says nothing.
	StartAt *time.Time `json:"start_at,omitempty"`
}

// Kind is River's name for the job.
func (EventArgs) Kind() string { return KindEvent }

// InsertOpts puts the job on the fan-out queue.
func (EventArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueEvents} }

// DeliverArgs are a deliver job's: one notification to one recipient.
// Only the notification (the notify_event job that fanned it out) and the
// recipient make it unique: a fan-out that runs again inserts nothing new.
type DeliverArgs struct {
	// Notification is the id of the notify_event job that fanned out.
	Notification int64     `json:"notification" river:"unique"`
	Recipient    Recipient `json:"recipient"`
	RecipientKey string    `json:"recipient_key" river:"unique"`
	Event        EventArgs `json:"event"`
}

// Kind is River's name for the job.
func (DeliverArgs) Kind() string { return KindDeliver }

// InsertOpts puts the job on its recipient's queue, unique per notification
// and recipient while it is pending, running, sent or retried.
func (a DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: deliveryQueue(a.Recipient.Kind), UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// deliveryQueue is the queue of a recipient's kind: webhooks (chat
// targets among them) on one, mails on the other.
func deliveryQueue(kind string) string {
	if kind == store.SubscriberEmail {
		return QueueMail
	}
	return QueueWebhooks
}

// IdempotencyKey names the delivery the same way on every attempt and in
// every process: the webhook-id a receiver de-duplicates by.
func (a DeliverArgs) IdempotencyKey() string {
	return fmt.Sprintf("notify-%d-%s", a.Notification, a.RecipientKey)
}
