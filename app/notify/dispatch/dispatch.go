// Package dispatch joins the notification queues (package notify) to the
// subscribers' store and to the senders: it names the recipients of an
// event, and turns one delivery into a mail (notify/mail) or a webhook
// request (notify/webhook), reading the subscriber and the event afresh
// at each attempt. It also sends the double opt-in of new subscriptions.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/notify/mail"
	"statusdash/app/notify/token"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
	"statusdash/app/web"
)

// Deps are what a Dispatcher works with.
type Deps struct {
	Store *store.Storage
	// Mailer sends mail; nil when no SMTP server is configured, and email
	// deliveries then fail for good.
	Mailer   *mail.Mailer
	Webhooks *webhook.Deliverer
	// Links make the subscribers' signed manage and unsubscribe links.
	Links     token.Links
	PageTitle string
	BaseURL   string
	// Location is the page's time zone for the times in mails.
	Location *time.Location
	Now      func() time.Time
}

// Dispatcher is a notify.Subscribers, a notify.Sender and a
// web.ConfirmationSender.
type Dispatcher struct {
	deps   Deps
	page   pageCache
	events eventCache
}

// New returns a Dispatcher over deps.
func New(deps Deps) *Dispatcher {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Location == nil {
		deps.Location = time.UTC
	}
	return &Dispatcher{deps: deps}
}

// keyPrefix starts every recipient key: the subscriber's id follows.
const keyPrefix = "subscriber:"

// MatchingSubscribers names the confirmed subscribers the event concerns.
func (d *Dispatcher) MatchingSubscribers(ctx context.Context, eventID uint) ([]notify.Recipient, error) {
	found, err := d.deps.Store.MatchingSubscribers(ctx, eventID)
	if err != nil {
		return nil, err
	}
	recipients := make([]notify.Recipient, len(found))
	for i, r := range found {
		recipients[i] = notify.Recipient{Key: keyPrefix + strconv.FormatUint(uint64(r.ID), 10), Kind: r.Kind, Address: r.Address}
	}
	return recipients, nil
}

// Send sends one delivery. A subscriber gone since the fan-out (they
// unsubscribed) or an event gone (purged) is done with nothing sent.
func (d *Dispatcher) Send(ctx context.Context, delivery notify.Delivery) error {
	id, err := subscriberID(delivery.Recipient.Key)
	if err != nil {
		return notify.Permanent(err)
	}
	subscriber, err := d.deps.Store.SubscriberByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	event, err := d.events.read(ctx, d.deps.Store, delivery.Event, d.deps.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	now := d.deps.Now()
	n := notice{event: event, update: updateOf(event, delivery.Event.UpdateID), key: delivery.IdempotencyKey,
		eventURL:       d.deps.BaseURL + "/incidents/" + strconv.FormatUint(uint64(event.ID), 10),
		manageURL:      d.deps.Links.ManageURL(subscriber.ID, subscriber.Nonce, now),
		unsubscribeURL: d.deps.Links.UnsubscribeURL(subscriber.ID, subscriber.Nonce, now)}
	switch subscriber.Kind {
	case store.SubscriberEmail:
		return d.sendMail(ctx, subscriber, n)
	case store.SubscriberWebhook:
		return d.sendWebhook(ctx, subscriber, n, now)
	}
	return notify.Permanent(fmt.Errorf("dispatch: subscriber %d has an unknown kind %q", subscriber.ID, subscriber.Kind))
}

// notice is one delivery's event, update and links.
type notice struct {
	event                               *model.Event
	update                              model.EventUpdate
	key                                 string
	eventURL, manageURL, unsubscribeURL string
}

func (d *Dispatcher) sendMail(ctx context.Context, subscriber *store.Subscriber, n notice) error {
	if d.deps.Mailer == nil {
		return notify.Permanent(errors.New("dispatch: no mail server is configured (SDB_SMTP_URL)"))
	}
	err := d.deps.Mailer.SendNotification(ctx, mail.Notification{To: subscriber.Address, PageTitle: d.deps.PageTitle,
		Event: n.event, Update: n.update, Location: d.deps.Location, EventURL: n.eventURL,
		ManageURL: n.manageURL, UnsubscribeURL: n.unsubscribeURL, DeliveryKey: n.key})
	if err != nil && !mail.IsRetryable(err) {
		return notify.Permanent(err)
	}
	return err
}

func (d *Dispatcher) sendWebhook(ctx context.Context, subscriber *store.Subscriber, n notice, now time.Time) error {
	target, err := d.target(subscriber)
	if err != nil {
		return notify.Permanent(err)
	}
	page, health, err := d.page.read(ctx, d.deps.Store, now)
	if err != nil {
		return err
	}
	page.URL = d.deps.BaseURL
	meta := webhook.Meta{Unsubscribe: n.unsubscribeURL, Documentation: d.deps.BaseURL + "/api/openapi.yaml"}
	err = d.deps.Webhooks.Deliver(ctx, target, webhook.Message{ID: n.key,
		Payload: webhook.IncidentPayload(page, meta, n.event, health, now),
		Summary: webhook.SummaryOf(n.event, n.update, n.eventURL, n.manageURL)})
	if err != nil && !webhook.IsRetryable(err) {
		return notify.Permanent(err)
	}
	return err
}

// target is where a webhook subscriber's deliveries go.
func (d *Dispatcher) target(subscriber *store.Subscriber) (webhook.Target, error) {
	target := webhook.Target{URL: subscriber.Address, Kind: webhook.Kind(subscriber.ChatKind)}
	if subscriber.Secret != "" {
		secret, err := webhook.ParseSecret(subscriber.Secret)
		if err != nil {
			return target, fmt.Errorf("dispatch: secret of subscriber %d: %w", subscriber.ID, err)
		}
		target.Secret = secret
	}
	return target, nil
}

// SendConfirmation sends a new subscription's double opt-in: the mail with
// its link, or the signed confirmation request to a webhook, which a 2xx
// answer confirms at once.
func (d *Dispatcher) SendConfirmation(ctx context.Context, c web.Confirmation) error {
	key := fmt.Sprintf("confirm-%d-%d", c.Recipient.ID, d.deps.Now().UnixNano())
	switch c.Recipient.Kind {
	case store.SubscriberEmail:
		if d.deps.Mailer == nil {
			return errors.New("dispatch: no mail server is configured (SDB_SMTP_URL)")
		}
		link := c.ConfirmURL
		if c.AlreadyConfirmed {
			link = c.ManageURL
		}
		return d.deps.Mailer.SendConfirmation(ctx, mail.Confirmation{To: c.Recipient.Address, PageTitle: d.deps.PageTitle,
			ConfirmURL: link, UnsubscribeURL: d.deps.Links.UnsubscribeURL(c.Recipient.ID, c.Recipient.Nonce, d.deps.Now()),
			DeliveryKey: key})
	case store.SubscriberWebhook:
		if c.AlreadyConfirmed {
			return nil
		}
		subscriber := &store.Subscriber{ID: c.Recipient.ID, Address: c.Recipient.Address, ChatKind: c.Recipient.ChatKind,
			Secret: c.Recipient.Secret}
		target, err := d.target(subscriber)
		if err != nil {
			return err
		}
		if err := d.deps.Webhooks.Confirm(ctx, target, key, d.deps.PageTitle, c.ConfirmURL); err != nil {
			return err
		}
		_, err = d.deps.Store.ConfirmSubscriber(ctx, c.Recipient.ID, c.Recipient.Nonce, d.deps.Now())
		return err
	}
	return fmt.Errorf("dispatch: subscriber %d has an unknown kind %q", c.Recipient.ID, c.Recipient.Kind)
}

// subscriberID reads the id out of a recipient key.
func subscriberID(key string) (uint, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(key, keyPrefix), 10, 64)
	if err != nil || !strings.HasPrefix(key, keyPrefix) || id == 0 {
		return 0, fmt.Errorf("dispatch: recipient key %q names no subscriber", key)
	}
	return uint(id), nil
}

// updateOf is the update a notification is about: the given one, else the
// event's latest (a change without an update of its own).
func updateOf(e *model.Event, updateID uint) model.EventUpdate {
	var latest model.EventUpdate
	for _, u := range e.Updates {
		if updateID != 0 && u.ID == updateID {
			return u
		}
		if latest.ID == 0 || u.ID > latest.ID {
			latest = u
		}
	}
	return latest
}

// hasUpdate says whether e holds the update named id (any when id is 0).
func hasUpdate(e *model.Event, id uint) bool {
	return id == 0 || slices.ContainsFunc(e.Updates, func(u model.EventUpdate) bool { return u.ID == id })
}

// pageCache keeps the page's state for a few seconds: a fan-out to
// thousands of webhooks reads it once, not once a delivery.
type pageCache struct {
	mu     sync.Mutex
	at     time.Time
	page   webhook.PageState
	health map[uint]model.Health
}

// pageCacheLife is how long a read page state serves.
const pageCacheLife = 5 * time.Second

func (c *pageCache) read(ctx context.Context, s *store.Storage, now time.Time) (webhook.PageState, map[uint]model.Health, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) < pageCacheLife && !now.Before(c.at) {
		return c.page, c.health, nil
	}
	overview, err := s.ReadOverview(ctx, now)
	if err != nil {
		return webhook.PageState{}, nil, err
	}
	page := webhook.PageState{}
	for _, summary := range overview.Incidents {
		page.OpenIncidents = append(page.OpenIncidents, summary.Event)
	}
	for _, summary := range overview.Maintenance {
		if summary.Event.Type == model.TypeMaintenance {
			page.MaintenanceActive = true
		}
	}
	health := map[uint]model.Health{}
	for _, category := range overview.Categories {
		for _, service := range category.Services {
			for _, cell := range service.Cells {
				if cell != nil && cell.Component != nil {
					health[cell.Component.ID] = cell.Health
				}
			}
		}
	}
	c.at, c.page, c.health = now, page, health
	return page, health, nil
}

// eventCache keeps the events read for deliveries a few seconds: the
// deliveries of one notification, thousands at once, read their event
// once, not once each. A copy that lacks the update a delivery names (it
// was posted since the copy was read) is read again.
type eventCache struct {
	mu      sync.Mutex
	entries map[uint]cachedEvent
}

type cachedEvent struct {
	at    time.Time
	event *model.Event
}

// eventCacheLife is how long a read event serves.
const eventCacheLife = 5 * time.Second

// eventCacheSize is the entry count above which expired entries are dropped.
const eventCacheSize = 64

func (c *eventCache) read(ctx context.Context, s *store.Storage, of notify.EventArgs, now time.Time) (*model.Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := of.EventID
	if cached, ok := c.entries[id]; ok && now.Sub(cached.at) < eventCacheLife && !now.Before(cached.at) &&
		hasUpdate(cached.event, of.UpdateID) {
		return cached.event, nil
	}
	event, err := s.ReadEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.entries == nil {
		c.entries = map[uint]cachedEvent{}
	}
	if len(c.entries) >= eventCacheSize {
		for key, cached := range c.entries {
			if now.Sub(cached.at) >= eventCacheLife || now.Before(cached.at) {
				delete(c.entries, key)
			}
		}
	}
	c.entries[id] = cachedEvent{at: now, event: event}
	return event, nil
}
