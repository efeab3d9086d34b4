package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/sync/singleflight"
)

// keyRefetchInterval is the least time between two fetches of the
// provider's keys, so tokens naming made-up key ids cannot make every
// request wait on the provider (nor flood it).
const keyRefetchInterval = 10 * time.Second

// maxKeySetBytes bounds the JWKS document read from the provider.
const maxKeySetBytes = 1 << 20

// keySet is the provider's signing keys (its JWKS), an oidc.KeySet. A token
// signed by a cached key verifies without a request. A key id it does not
// know makes it fetch the keys again, once for all concurrent requests,
// bounded by the timeout and at most once per keyRefetchInterval whether
// the fetch succeeded or not: go-oidc's RemoteKeySet would fetch again for
// every such token, and make each wait for it.
type keySet struct {
	url     string
	client  *http.Client
	timeout time.Duration
	flight  singleflight.Group

	mu        sync.RWMutex
	keys      []jose.JSONWebKey
	fetchedAt time.Time // when the last fetch ended, successful or not
}

func newKeySet(url string, client *http.Client, timeout time.Duration) *keySet {
	return &keySet{url: url, client: client, timeout: timeout}
}

// signingAlgorithms are the algorithms go-oidc verifies; the verifier
// narrows them to what the provider announces before the key set is asked.
func signingAlgorithms() []jose.SignatureAlgorithm {
	return []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512,
		jose.PS256, jose.PS384, jose.PS512, jose.EdDSA}
}

// VerifySignature checks the token's signature against the cached keys,
// fetching them again when none has the token's key id.
func (k *keySet) VerifySignature(ctx context.Context, token string) ([]byte, error) {
	signed, err := jose.ParseSigned(token, signingAlgorithms())
	if err != nil {
		return nil, fmt.Errorf("malformed token: %w", err)
	}
	if len(signed.Signatures) != 1 {
		return nil, errors.New("the token must carry exactly one signature")
	}
	keyID := signed.Signatures[0].Header.KeyID
	k.mu.RLock()
	cached := k.keys
	k.mu.RUnlock()
	if payload, ok := verifyWith(signed, keyID, cached); ok {
		return payload, nil
	}
	keys, err := k.refetch(ctx)
	if err != nil {
		return nil, err
	}
	if payload, ok := verifyWith(signed, keyID, keys); ok {
		return payload, nil
	}
	return nil, fmt.Errorf("no key the provider publishes (key id %q) verifies the token's signature", keyID)
}

// verifyWith tries the keys with the token's key id (every key when it names none).
func verifyWith(signed *jose.JSONWebSignature, keyID string, keys []jose.JSONWebKey) ([]byte, bool) {
	for _, key := range keys {
		if keyID != "" && key.KeyID != keyID {
			continue
		}
		if payload, err := signed.Verify(&key); err == nil {
			return payload, true
		}
	}
	return nil, false
}

// refetch fetches the keys unless a fetch ended less than
// keyRefetchInterval ago (then it answers the keys that one left). Every
// caller shares one fetch and waits for it at most until its own context ends.
func (k *keySet) refetch(ctx context.Context) ([]jose.JSONWebKey, error) {
	answer := k.flight.DoChan("keys", func() (any, error) {
		k.mu.RLock()
		keys, fetchedAt := k.keys, k.fetchedAt
		k.mu.RUnlock()
		if !fetchedAt.IsZero() && time.Since(fetchedAt) < keyRefetchInterval {
			return keys, nil
		}
		// Not the first caller's context: its end must not fail the others.
		fetchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.timeout)
		defer cancel()
		keys, err := k.fetch(fetchCtx)
		k.mu.Lock()
		defer k.mu.Unlock()
		k.fetchedAt = time.Now()
		if err != nil {
			return nil, err
		}
		k.keys = keys
		return keys, nil
	})
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("fetch the provider's keys: %w", ctx.Err())
	case result := <-answer:
		if result.Err != nil {
			return nil, result.Err
		}
		return result.Val.([]jose.JSONWebKey), nil
	}
}

// fetch reads the JWKS document, keeping the keys go-jose can use.
func (k *keySet) fetch(ctx context.Context) ([]jose.JSONWebKey, error) {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch the provider's keys at %q: %w", k.url, err)
	}
	request.Header.Set("Accept", "application/json")
	response, err := k.client.Do(request)
	if err != nil {
		return nil, fmt.Errorf("fetch the provider's keys: %w", err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(io.LimitReader(response.Body, maxKeySetBytes))
	if err != nil {
		return nil, fmt.Errorf("read the provider's keys: %w", err)
	}
	if response.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch the provider's keys: %s", response.Status)
	}
	return decodeKeys(body)
}

// decodeKeys reads a JWKS document, skipping keys of types go-jose does not
// know (RFC 7517 §5: ignore what is not understood) rather than refusing all.
func decodeKeys(body []byte) ([]jose.JSONWebKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("decode the provider's keys: %w", err)
	}
	keys := make([]jose.JSONWebKey, 0, len(set.Keys))
	for _, raw := range set.Keys {
		var key jose.JSONWebKey
		if err := key.UnmarshalJSON(raw); err != nil {
			continue
		}
		keys = append(keys, key)
	}
	return keys, nil
}
