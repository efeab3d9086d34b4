package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/markdown"
	"statusdash/app/notify/webhook"
)

// receiver is a loopback endpoint that checks signatures by the Standard
// Webhooks rules and keeps each webhook-id once.
type receiver struct {
	secret webhook.Secret
	mu     sync.Mutex
	seen   map[string]int // webhook-id → deliveries received
	bodies map[string][]byte
}

func newReceiver(t *testing.T, secret webhook.Secret) (*receiver, *httptest.Server) {
	r := &receiver{secret: secret, seen: map[string]int{}, bodies: map[string][]byte{}}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		id, err := webhook.Verify(r.secret, req.Header, body, time.Now(), 0)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		r.mu.Lock()
		r.seen[id]++
		if r.seen[id] == 1 {
			r.bodies[id] = body
		}
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(server.Close)
	return r, server
}

func (r *receiver) unique() map[string][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string][]byte{}
	for id, body := range r.bodies {
		out[id] = body
	}
	return out
}

func newDeliverer(allowPrivate bool) *webhook.Deliverer {
	client := webhook.NewClient(webhook.ClientOptions{AllowPrivate: allowPrivate, Timeout: 2 * time.Second, HeaderTimeout: 2 * time.Second})
	return webhook.NewDeliverer(client, markdown.New(), nil)
}

func TestDeliverSignedAndDeduplicated(t *testing.T) {
	secret, _ := webhook.NewSecret()
	r, server := newReceiver(t, secret)
	d := newDeliverer(true)
	msg := webhook.Message{ID: "subscriber-3/update-17", Payload: webhook.Payload{Meta: webhook.Meta{Unsubscribe: "https://status.example.com/subscribe/manage?token=x"}}}
	target := webhook.Target{URL: server.URL + "/hook", Kind: webhook.Generic, Secret: secret}
	for range 2 { // a retry after a lost answer sends the same delivery again
		if err := d.Deliver(context.Background(), target, msg); err != nil {
			t.Fatalf("Deliver: %v", err)
		}
	}
	got := r.unique()
	if len(got) != 1 || got["subscriber-3/update-17"] == nil {
		t.Fatalf("receiver kept %v, want one delivery under subscriber-3/update-17", got)
	}
	if r.seen["subscriber-3/update-17"] != 2 {
		t.Errorf("receiver saw the id %d times, want 2 (both attempts, one kept)", r.seen["subscriber-3/update-17"])
	}

	other, _ := webhook.NewSecret()
	wrong := webhook.Target{URL: target.URL, Kind: webhook.Generic, Secret: other}
	err := d.Deliver(context.Background(), wrong, webhook.Message{ID: "x-1"})
	if err == nil || webhook.IsRetryable(err) {
		t.Errorf("Deliver signed with another secret: error %v, want a permanent one (401)", err)
	}
}

func TestDeliverJudgesAnswers(t *testing.T) {
	tests := []struct {
		status        int
		wantErr       bool
		wantRetryable bool
	}{
		{http.StatusOK, false, false},
		{http.StatusAccepted, false, false},
		{http.StatusInternalServerError, true, true},
		{http.StatusBadGateway, true, true},
		{http.StatusTooManyRequests, true, true},
		{http.StatusNotFound, true, false},
		{http.StatusBadRequest, true, false},
		{http.StatusGone, true, false},
		{http.StatusFound, true, false}, // not followed
	}
	d := newDeliverer(true)
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.status == http.StatusFound {
					w.Header().Set("Location", "http://169.254.169.254/latest/meta-data")
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, strings.Repeat("answer ", 100_000)) // read bounded
			}))
			t.Cleanup(server.Close)
			err := d.Deliver(context.Background(), webhook.Target{URL: server.URL}, webhook.Message{ID: "d-1"})
			if (err != nil) != tt.wantErr || webhook.IsRetryable(err) != tt.wantRetryable {
				t.Fatalf("Deliver error = %v (retryable %v), want error %v retryable %v", err, webhook.IsRetryable(err), tt.wantErr, tt.wantRetryable)
			}
			var delivery *webhook.Error
			if err != nil && (!errors.As(err, &delivery) || delivery.StatusCode != tt.status) {
				t.Errorf("error %v does not carry status %d", err, tt.status)
			}
		})
	}
}

// A receiver that never answers is cut off, and the attempt counts as failed.
func TestDeliverCutsOffHangingReceiver(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(func() { close(release); server.Close() })
	client := webhook.NewClient(webhook.ClientOptions{AllowPrivate: true, HeaderTimeout: 200 * time.Millisecond, Timeout: 300 * time.Millisecond})
	d := webhook.NewDeliverer(client, markdown.New(), nil)
	err := d.Deliver(context.Background(), webhook.Target{URL: server.URL}, webhook.Message{ID: "d-1"})
	if err == nil || !webhook.IsRetryable(err) {
		t.Fatalf("Deliver to a hanging receiver: error %v, want a retryable one", err)
	}
}

// The guard runs on the resolved address at connection time: literal
// loopback, mapped and private addresses and a name that resolves to
// loopback are all refused by default, and reached with AllowPrivate.
func TestDeliverRefusesPrivateAddresses(t *testing.T) {
	var hits sync.Map
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Store(r.URL.Path, true) })
	v4 := httptest.NewServer(handler)
	t.Cleanup(v4.Close)
	_, port, _ := net.SplitHostPort(v4.Listener.Addr().String())
	urls := map[string]string{
		"127.0.0.1":        "http://127.0.0.1:" + port + "/v4",
		"::ffff:127.0.0.1": "http://[::ffff:127.0.0.1]:" + port + "/mapped",
		"localhost":        "http://localhost:" + port + "/name",
	}
	if listener, err := net.Listen("tcp", "[::1]:0"); err == nil {
		v6 := &httptest.Server{Listener: listener, Config: &http.Server{Handler: handler}}
		v6.Start()
		t.Cleanup(v6.Close)
		urls["::1"] = "http://" + listener.Addr().String() + "/v6"
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			err := newDeliverer(false).Deliver(context.Background(), webhook.Target{URL: url}, webhook.Message{ID: "d-1"})
			if !errors.Is(err, webhook.ErrForbiddenAddress) || webhook.IsRetryable(err) {
				t.Fatalf("default client: error %v, want a permanent ErrForbiddenAddress", err)
			}
			if err := newDeliverer(true).Deliver(context.Background(), webhook.Target{URL: url}, webhook.Message{ID: "d-1"}); err != nil {
				t.Fatalf("AllowPrivate client: %v", err)
			}
		})
	}
	// Unroutable private addresses: refused before any packet leaves.
	for _, url := range []string{"http://10.0.0.1/", "http://169.254.169.254/", "http://[fd00::1]/", "http://0.0.0.0:" + port + "/"} {
		err := newDeliverer(false).Deliver(context.Background(), webhook.Target{URL: url}, webhook.Message{ID: "d-1"})
		if !errors.Is(err, webhook.ErrForbiddenAddress) {
			t.Errorf("Deliver to %s: error %v, want ErrForbiddenAddress", url, err)
		}
	}
	for _, path := range []string{"/v4", "/mapped", "/name"} {
		if _, ok := hits.Load(path); !ok {
			t.Errorf("the AllowPrivate client never reached %s", path)
		}
	}
}

func TestDeliverRejectsBadURLs(t *testing.T) {
	for _, url := range []string{"ftp://example.com/", "file:///etc/passwd", "not a url"} {
		err := newDeliverer(true).Deliver(context.Background(), webhook.Target{URL: url}, webhook.Message{ID: "d-1"})
		if err == nil || webhook.IsRetryable(err) {
			t.Errorf("Deliver to %q: error %v, want a permanent one", url, err)
		}
	}
}

func TestConfirm(t *testing.T) {
	secret, _ := webhook.NewSecret()
	r, server := newReceiver(t, secret)
	err := newDeliverer(true).Confirm(context.Background(), webhook.Target{URL: server.URL, Kind: webhook.Generic, Secret: secret},
		"confirm-9", "Example Status", "https://status.example.com/subscribe/confirm?token=abc")
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	var got webhook.Confirmation
	if err := json.Unmarshal(r.unique()["confirm-9"], &got); err != nil {
		t.Fatalf("confirmation body: %v", err)
	}
	if got.Type != "subscription.confirm" || got.ConfirmURL != "https://status.example.com/subscribe/confirm?token=abc" {
		t.Errorf("confirmation = %+v", got)
	}
}

func TestConfirmChatKindSendsItsFormat(t *testing.T) {
	var got []byte
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
	}))
	t.Cleanup(server.Close)
	err := newDeliverer(true).Confirm(context.Background(), webhook.Target{URL: server.URL, Kind: webhook.Slack},
		"confirm-10", "Example Status", "https://status.example.com/subscribe/confirm?token=abc")
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	doc := decode(t, got)
	if text, _ := path(t, doc, "text").(string); text == "" {
		t.Errorf("Slack confirmation has no text fallback: %s", got)
	}
	if links := path(t, doc, "blocks", 2, "elements", 0, "text"); links != "<https://status.example.com/subscribe/confirm?token=abc|Confirm the subscription>" {
		t.Errorf("Slack confirmation link = %v", links)
	}
}
