// Package webhook delivers statusdash's notifications over HTTP: a JSON body
// in Statuspage's webhook shape, or a Slack, Microsoft Teams or Mattermost
// message, signed as the Standard Webhooks specification says and posted
// through a client that refuses private addresses at connection time.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a timestamp may be from the receiver's clock,
// the five minutes the specification recommends.
const DefaultTolerance = 5 * time.Minute

const secretPrefix = "whsec_"

// Secret is a signing key, written whsec_<base64>.
type Secret struct{ key []byte }

// NewSecret makes a random 32-byte secret.
func NewSecret() (Secret, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return Secret{}, fmt.Errorf("webhook: secret: %w", err)
	}
	return Secret{key: key}, nil
}

// ParseSecret reads a whsec_<base64> secret of 24 to 64 bytes.
func ParseSecret(s string) (Secret, error) {
	encoded, ok := strings.CutPrefix(s, secretPrefix)
	if !ok {
		return Secret{}, errors.New("webhook: a secret starts with whsec_")
	}
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return Secret{}, errors.New("webhook: a secret is whsec_ and standard base64")
	}
	if len(key) < 24 || len(key) > 64 {
		return Secret{}, fmt.Errorf("webhook: a secret holds 24 to 64 bytes, this one %d", len(key))
	}
	return Secret{key: key}, nil
}

// String is the whsec_ form, to show the receiver once and to store.
func (s Secret) String() string { return secretPrefix + base64.StdEncoding.EncodeToString(s.key) }

// IsZero reports whether the secret is unset.
func (s Secret) IsZero() bool { return len(s.key) == 0 }

// Sign is the webhook-signature value for body: "v1,<base64 HMAC-SHA256 of id.timestamp.body>".
func (s Secret) Sign(id string, timestamp time.Time, body []byte) string {
	return "v1," + base64.StdEncoding.EncodeToString(s.mac(id, strconv.FormatInt(timestamp.Unix(), 10), body))
}

func (s Secret) mac(id, timestamp string, body []byte) []byte {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return mac.Sum(nil)
}

// SetHeaders adds the three Standard Webhooks headers to header.
func (s Secret) SetHeaders(header http.Header, id string, timestamp time.Time, body []byte) {
	header.Set(HeaderID, id)
	header.Set(HeaderTimestamp, strconv.FormatInt(timestamp.Unix(), 10))
	header.Set(HeaderSignature, s.Sign(id, timestamp, body))
}

// Verification errors; Verify wraps one of them.
var (
	ErrMissingHeader = errors.New("webhook: a Standard Webhooks header is missing")
	ErrTimestamp     = errors.New("webhook: the timestamp is malformed or too far from now")
	ErrSignature     = errors.New("webhook: no signature matches")
)

// Verify checks a received webhook as a receiver must: the three headers
// present, the timestamp within tolerance of now (0 is DefaultTolerance),
// and one of the space-separated v1 signatures equal, in constant time, to
// the HMAC of id.timestamp.body. body must be the raw bytes received.
// It returns the webhook-id, by which the receiver de-duplicates.
func Verify(secret Secret, header http.Header, body []byte, now time.Time, tolerance time.Duration) (string, error) {
	id, timestamp, signatures := header.Get(HeaderID), header.Get(HeaderTimestamp), header.Get(HeaderSignature)
	if id == "" || timestamp == "" || signatures == "" {
		return "", ErrMissingHeader
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return "", ErrTimestamp
	}
	if sent := time.Unix(seconds, 0); sent.Before(now.Add(-tolerance)) || sent.After(now.Add(tolerance)) {
		return "", ErrTimestamp
	}
	want := secret.mac(id, timestamp, body)
	for _, signature := range strings.Fields(signatures) {
		version, encoded, ok := strings.Cut(signature, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(encoded)
		if err == nil && hmac.Equal(got, want) {
			return id, nil
		}
	}
	return "", ErrSignature
}
