package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// API token roles, as the api_tokens table allows them.
const (
	TokenRoleOperator = "operator"
	TokenRoleAdmin    = "admin"
)

// Audit actions of the token writes.
const (
	ActionTokenCreate = "token.create"
	ActionTokenRevoke = "token.revoke"
)

// APIToken is an API credential; only the SHA-256 hash of its secret is kept.
type APIToken struct {
	ID        uint
	Name      string
	Role      string
	TokenHash string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// TableName keeps GORM on the migrated table.
func (APIToken) TableName() string { return "api_tokens" }

// CreateAPIToken stores a new token by the hex SHA-256 hash of its secret.
// A live token of the same name is ErrConflict; a bad name or role is a
// ValidationError.
func (s *Storage) CreateAPIToken(ctx context.Context, actor Actor, name, role, hash string, now time.Time) (*APIToken, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return nil, invalid("name", "is required")
	case len(name) > 100:
		return nil, invalid("name", "may have at most 100 characters")
	case isDigits(name):
		return nil, invalid("name", "may not be a number (revoke takes an id or a name)")
	}
	if role != TokenRoleOperator && role != TokenRoleAdmin {
		return nil, invalid("role", "must be operator or admin")
	}
	if hash == "" {
		return nil, invalid("token", "is required")
	}
	token := &APIToken{Name: name, Role: role, TokenHash: hash, CreatedAt: utc(now)}
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		var live int64
		if err := tx.Model(&APIToken{}).Where("name = ? AND revoked_at IS NULL", name).Count(&live).Error; err != nil {
			return fmt.Errorf("store: look up token %q: %w", name, err)
		}
		if live > 0 {
			return fmt.Errorf("store: a live token named %q exists: %w", name, ErrConflict)
		}
		if err := tx.Create(token).Error; err != nil {
			return fmt.Errorf("store: create token %q: %w", name, err)
		}
		return writeAudit(tx, actor, ActionTokenCreate, fmt.Sprintf("token:%d", token.ID), "",
			fmt.Sprintf(`{"name":%q,"role":%q}`, name, role), now)
	})
	if err != nil {
		return nil, err
	}
	return token, nil
}

// APITokenByHash finds the live token whose secret hashes to hash, or ErrNotFound.
func (s *Storage) APITokenByHash(ctx context.Context, hash string) (*APIToken, error) {
	var token APIToken
	err := s.db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", hash).First(&token).Error
	if err != nil {
		return nil, notFound(err, "api token")
	}
	return &token, nil
}

// APITokens lists every token, revoked ones included, oldest first.
func (s *Storage) APITokens(ctx context.Context) ([]APIToken, error) {
	var tokens []APIToken
	if err := s.db.WithContext(ctx).Order("id").Find(&tokens).Error; err != nil {
		return nil, fmt.Errorf("store: list api tokens: %w", err)
	}
	return tokens, nil
}

// RevokeAPIToken revokes the live token with the id (digits) or else the
// name. No such live token is ErrNotFound.
func (s *Storage) RevokeAPIToken(ctx context.Context, actor Actor, idOrName string, now time.Time) (*APIToken, error) {
	var token APIToken
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		query := tx.Where("revoked_at IS NULL")
		if id, err := strconv.ParseUint(idOrName, 10, 64); err == nil {
			query = query.Where("id = ?", id)
		} else {
			query = query.Where("name = ?", idOrName)
		}
		if err := query.First(&token).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fmt.Errorf("store: live token %q: %w", idOrName, ErrNotFound)
			}
			return fmt.Errorf("store: look up token %q: %w", idOrName, err)
		}
		at := utc(now)
		token.RevokedAt = &at
		if err := tx.Model(&APIToken{}).Where("id = ?", token.ID).Update("revoked_at", at).Error; err != nil {
			return fmt.Errorf("store: revoke token %q: %w", idOrName, err)
		}
		return writeAudit(tx, actor, ActionTokenRevoke, fmt.Sprintf("token:%d", token.ID),
			fmt.Sprintf(`{"name":%q,"role":%q}`, token.Name, token.Role), "", now)
	})
	if err != nil {
		return nil, err
	}
	return &token, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
