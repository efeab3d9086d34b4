package token

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	signer, err := NewSigner("token-test-secret-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewSigner("another-secret-key-0123456789")
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	confirm := signer.Sign(Confirm, 7, "nonce-a", now)
	manage := signer.Sign(Manage, 7, "nonce-a", now)
	tampered := []byte(manage)
	tampered[3] ^= 1
	cases := []struct {
		name    string
		token   string
		purpose Purpose
		at      time.Time
		want    error
	}{
		{"confirm within 48 h", confirm, Confirm, now.Add(47 * time.Hour), nil},
		{"confirm after 48 h", confirm, Confirm, now.Add(48 * time.Hour), ErrExpired},
		{"manage after 300 days", manage, Manage, now.Add(300 * 24 * time.Hour), nil},
		{"manage after a year", manage, Manage, now.Add(366 * 24 * time.Hour), ErrExpired},
		{"confirm token used to manage", confirm, Manage, now, ErrInvalid},
		{"another key", other.Sign(Manage, 7, "nonce-a", now), Manage, now, ErrInvalid},
		{"tampered", string(tampered), Manage, now, ErrInvalid},
		{"garbage", "not-a-token", Manage, now, ErrInvalid},
		{"empty", "", Manage, now, ErrInvalid},
	}
	for _, tc := range cases {
		claims, err := signer.Verify(tc.token, tc.purpose, tc.at)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			continue
		}
		if err == nil && (claims.SubscriberID != 7 || claims.Nonce != "nonce-a") {
			t.Errorf("%s: claims %+v, want subscriber 7 with nonce-a", tc.name, claims)
		}
	}
}

func TestUnsubscribeURL(t *testing.T) {
	signer, _ := NewSigner("token-test-secret-0123456789")
	now := time.Now()
	links := Links{BaseURL: "https://status.example.org/", Signer: signer}
	link := links.UnsubscribeURL(3, "n", now)
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, "https://status.example.org/subscribe/unsubscribe?token=") {
		t.Fatalf("link = %q, %v", link, err)
	}
	if claims, err := signer.Verify(u.Query().Get("token"), Manage, now); err != nil || claims.SubscriberID != 3 {
		t.Errorf("link token: %+v, %v", claims, err)
	}
}
