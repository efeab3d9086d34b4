package apiauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"statusdash/app/auth"
	"statusdash/app/store"
)

// TokenPrefix starts every API token, so it is recognised without a lookup
// and found by secret scanners.
const TokenPrefix = "sdb_"

// NewToken makes a random API token (256 bits) and the hash to store.
func NewToken() (token, hash string, err error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", "", fmt.Errorf("apiauth: random token: %w", err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	return token, HashToken(token), nil
}

// NewHeartbeatToken makes a heartbeat check's secret (256 bits, URL-safe:
// it is a path segment of POST /api/v3/heartbeats/{token}) and the hash
// the check keeps.
func NewHeartbeatToken() (token, hash string, err error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", "", fmt.Errorf("apiauth: random heartbeat token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(secret)
	return token, HashToken(token), nil
}

// HashToken is the hex SHA-256 of a token, as api_tokens stores it. A fast
// hash is enough: the token is 256 random bits, not a password.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (v *Verifier) verifyAPIToken(ctx context.Context, token string) (Credential, error) {
	if v.tokens == nil {
		return Credential{}, fmt.Errorf("%w: API tokens are not available", ErrInvalid)
	}
	found, err := v.tokens.APITokenByHash(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return Credential{}, fmt.Errorf("%w: unknown or revoked API token", ErrInvalid)
	}
	if err != nil {
		return Credential{}, fmt.Errorf("apiauth: look up API token: %w", err)
	}
	return Credential{Kind: KindAPIToken, Name: found.Name, Role: auth.Role(found.Role), ID: strconv.FormatUint(uint64(found.ID), 10)}, nil
}
