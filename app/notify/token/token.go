// Package token signs and checks the links in subscription mails: the
// double opt-in confirmation and the manage/unsubscribe link. A token is
// an HMAC-SHA256 over its purpose, the subscriber id, the subscriber's
// nonce and an expiry, keyed by a key derived from SDB_SECRET_KEY; the
// nonce binds it to one subscription, so it dies with an unsubscribe.
package token

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Purpose says what a token may do.
type Purpose string

// Purposes of the subscription links.
const (
	Confirm Purpose = "confirm"
	Manage  Purpose = "manage"
)

// Lifetimes of the links: a confirmation must be followed within two
// days; manage and unsubscribe links sit in every mail for a year.
const (
	ConfirmLifetime = 48 * time.Hour
	ManageLifetime  = 365 * 24 * time.Hour
)

// Paths the links point at; the web routes serve them.
const (
	ConfirmPath     = "/subscribe/confirm"
	ManagePath      = "/subscribe/manage"
	UnsubscribePath = "/subscribe/unsubscribe"
)

// Errors of Verify; both mean the link cannot be used.
var (
	ErrInvalid = errors.New("token: invalid")
	ErrExpired = errors.New("token: expired")
)

// Claims are what a valid token says.
type Claims struct {
	Purpose      Purpose
	SubscriberID uint
	Nonce        string
	Expires      time.Time
}

// Signer makes and checks tokens with one key.
type Signer struct {
	key []byte
}

// NewSigner derives the signing key from the installation's secret key.
func NewSigner(secretKey string) (*Signer, error) {
	if len(secretKey) < 16 {
		return nil, errors.New("token: SDB_SECRET_KEY must be at least 16 characters")
	}
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte("statusdash subscription links v1"))
	return &Signer{key: mac.Sum(nil)}, nil
}

// Sign makes a token for the purpose, valid until now plus the purpose's lifetime.
func (s *Signer) Sign(purpose Purpose, subscriberID uint, nonce string, now time.Time) string {
	lifetime := ManageLifetime
	if purpose == Confirm {
		lifetime = ConfirmLifetime
	}
	payload := strings.Join([]string{string(purpose), strconv.FormatUint(uint64(subscriberID), 10), nonce,
		strconv.FormatInt(now.Add(lifetime).Unix(), 10)}, ".")
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload))
}

// Verify checks the token's signature, purpose and expiry.
func (s *Signer) Verify(raw string, purpose Purpose, now time.Time) (Claims, error) {
	encoded, signature, found := strings.Cut(raw, ".")
	if !found || len(raw) > 512 {
		return Claims{}, ErrInvalid
	}
	payload, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return Claims{}, ErrInvalid
	}
	mac, err := base64.RawURLEncoding.DecodeString(signature)
	if err != nil || !hmac.Equal(mac, s.mac(string(payload))) {
		return Claims{}, ErrInvalid
	}
	parts := strings.Split(string(payload), ".")
	if len(parts) != 4 || Purpose(parts[0]) != purpose {
		return Claims{}, ErrInvalid
	}
	id, err := strconv.ParseUint(parts[1], 10, 32)
	if err != nil || id == 0 {
		return Claims{}, ErrInvalid
	}
	expires, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil {
		return Claims{}, ErrInvalid
	}
	claims := Claims{Purpose: purpose, SubscriberID: uint(id), Nonce: parts[2], Expires: time.Unix(expires, 0).UTC()}
	if !now.Before(claims.Expires) {
		return claims, ErrExpired
	}
	return claims, nil
}

func (s *Signer) mac(payload string) []byte {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(payload))
	return mac.Sum(nil)
}

// Links builds the absolute subscription links of an installation.
type Links struct {
	// BaseURL is SDB_BASE_URL, without a trailing slash.
	BaseURL string
	// Signer signs the links; without one (no SDB_SECRET_KEY) every link is empty.
	Signer *Signer
}

// ConfirmURL is the double opt-in link, valid for ConfirmLifetime.
func (l Links) ConfirmURL(subscriberID uint, nonce string, now time.Time) string {
	return l.link(ConfirmPath, Confirm, subscriberID, nonce, now)
}

// ManageURL is the page where the subscriber changes the scope or
// unsubscribes, valid for ManageLifetime.
func (l Links) ManageURL(subscriberID uint, nonce string, now time.Time) string {
	return l.link(ManagePath, Manage, subscriberID, nonce, now)
}

// UnsubscribeURL is the List-Unsubscribe target of RFC 8058: a POST of
// List-Unsubscribe=One-Click to it unsubscribes, without a session or
// CSRF token.
func (l Links) UnsubscribeURL(subscriberID uint, nonce string, now time.Time) string {
	return l.link(UnsubscribePath, Manage, subscriberID, nonce, now)
}

func (l Links) link(path string, purpose Purpose, subscriberID uint, nonce string, now time.Time) string {
	if l.Signer == nil {
		return "" // no SDB_SECRET_KEY: no subscriber links
	}
	return fmt.Sprintf("%s%s?%s", strings.TrimSuffix(l.BaseURL, "/"), path,
		url.Values{"token": {l.Signer.Sign(purpose, subscriberID, nonce, now)}}.Encode())
}
