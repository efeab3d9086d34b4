package notify

import (
	"context"
	"slices"
)

// Recipient is where one notification goes: an email address or a
// webhook (generic, Slack, Teams, Mattermost), as the Sender knows it.
type Recipient struct {
	// Key names the recipient for good ("subscriber:12", "webhook:3"):
	// with the notification it makes the idempotency key.
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	Address string `json:"address"`
}

// Subscribers finds who hears about an event: the confirmed subscribers
// and webhooks whose scope covers it (the subscribers' store).
type Subscribers interface {
	MatchingSubscribers(ctx context.Context, eventID uint) ([]Recipient, error)
}

// RecipientList is a fixed list of recipients that hear about every
// event: the operator's own addresses, and the recipients until the
// subscribers' store is wired in.
type RecipientList []Recipient

// MatchingSubscribers returns the whole list.
func (l RecipientList) MatchingSubscribers(context.Context, uint) ([]Recipient, error) {
	return slices.Clone(l), nil
}

var _ Subscribers = RecipientList(nil)
