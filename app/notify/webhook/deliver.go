package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"

	"statusdash/app/markdown"
)

// Target is where one webhook goes.
type Target struct {
	URL  string
	Kind Kind
	// Secret signs the body; the zero Secret sends no signature headers
	// (chat services do not read them). Generic targets should have one.
	Secret Secret
}

// Message is one delivery: the body for generic targets and the summary
// for chat ones, under a delivery key.
type Message struct {
	// ID is the delivery key (one per subscriber and update), sent as
	// webhook-id so a retried delivery keeps it and receivers de-duplicate.
	ID      string
	Payload Payload
	Summary Summary
}

// Deliverer posts webhooks through a client from NewClient.
type Deliverer struct {
	client    *http.Client
	markdown  *markdown.Renderer
	now       func() time.Time
	userAgent string
}

// NewDeliverer wraps client (from NewClient); now is time.Now when nil.
func NewDeliverer(client *http.Client, md *markdown.Renderer, now func() time.Time) *Deliverer {
	if now == nil {
		now = time.Now
	}
	return &Deliverer{client: client, markdown: md, now: now, userAgent: "statusdash-webhook/1"}
}

// responseLimit bounds what is read of an answer.
const responseLimit = 64 << 10

// Error is a failed attempt. Retryable ones (network errors, timeouts, 5xx,
// 429) are worth another attempt; the others (other 4xx, 3xx, a refused
// address, a bad URL) will fail the same way again.
type Error struct {
	Retryable  bool
	StatusCode int // 0 when no answer came
	Err        error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether err is worth another attempt. Errors that are
// not an *Error (a cancelled context) are retryable.
func IsRetryable(err error) bool {
	var delivery *Error
	if errors.As(err, &delivery) {
		return delivery.Retryable
	}
	return err != nil
}

// Body is what Deliver posts for msg to a target of kind.
func (d *Deliverer) Body(kind Kind, msg Message) ([]byte, error) {
	if kind == Generic || kind == "" {
		return json.Marshal(msg.Payload)
	}
	return chatBody(kind, msg.Summary, d.markdown)
}

// Deliver posts msg to target once. A 2xx answer is success; see Error for the rest.
func (d *Deliverer) Deliver(ctx context.Context, target Target, msg Message) error {
	body, err := d.Body(target.Kind, msg)
	if err != nil {
		return &Error{Err: fmt.Errorf("webhook: body: %w", err)}
	}
	return d.Post(ctx, target, msg.ID, body)
}

// Post sends body, signed with target's secret under id, and judges the answer.
func (d *Deliverer) Post(ctx context.Context, target Target, id string, body []byte) error {
	if id == "" || strings.ContainsFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return &Error{Err: fmt.Errorf("webhook: delivery id %q is empty or has spaces", id)}
	}
	request, err := http.NewRequestWithContext(ctx, http.MethodPost, target.URL, bytes.NewReader(body))
	if err != nil || (request.URL.Scheme != "http" && request.URL.Scheme != "https") {
		return &Error{Err: errors.New("webhook: the URL must be an absolute http or https URL")}
	}
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("User-Agent", d.userAgent)
	if !target.Secret.IsZero() {
		target.Secret.SetHeaders(request.Header, id, d.now(), body)
	} else {
		request.Header.Set(HeaderID, id)
	}
	response, err := d.client.Do(request)
	if err != nil {
		return &Error{Retryable: !errors.Is(err, ErrForbiddenAddress), Err: fmt.Errorf("webhook: post to %s: %w", redact(target.URL), err)}
	}
	defer response.Body.Close()
	// The receiver's yes stands even if its body is cut off by the timeout.
	answer, _ := io.ReadAll(io.LimitReader(response.Body, responseLimit))
	code := response.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusTooManyRequests || code >= 500:
		return &Error{Retryable: true, StatusCode: code, Err: fmt.Errorf("webhook: %s answered %d: %s", redact(target.URL), code, excerpt(answer))}
	}
	return &Error{StatusCode: code, Err: fmt.Errorf("webhook: %s answered %d: %s", redact(target.URL), code, excerpt(answer))}
}

// redact keeps scheme, host and path: chat webhook URLs carry their secret
// in the path, so even that is cut after the first segment.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return "(invalid URL)"
	}
	host, path, _ := strings.Cut(rest, "/")
	if _, hostOnly, found := strings.Cut(host, "@"); found {
		host = hostOnly
	}
	first, _, more := strings.Cut(path, "/")
	first, _, _ = strings.Cut(first, "?")
	out := scheme + "://" + host + "/" + first
	if more {
		out += "/…"
	}
	return out
}

// excerpt is the start of an answer, on one line, for the delivery's error.
func excerpt(answer []byte) string {
	text := strings.Join(strings.Fields(strings.ToValidUTF8(string(answer), "")), " ")
	return cut(text, 200)
}
