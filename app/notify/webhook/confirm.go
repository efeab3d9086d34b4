package webhook

import (
	"context"
	"encoding/json"
	"fmt"
)

// ConfirmationType is the type of the request that asks a subscriber's
// endpoint to confirm a subscription.
const ConfirmationType = "subscription.confirm"

// Confirmation is the body of the confirmation request sent to a generic
// endpoint a subscriber gave: the endpoint confirms by answering 2xx (and
// a person may follow ConfirmURL instead).
type Confirmation struct {
	Type       string `json:"type"`
	ConfirmURL string `json:"confirm_url"`
	Page       string `json:"page"`
}

// Confirm asks target to confirm a subscription (double opt-in): a signed
// POST of a Confirmation for generic targets, a chat message with the link
// for chat ones. Success is a 2xx answer; errors are as for Deliver.
func (d *Deliverer) Confirm(ctx context.Context, target Target, id, pageTitle, confirmURL string) error {
	var body []byte
	var err error
	if target.Kind == Generic || target.Kind == "" {
		body, err = json.Marshal(Confirmation{Type: ConfirmationType, ConfirmURL: confirmURL, Page: pageTitle})
	} else {
		body, err = chatBody(target.Kind, Summary{
			Status: "Subscription", Scope: pageTitle, Title: "confirm to receive notifications here",
			Text: "Someone subscribed this channel to " + pageTitle + ". Follow the link to confirm; ignore this otherwise.",
			URL:  confirmURL, URLLabel: "Confirm the subscription",
		}, d.markdown)
	}
	if err != nil {
		return &Error{Err: fmt.Errorf("webhook: confirmation body: %w", err)}
	}
	return d.Post(ctx, target, id, body)
}
