package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Subscriber kinds.
const (
	SubscriberEmail   = "email"
	SubscriberWebhook = "webhook"
)

// Chat kinds of a webhook: how its payload is formatted.
const (
	ChatGeneric    = "generic"
	ChatSlack      = "slack"
	ChatTeams      = "teams"
	ChatMattermost = "mattermost"
)

// ChatKinds lists the webhook formats, in the order forms offer them.
var ChatKinds = []string{ChatGeneric, ChatSlack, ChatTeams, ChatMattermost}

// News a subscriber follows. Info notices count as maintenance news: both
// announce planned work rather than breakage.
const (
	NewsIncidents   = "incidents"
	NewsMaintenance = "maintenance"
	NewsBoth        = "both"
)

// Who created a subscriber.
const (
	CreatedBySelf  = "self"
	CreatedByAdmin = "admin"
)

// Subscriber is one email address or webhook URL following the page.
type Subscriber struct {
	ID      uint
	Kind    string
	Address string
	// ChatKind formats a webhook's payload; empty for email.
	ChatKind string
	// Secret signs a webhook's deliveries (Standard Webhooks, whsec_...).
	Secret    string
	News      string
	WholePage bool
	// Nonce is mixed into the subscriber's signed links.
	Nonce       string
	CreatedBy   string
	ConfirmedAt *time.Time
	CreatedAt   time.Time
}

// TableName keeps GORM on the migrated table.
func (Subscriber) TableName() string { return "subscribers" }

// Confirmed reports whether the double opt-in is done.
func (s *Subscriber) Confirmed() bool { return s.ConfirmedAt != nil }

// subscriberScopeRow names one region, category or service a subscriber follows.
type subscriberScopeRow struct {
	ID           uint
	SubscriberID uint
	RegionID     *uint
	CategoryID   *uint
	ServiceID    *uint
}

func (subscriberScopeRow) TableName() string { return "subscriber_scopes" }

// SubscriberScope is what a subscriber follows: the whole page, or the
// listed regions, categories and services; and which news.
type SubscriberScope struct {
	WholePage   bool
	RegionIDs   []uint
	CategoryIDs []uint
	ServiceIDs  []uint
	News        string
}

// Recipient is a confirmed subscriber as a delivery needs it.
type Recipient struct {
	ID       uint
	Kind     string
	Address  string
	ChatKind string
	Secret   string
	// Nonce goes into the recipient's manage and unsubscribe links.
	Nonce string
}

// Recipient is the subscriber as a delivery needs it.
func (s *Subscriber) Recipient() Recipient {
	return Recipient{ID: s.ID, Kind: s.Kind, Address: s.Address, ChatKind: s.ChatKind, Secret: s.Secret, Nonce: s.Nonce}
}

// NewSubscriber is a subscription to create.
type NewSubscriber struct {
	Kind     string
	Address  string
	ChatKind string
	Scope    SubscriberScope
}

// NormalizeAddress is how addresses are compared: an email address in
// lower case, a URL as given; both without surrounding space.
func NormalizeAddress(kind, address string) string {
	address = strings.TrimSpace(address)
	if kind == SubscriberEmail {
		return strings.ToLower(address)
	}
	return address
}

// CreatePendingSubscriber records an unconfirmed subscription. An address
// already there is not an error: a pending one takes the new scope, a
// confirmed one keeps its own (a stranger must not change it), and the
// caller answers the same either way so no page tells who subscribed.
func (s *Storage) CreatePendingSubscriber(ctx context.Context, sub NewSubscriber, now time.Time) (*Subscriber, error) {
	if err := validateNewSubscriber(sub); err != nil {
		return nil, err
	}
	var subscriber Subscriber
	err := s.subscriberTx(ctx, func(tx *gorm.DB) error {
		if err := checkScopeIDs(tx, sub.Scope); err != nil {
			return err
		}
		created, err := insertSubscriber(tx, sub, CreatedBySelf, nil, now)
		if err != nil {
			return err
		}
		if err := tx.Where("kind = ? AND address = ?", sub.Kind, NormalizeAddress(sub.Kind, sub.Address)).
			First(&subscriber).Error; err != nil {
			return fmt.Errorf("store: read subscriber: %w", err)
		}
		if created || !subscriber.Confirmed() {
			return writeScope(tx, &subscriber, sub.Scope)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &subscriber, nil
}

// insertSubscriber adds the row unless the address exists (one statement,
// so two racing forms cannot both insert); it says whether it inserted.
func insertSubscriber(tx *gorm.DB, sub NewSubscriber, createdBy string, confirmedAt *time.Time, now time.Time) (bool, error) {
	nonce, err := randomHex(16)
	if err != nil {
		return false, err
	}
	row := Subscriber{Kind: sub.Kind, Address: NormalizeAddress(sub.Kind, sub.Address), News: sub.Scope.News,
		WholePage: sub.Scope.WholePage, Nonce: nonce, CreatedBy: createdBy, ConfirmedAt: confirmedAt, CreatedAt: utc(now)}
	if sub.Kind == SubscriberWebhook {
		row.ChatKind = sub.ChatKind
		if row.Secret, err = webhookSecret(); err != nil {
			return false, err
		}
	}
	result := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "kind"}, {Name: "address"}}, DoNothing: true}).Create(&row)
	if result.Error != nil {
		return false, fmt.Errorf("store: insert subscriber: %w", result.Error)
	}
	return result.RowsAffected == 1, nil
}

// ConfirmSubscriber completes the double opt-in of the subscriber whose
// links carry nonce; confirming twice is fine. Unknown is ErrNotFound.
func (s *Storage) ConfirmSubscriber(ctx context.Context, id uint, nonce string, now time.Time) (*Subscriber, error) {
	var subscriber Subscriber
	err := s.subscriberTx(ctx, func(tx *gorm.DB) error {
		if err := findSubscriber(tx, id, nonce, &subscriber); err != nil {
			return err
		}
		if subscriber.Confirmed() {
			return nil
		}
		at := utc(now)
		subscriber.ConfirmedAt = &at
		if err := tx.Model(&Subscriber{}).Where("id = ?", id).Update("confirmed_at", at).Error; err != nil {
			return fmt.Errorf("store: confirm subscriber %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &subscriber, nil
}

// SubscriberWithScope reads the subscriber whose links carry nonce, with
// what it follows. Unknown (or a stale nonce) is ErrNotFound.
func (s *Storage) SubscriberWithScope(ctx context.Context, id uint, nonce string) (*Subscriber, SubscriberScope, error) {
	db := s.db.WithContext(ctx)
	var subscriber Subscriber
	if err := findSubscriber(db, id, nonce, &subscriber); err != nil {
		return nil, SubscriberScope{}, err
	}
	var rows []subscriberScopeRow
	if err := db.Where("subscriber_id = ?", id).Order("id").Find(&rows).Error; err != nil {
		return nil, SubscriberScope{}, fmt.Errorf("store: read scope of subscriber %d: %w", id, err)
	}
	scope := SubscriberScope{WholePage: subscriber.WholePage, News: subscriber.News}
	for _, row := range rows {
		switch {
		case row.RegionID != nil:
			scope.RegionIDs = append(scope.RegionIDs, *row.RegionID)
		case row.CategoryID != nil:
			scope.CategoryIDs = append(scope.CategoryIDs, *row.CategoryID)
		case row.ServiceID != nil:
			scope.ServiceIDs = append(scope.ServiceIDs, *row.ServiceID)
		}
	}
	return &subscriber, scope, nil
}

// ChangeSubscriberScope replaces what the subscriber follows.
func (s *Storage) ChangeSubscriberScope(ctx context.Context, id uint, nonce string, scope SubscriberScope) error {
	if err := validateScope(scope); err != nil {
		return err
	}
	return s.subscriberTx(ctx, func(tx *gorm.DB) error {
		var subscriber Subscriber
		if err := findSubscriber(tx, id, nonce, &subscriber); err != nil {
			return err
		}
		if err := checkScopeIDs(tx, scope); err != nil {
			return err
		}
		return writeScope(tx, &subscriber, scope)
	})
}

// Unsubscribe deletes the subscriber whose links carry nonce, with its
// scope. A subscriber already gone is not an error: the link was followed
// twice.
func (s *Storage) Unsubscribe(ctx context.Context, id uint, nonce string) error {
	return s.subscriberTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND nonce = ?", id, nonce).Delete(&Subscriber{}).Error; err != nil {
			return fmt.Errorf("store: unsubscribe %d: %w", id, err)
		}
		return nil
	})
}

// findSubscriber reads the subscriber by id and nonce into subscriber.
func findSubscriber(db *gorm.DB, id uint, nonce string, subscriber *Subscriber) error {
	err := db.Where("id = ? AND nonce = ?", id, nonce).First(subscriber).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: subscriber %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: read subscriber %d: %w", id, err)
	}
	return nil
}

// writeScope replaces the subscriber's news, whole-page flag and scope rows.
func writeScope(tx *gorm.DB, subscriber *Subscriber, scope SubscriberScope) error {
	subscriber.News, subscriber.WholePage = scope.News, scope.WholePage
	if err := tx.Model(&Subscriber{}).Where("id = ?", subscriber.ID).
		Updates(map[string]any{"news": scope.News, "whole_page": scope.WholePage}).Error; err != nil {
		return fmt.Errorf("store: change scope of subscriber %d: %w", subscriber.ID, err)
	}
	if err := tx.Where("subscriber_id = ?", subscriber.ID).Delete(&subscriberScopeRow{}).Error; err != nil {
		return fmt.Errorf("store: clear scope of subscriber %d: %w", subscriber.ID, err)
	}
	if scope.WholePage {
		return nil
	}
	var rows []subscriberScopeRow
	for _, id := range scope.RegionIDs {
		rows = append(rows, subscriberScopeRow{SubscriberID: subscriber.ID, RegionID: &id})
	}
	for _, id := range scope.CategoryIDs {
		rows = append(rows, subscriberScopeRow{SubscriberID: subscriber.ID, CategoryID: &id})
	}
	for _, id := range scope.ServiceIDs {
		rows = append(rows, subscriberScopeRow{SubscriberID: subscriber.ID, ServiceID: &id})
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("store: write scope of subscriber %d: %w", subscriber.ID, err)
	}
	return nil
}

// checkScopeIDs refuses an id that names no region, category or service.
func checkScopeIDs(tx *gorm.DB, scope SubscriberScope) error {
	if scope.WholePage {
		return nil
	}
	lists := []struct {
		field, table string
		ids          []uint
	}{
		{"regions", "regions", scope.RegionIDs},
		{"categories", "categories", scope.CategoryIDs},
		{"services", "services", scope.ServiceIDs},
	}
	for _, list := range lists {
		ids := slices.Compact(slices.Sorted(slices.Values(list.ids)))
		if len(ids) == 0 {
			continue
		}
		var found []uint
		if err := tx.Table(list.table).Where("id IN ?", ids).Order("id").Pluck("id", &found).Error; err != nil {
			return fmt.Errorf("store: check %s: %w", list.field, err)
		}
		for _, id := range ids {
			if !slices.Contains(found, id) {
				return invalid(list.field, fmt.Sprintf("unknown id %d", id))
			}
		}
	}
	return nil
}

// validateNewSubscriber checks the kind, chat kind and scope; addresses
// are checked by the callers, which know the rules (mail syntax, URLs).
func validateNewSubscriber(sub NewSubscriber) error {
	switch sub.Kind {
	case SubscriberEmail:
	case SubscriberWebhook:
		if !slices.Contains(ChatKinds, sub.ChatKind) {
			return invalid("chat_kind", "must be one of "+strings.Join(ChatKinds, ", "))
		}
	default:
		return invalid("kind", "must be email or webhook")
	}
	if address := strings.TrimSpace(sub.Address); address == "" || len(address) > 2000 {
		return invalid("address", "is required and may have at most 2000 characters")
	}
	return validateScope(sub.Scope)
}

func validateScope(scope SubscriberScope) error {
	if !slices.Contains([]string{NewsIncidents, NewsMaintenance, NewsBoth}, scope.News) {
		return invalid("news", "must be incidents, maintenance or both")
	}
	if !scope.WholePage && len(scope.RegionIDs)+len(scope.CategoryIDs)+len(scope.ServiceIDs) == 0 {
		return invalid("scope", "choose the whole page or at least one region, category or service")
	}
	return nil
}

// subscriberTx runs fn in a write transaction that does not bump the data
// version: subscriptions change no public page.
func (s *Storage) subscriberTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	return s.db.WithContext(ctx).Transaction(fn)
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// webhookSecret is a Standard Webhooks signing secret: whsec_ and 24
// random bytes in base64.
func webhookSecret() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: webhook secret: %w", err)
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(b), nil
}

// PurgePendingSubscribers deletes the subscriptions never confirmed and
// created before cutoff (their confirmation links have expired), and
// says how many.
func (s *Storage) PurgePendingSubscribers(ctx context.Context, cutoff time.Time) (int64, error) {
	var removed int64
	err := s.subscriberTx(ctx, func(tx *gorm.DB) error {
		result := tx.Where("confirmed_at IS NULL AND created_at < ?", utc(cutoff)).Delete(&Subscriber{})
		if result.Error != nil {
			return fmt.Errorf("store: purge pending subscribers: %w", result.Error)
		}
		removed = result.RowsAffected
		return nil
	})
	return removed, err
}

// SubscriberByID reads a subscriber for a delivery, whatever its links'
// nonce; one who unsubscribed since is ErrNotFound.
func (s *Storage) SubscriberByID(ctx context.Context, id uint) (*Subscriber, error) {
	var subscriber Subscriber
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&subscriber).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: subscriber %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read subscriber %d: %w", id, err)
	}
	return &subscriber, nil
}
