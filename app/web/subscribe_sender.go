package web

import (
	"context"

	"statusdash/app/store"
)

// Confirmation is what a new subscription asks the subscriber to confirm.
type Confirmation struct {
	Recipient store.Recipient
	// ConfirmURL completes the double opt-in (valid 48 hours).
	ConfirmURL string
	// ManageURL changes the scope or unsubscribes (valid a year).
	ManageURL string
	// AlreadyConfirmed is set when the address was subscribed before: the
	// mail then says so and offers ManageURL instead of confirming again.
	// The form's answer is the same either way.
	AlreadyConfirmed bool
}

// ConfirmationSender sends the double opt-in request: the confirmation
// mail to an email address, or the confirmation request to a webhook
// (which, answered with 2xx, confirms it through store.ConfirmSubscriber).
type ConfirmationSender interface {
	SendConfirmation(ctx context.Context, confirmation Confirmation) error
}
