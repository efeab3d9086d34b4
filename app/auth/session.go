package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"statusdash/app/cache"
)

// User is the signed-in person, as the provider described them at sign-in.
type User struct {
	Subject string   `json:"sub"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	Groups  []string `json:"groups"`
	Role    Role     `json:"role"`
}

// DisplayName is the name to show: the name, else the email, else the subject.
func (u User) DisplayName() string {
	switch {
	case u.Name != "":
		return u.Name
	case u.Email != "":
		return u.Email
	}
	return u.Subject
}

// Session is what the server keeps for a signed-in browser; the browser
// holds only its random id.
type Session struct {
	id        string
	User      User      `json:"user"`
	CSRFToken string    `json:"csrf"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
}

const (
	sessionKeyPrefix = "auth:session:"
	loginKeyPrefix   = "auth:login:"
	loginUsedPrefix  = "auth:login-used:"
	// idBytes gives 256-bit session ids and tokens.
	idBytes = 32
	// touchEvery limits cache writes: last-seen moves at most once a minute.
	touchEvery = time.Minute
)

var errNoSession = errors.New("auth: no such session")

// randomToken returns 256 random bits, URL-safe.
func randomToken() (string, error) {
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// validToken reports whether s looks like a token randomToken made, so a
// forged cookie never reaches the cache as an arbitrary key.
func validToken(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == idBytes
}

// cacheKey hashes the id so that reading the cache gives no usable cookie.
func cacheKey(prefix, id string) string {
	sum := sha256.Sum256([]byte(id))
	return prefix + hex.EncodeToString(sum[:])
}

// sessionStore keeps sessions in the shared cache, so every serve process
// sharing a Redis sees the same sessions.
type sessionStore struct {
	cache  cache.Cache
	idle   time.Duration
	maxAge time.Duration
}

func (s sessionStore) create(ctx context.Context, user User, now time.Time) (*Session, error) {
	id, err := randomToken()
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return nil, err
	}
	session := &Session{id: id, User: user, CSRFToken: csrf, CreatedAt: now, LastSeen: now}
	if err := s.save(ctx, session, now); err != nil {
		return nil, err
	}
	return session, nil
}

// load returns the live session under id, deleting it when either lifetime is over.
func (s sessionStore) load(ctx context.Context, id string, now time.Time) (*Session, error) {
	if !validToken(id) {
		return nil, errNoSession
	}
	raw, err := s.cache.Get(ctx, cacheKey(sessionKeyPrefix, id))
	if errors.Is(err, cache.ErrMiss) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: load session: %w", err)
	}
	var session Session
	if err := json.Unmarshal(raw, &session); err != nil {
		return nil, errNoSession
	}
	session.id = id
	if now.Sub(session.CreatedAt) >= s.maxAge || now.Sub(session.LastSeen) >= s.idle {
		_ = s.delete(ctx, id)
		return nil, errNoSession
	}
	if now.Sub(session.LastSeen) >= touchEvery {
		session.LastSeen = now
		if err := s.save(ctx, &session, now); err != nil {
			return nil, err
		}
	}
	return &session, nil
}

// save stores the session until the earlier of its idle and absolute ends.
func (s sessionStore) save(ctx context.Context, session *Session, now time.Time) error {
	ttl := s.idle
	if left := session.CreatedAt.Add(s.maxAge).Sub(now); left < ttl {
		ttl = left
	}
	if ttl <= 0 {
		return s.delete(ctx, session.id)
	}
	raw, err := json.Marshal(session)
	if err != nil {
		return fmt.Errorf("auth: encode session: %w", err)
	}
	if err := s.cache.Set(ctx, cacheKey(sessionKeyPrefix, session.id), raw, ttl); err != nil {
		return fmt.Errorf("auth: save session: %w", err)
	}
	return nil
}

func (s sessionStore) delete(ctx context.Context, id string) error {
	if !validToken(id) {
		return nil
	}
	if err := s.cache.Delete(ctx, cacheKey(sessionKeyPrefix, id)); err != nil {
		return fmt.Errorf("auth: delete session: %w", err)
	}
	return nil
}
