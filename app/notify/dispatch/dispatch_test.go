package dispatch_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/notify/mail/smtptest"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// receiver is a loopback webhook endpoint that keeps the bodies whose
// signature verifies, once per webhook-id.
type receiver struct {
	mu     sync.Mutex
	secret webhook.Secret
	bodies map[string]string
	bad    int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	id, err := webhook.Verify(r.secret, req.Header, body, time.Now(), 5*time.Minute)
	if err != nil {
		r.bad++
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.bodies[id] = string(body)
}

func (r *receiver) received() (map[string]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	copied := map[string]string{}
	for id, body := range r.bodies {
		copied[id] = body
	}
	return copied, r.bad
}

// An incident opened on a page with a confirmed email subscriber and an
// admin's webhook reaches both through the queues: one mail with its
// one-click unsubscribe headers, one signed Statuspage-shaped request.
func TestIncidentReachesMailAndWebhook(t *testing.T) {
	urls := map[string]string{"sqlite": filepath.Join(t.TempDir(), "statusdash.db")}
	if os.Getenv(storetest.PostgresURLVar) != "" {
		urls["postgres"] = storetest.PostgresDatabaseURL(t)
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.OpenWith(t, url, store.DefaultTimeouts())
			if _, err := notify.MigrateUp(ctx, s); err != nil {
				t.Fatal(err)
			}
			storetest.SeedComponent(t, s)
			now := time.Now()
			whole := store.SubscriberScope{WholePage: true, News: store.NewsBoth}

			reader, err := s.CreatePendingSubscriber(ctx, store.NewSubscriber{Kind: store.SubscriberEmail,
				Address: "ada@example.org", Scope: whole}, now)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.ConfirmSubscriber(ctx, reader.ID, reader.Nonce, now); err != nil {
				t.Fatal(err)
			}
			sink := &receiver{bodies: map[string]string{}}
			endpoint := httptest.NewServer(sink)
			t.Cleanup(endpoint.Close)
			hook, err := s.CreateWebhook(ctx, store.Actor{Subject: "admin"}, endpoint.URL+"/hook", store.ChatGeneric, whole, now)
			if err != nil {
				t.Fatal(err)
			}
			if sink.secret, err = webhook.ParseSecret(hook.Secret); err != nil {
				t.Fatal(err)
			}

			smtp := smtptest.Start(t, smtptest.Options{Mode: smtptest.Plain})
			d := newDispatcher(t, s, smtp, "https://status.example.org", webhook.ClientOptions{AllowPrivate: true})
			_, stop, err := notify.Start(ctx, notify.Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
				Subscribers: d, Sender: d, Config: notify.Config{RetryBase: 20 * time.Millisecond, PollInterval: 100 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(stop)

			event, err := s.CreateEvent(ctx, store.Actor{Subject: "operator"}, store.NewEvent{Type: model.TypeIncident,
				Title: "Slow volume attachment", Impact: model.ImpactMajor, ComponentIDs: []uint{1}, StartAt: now}, now)
			if err != nil {
				t.Fatal(err)
			}

			messages := smtp.Wait(t, 1, 30*time.Second)
			// Long header lines are folded: unfold them to read the headers.
			raw := strings.NewReplacer("\r\n ", " ", "\r\n\t", " ").Replace(string(messages[0].Data))
			for _, want := range []string{"To: <ada@example.org>", "Slow volume attachment", "Elastic Cloud Server in EU-DE",
				"List-Unsubscribe: <https://status.example.org/subscribe/unsubscribe?token=", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"} {
				if !strings.Contains(raw, want) {
					t.Errorf("the mail lacks %q:\n%s", want, raw)
				}
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				bodies, bad := sink.received()
				if bad > 0 {
					t.Fatalf("%d webhook requests failed the signature check", bad)
				}
				if len(bodies) == 1 {
					for _, body := range bodies {
						if !strings.Contains(body, `"name":"Slow volume attachment"`) || !strings.Contains(body, fmt.Sprintf(`"id":"%d"`, event.ID)) {
							t.Errorf("webhook body does not carry incident %d: %s", event.ID, body)
						}
					}
					break
				}
				if len(bodies) > 1 || time.Now().After(deadline) {
					t.Fatalf("webhook got %d notifications, want 1", len(bodies))
				}
				time.Sleep(50 * time.Millisecond)
			}
			if extra := smtp.Messages(); len(extra) != 1 {
				t.Errorf("%d mails, want 1", len(extra))
			}
		})
	}
}
