package notify

import "context"

// Delivery is one notification to one recipient, as a Sender sends it.
type Delivery struct {
	// JobID is the deliver job's id, for the admin pages.
	JobID int64
	// Attempt counts from 1.
	Attempt int
	// IdempotencyKey is the same on every attempt (webhook-id).
	IdempotencyKey string
	Recipient      Recipient
	Event          EventArgs
}

// Sender sends one delivery: mail through SMTP, or a signed webhook
// request. An error is a failed attempt, retried later until the last.
type Sender interface {
	Send(ctx context.Context, delivery Delivery) error
}

// SenderFunc makes a function a Sender.
type SenderFunc func(ctx context.Context, delivery Delivery) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, delivery Delivery) error { return f(ctx, delivery) }
