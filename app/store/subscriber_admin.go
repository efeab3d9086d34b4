package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Audit actions of the admin's subscriber writes.
const (
	ActionSubscriberRemove = "subscriber.remove"
	ActionWebhookCreate    = "webhook.create"
)

// SubscriberFilter selects subscribers for the admin list.
type SubscriberFilter struct {
	Kind string
	// Address matches part of the address, case-insensitively.
	Address string
	Page    int
	PerPage int
}

// ListSubscribers lists subscribers matching filter, newest first, with
// how many match in all.
func (s *Storage) ListSubscribers(ctx context.Context, filter SubscriberFilter) ([]Subscriber, int64, error) {
	page, perPage := max(filter.Page, 1), min(max(filter.PerPage, 1), 500)
	query := s.db.WithContext(ctx).Model(&Subscriber{})
	if filter.Kind != "" {
		query = query.Where("kind = ?", filter.Kind)
	}
	if search := strings.TrimSpace(filter.Address); search != "" {
		query = query.Where("LOWER(address) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(search))+"%")
	}
	var total int64
	if err := query.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count subscribers: %w", err)
	}
	var subscribers []Subscriber
	if err := query.Order("id DESC").Offset(pageOffset(page, perPage)).Limit(perPage).Find(&subscribers).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list subscribers: %w", err)
	}
	return subscribers, total, nil
}

// ScopeCount is how many confirmed subscribers follow one scope.
type ScopeCount struct {
	// Scope is "page", "region", "category" or "service".
	Scope string
	ID    uint
	Name  string
	Count int64
}

// SubscriberScopeCounts counts confirmed subscribers per scope: the whole
// page first, then every region, category and service followed by any,
// in one statement.
func (s *Storage) SubscriberScopeCounts(ctx context.Context) ([]ScopeCount, error) {
	const query = `
SELECT 'page' AS scope, 0 AS id, '' AS name, COUNT(*) AS count, 0 AS ord
  FROM subscribers WHERE confirmed_at IS NOT NULL AND whole_page
UNION ALL
SELECT 'region', r.id, r.name, COUNT(*), 1 FROM subscriber_scopes sc
  JOIN subscribers s ON s.id = sc.subscriber_id AND s.confirmed_at IS NOT NULL
  JOIN regions r ON r.id = sc.region_id GROUP BY r.id, r.name
UNION ALL
SELECT 'category', c.id, c.name, COUNT(*), 2 FROM subscriber_scopes sc
  JOIN subscribers s ON s.id = sc.subscriber_id AND s.confirmed_at IS NOT NULL
  JOIN categories c ON c.id = sc.category_id GROUP BY c.id, c.name
UNION ALL
SELECT 'service', v.id, v.name, COUNT(*), 3 FROM subscriber_scopes sc
  JOIN subscribers s ON s.id = sc.subscriber_id AND s.confirmed_at IS NOT NULL
  JOIN services v ON v.id = sc.service_id GROUP BY v.id, v.name
ORDER BY ord, name`
	var counts []ScopeCount
	if err := s.db.WithContext(ctx).Raw(query).Scan(&counts).Error; err != nil {
		return nil, fmt.Errorf("store: count subscribers per scope: %w", err)
	}
	return counts, nil
}

// RemoveSubscriber deletes the subscriber as an admin, with an audit row.
// Unknown is ErrNotFound.
func (s *Storage) RemoveSubscriber(ctx context.Context, actor Actor, id uint, now time.Time) error {
	return s.subscriberTx(ctx, func(tx *gorm.DB) error {
		var subscriber Subscriber
		if err := tx.Where("id = ?", id).First(&subscriber).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fmt.Errorf("store: subscriber %d: %w", id, ErrNotFound)
			}
			return fmt.Errorf("store: read subscriber %d: %w", id, err)
		}
		if err := tx.Where("id = ?", id).Delete(&Subscriber{}).Error; err != nil {
			return fmt.Errorf("store: remove subscriber %d: %w", id, err)
		}
		return writeAudit(tx, actor, ActionSubscriberRemove, subscriberObject(id), auditSubscriber(&subscriber), "", now)
	})
}

// CreateWebhook adds a confirmed webhook for the whole page (or scope) as
// an admin, with an audit row. The URL's safety is the caller's check. An
// existing URL is ErrConflict.
func (s *Storage) CreateWebhook(ctx context.Context, actor Actor, url, chatKind string, scope SubscriberScope, now time.Time) (*Subscriber, error) {
	sub := NewSubscriber{Kind: SubscriberWebhook, Address: url, ChatKind: chatKind, Scope: scope}
	if err := validateNewSubscriber(sub); err != nil {
		return nil, err
	}
	var subscriber Subscriber
	err := s.subscriberTx(ctx, func(tx *gorm.DB) error {
		if err := checkScopeIDs(tx, scope); err != nil {
			return err
		}
		confirmed := utc(now)
		created, err := insertSubscriber(tx, sub, CreatedByAdmin, &confirmed, now)
		if err != nil {
			return err
		}
		if !created {
			return fmt.Errorf("store: a webhook to this URL exists: %w", ErrConflict)
		}
		if err := tx.Where("kind = ? AND address = ?", SubscriberWebhook, NormalizeAddress(SubscriberWebhook, url)).
			First(&subscriber).Error; err != nil {
			return fmt.Errorf("store: read webhook: %w", err)
		}
		if err := writeScope(tx, &subscriber, scope); err != nil {
			return err
		}
		return writeAudit(tx, actor, ActionWebhookCreate, subscriberObject(subscriber.ID), "", auditSubscriber(&subscriber), now)
	})
	if err != nil {
		return nil, err
	}
	return &subscriber, nil
}

func subscriberObject(id uint) string { return fmt.Sprintf("subscriber:%d", id) }

// auditSubscriber is the subscriber as the audit log records it: never
// the signing secret nor the nonce.
func auditSubscriber(s *Subscriber) string {
	b, _ := json.Marshal(struct {
		Kind      string `json:"kind"`
		Address   string `json:"address"`
		ChatKind  string `json:"chat_kind,omitempty"`
		News      string `json:"news"`
		WholePage bool   `json:"whole_page"`
		Confirmed bool   `json:"confirmed"`
		CreatedBy string `json:"created_by"`
	}{s.Kind, s.Address, s.ChatKind, s.News, s.WholePage, s.Confirmed(), s.CreatedBy})
	return string(b)
}

// escapeLike escapes LIKE's wildcards so a search matches them literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
