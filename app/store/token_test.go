package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func TestAPITokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		cli := store.Actor{Subject: "cli"}
		created, err := s.CreateAPIToken(ctx, cli, "metrics", store.TokenRoleOperator, "hash-1", now)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if created.ID == 0 || created.Name != "metrics" || created.Role != "operator" || created.RevokedAt != nil {
			t.Errorf("created = %+v", created)
		}
		if _, err := s.CreateAPIToken(ctx, cli, "metrics", store.TokenRoleAdmin, "hash-2", now); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate live name: err = %v, want ErrConflict", err)
		}
		bad := []struct{ name, role, hash, field string }{
			{"", "operator", "h", "name"},
			{"42", "operator", "h", "name"},
			{"x", "root", "h", "role"},
			{"x", "admin", "", "token"},
		}
		for _, b := range bad {
			_, err := s.CreateAPIToken(ctx, cli, b.name, b.role, b.hash, now)
			v, ok := store.AsValidation(err)
			if !ok || v.Fields[b.field] == "" {
				t.Errorf("create(%q, %q, %q): err = %v, want a validation error on %s", b.name, b.role, b.hash, err, b.field)
			}
		}
		found, err := s.APITokenByHash(ctx, "hash-1")
		if err != nil || found.ID != created.ID {
			t.Fatalf("by hash = %+v, %v", found, err)
		}
		if _, err := s.APITokenByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown hash: err = %v, want ErrNotFound", err)
		}
		revoked, err := s.RevokeAPIToken(ctx, cli, "metrics", now.Add(time.Hour))
		if err != nil || revoked.RevokedAt == nil {
			t.Fatalf("revoke = %+v, %v", revoked, err)
		}
		if _, err := s.APITokenByHash(ctx, "hash-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token still found: %v", err)
		}
		if _, err := s.RevokeAPIToken(ctx, cli, "metrics", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoke twice: err = %v, want ErrNotFound", err)
		}
		again, err := s.CreateAPIToken(ctx, cli, "metrics", store.TokenRoleAdmin, "hash-3", now)
		if err != nil {
			t.Fatalf("reuse a revoked name: %v", err)
		}
		if _, err := s.RevokeAPIToken(ctx, cli, "999", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoke unknown id: err = %v", err)
		}
		tokens, err := s.APITokens(ctx)
		if err != nil || len(tokens) != 2 || tokens[1].ID != again.ID || tokens[0].RevokedAt == nil {
			t.Errorf("list = %+v, %v", tokens, err)
		}
		entries, total, err := s.AuditEntries(ctx, 1, 10)
		if err != nil || total != 3 || entries[0].Actor != "cli" {
			t.Errorf("audit = %d entries, %v", total, err)
		}
	})
}
