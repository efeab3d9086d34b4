package notify

import (
	"context"
	"errors"
)

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
// request. An error is a failed attempt, retried later until the last;
// one wrapped by Permanent is not retried.
type Sender interface {
	Send(ctx context.Context, delivery Delivery) error
}

// SenderFunc makes a function a Sender.
type SenderFunc func(ctx context.Context, delivery Delivery) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, delivery Delivery) error { return f(ctx, delivery) }

// permanentError is a failure no later attempt would mend.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks a Sender's error as final (a recipient refused for good,
// a malformed message): the delivery is kept as failed at once, and an
// admin may still retry it.
func Permanent(err error) error { return permanentError{err: err} }

// isPermanent tells an error wrapped by Permanent.
func isPermanent(err error) bool { return errors.As(err, new(permanentError)) }
