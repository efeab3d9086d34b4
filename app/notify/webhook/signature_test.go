package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example of the Standard Webhooks specification and its libraries.
func TestSignMatchesSpecificationExample(t *testing.T) {
	secret, err := ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	got := secret.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func TestVerify(t *testing.T) {
	secret, _ := NewSecret()
	other, _ := NewSecret()
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"meta":{}}`)
	signed := func(at time.Time) http.Header {
		header := http.Header{}
		secret.SetHeaders(header, "delivery-1", at, body)
		return header
	}
	tests := []struct {
		name    string
		secret  Secret
		header  http.Header
		body    []byte
		wantErr error
	}{
		{"valid", secret, signed(now), body, nil},
		{"timestamp within tolerance", secret, signed(now.Add(-4 * time.Minute)), body, nil},
		{"several signatures, one valid", secret, func() http.Header {
			h := signed(now)
			h.Set(HeaderSignature, "v1,AAAA v2,xyz "+h.Get(HeaderSignature))
			return h
		}(), body, nil},
		{"wrong secret", other, signed(now), body, ErrSignature},
		{"tampered body", secret, signed(now), []byte(`{"meta":{"x":1}}`), ErrSignature},
		{"stale timestamp", secret, signed(now.Add(-6 * time.Minute)), body, ErrTimestamp},
		{"future timestamp", secret, signed(now.Add(6 * time.Minute)), body, ErrTimestamp},
		{"malformed timestamp", secret, func() http.Header { h := signed(now); h.Set(HeaderTimestamp, "soon"); return h }(), body, ErrTimestamp},
		{"id changed", secret, func() http.Header { h := signed(now); h.Set(HeaderID, "delivery-2"); return h }(), body, ErrSignature},
		{"missing signature", secret, func() http.Header { h := signed(now); h.Del(HeaderSignature); return h }(), body, ErrMissingHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := Verify(tt.secret, tt.header, tt.body, now, 0)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && id != "delivery-1" {
				t.Errorf("Verify id = %q, want delivery-1", id)
			}
		})
	}
}

func TestParseSecret(t *testing.T) {
	secret, _ := NewSecret()
	if again, err := ParseSecret(secret.String()); err != nil || again.String() != secret.String() {
		t.Fatalf("ParseSecret(String()) = %v, %v", again, err)
	}
	for _, bad := range []string{"", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not base64!", "whsec_c2hvcnQ="} {
		if _, err := ParseSecret(bad); err == nil || !strings.HasPrefix(err.Error(), "webhook: ") {
			t.Errorf("ParseSecret(%q) error = %v, want one", bad, err)
		}
	}
}
