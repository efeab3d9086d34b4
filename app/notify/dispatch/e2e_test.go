package dispatch_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/notify/token"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
)

// Two readers subscribe through the form, confirm by the mailed link; an
// incident in EU-DE reaches the one following the whole page and not the
// one following EU-NL; after a one-click unsubscribe a further update
// reaches no one by mail.
func TestSubscribeConfirmNotifyUnsubscribeByMail(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		s := startSite(t, dbURL, siteOptions{Webhooks: webhook.ClientOptions{AllowPrivate: true},
			Notify: notify.Config{RetryBase: 20 * time.Millisecond}})
		const whole, nl = "ada@example.org", "bob@example.org"
		for _, form := range []url.Values{
			{"email": {whole}, "scope": {"page"}, "news": {store.NewsBoth}},
			{"email": {nl}, "scope": {"selected"}, "regions": {strconv.Itoa(regionEUNL)}, "news": {store.NewsBoth}},
		} {
			if status, body := s.postForm("/subscribe", form); status != http.StatusOK {
				t.Fatalf("POST /subscribe %v: %d\n%s", form, status, body)
			}
		}

		messages := s.smtp.Wait(t, 2, waitTimeout)
		for _, address := range []string{whole, nl} {
			confirmations := mailTo(messages, address)
			if len(confirmations) != 1 {
				t.Fatalf("%d confirmation mails to %s, want 1", len(confirmations), address)
			}
			link := linkWithPath(t, parseMail(t, confirmations[0].Data).text, s.web.URL, token.ConfirmPath)
			if status, body := s.get(link); status != http.StatusOK || !strings.Contains(body, "Subscription confirmed") {
				t.Fatalf("GET %s: %d\n%s", link, status, body)
			}
		}
		if confirmed := s.countConfirmed(); confirmed != 2 {
			t.Fatalf("%d confirmed subscribers, want 2", confirmed)
		}

		now := time.Now()
		event, err := s.store.CreateEvent(ctx, store.Actor{Subject: "operator"}, store.NewEvent{Type: model.TypeIncident,
			Title: "Slow volume attachment", Impact: model.ImpactMajor, ComponentIDs: []uint{componentEUDE}, StartAt: now}, now)
		if err != nil {
			t.Fatal(err)
		}
		// The fan-out inserts its few deliveries at once: once A's mail is
		// in, B's would be queued too, and no pending one means all are done.
		s.smtp.Wait(t, 3, waitTimeout)
		s.waitNoPendingDeliveries()
		messages = s.smtp.Messages()
		notifications := mailTo(messages[2:], whole)
		if len(notifications) != 1 || len(messages) != 3 {
			t.Fatalf("after the incident: %d mails to %s among %d new, want exactly 1 to them",
				len(notifications), whole, len(messages)-2)
		}
		notification := parseMail(t, notifications[0].Data)
		if !strings.Contains(notification.text, "Slow volume attachment") {
			t.Errorf("the notification lacks the incident's title:\n%s", notification.text)
		}
		if got := notification.header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", got)
		}
		unsubscribe := strings.Trim(notification.header.Get("List-Unsubscribe"), "<>")
		if !strings.HasPrefix(unsubscribe, s.web.URL+token.UnsubscribePath+"?token=") {
			t.Fatalf("List-Unsubscribe = %q, want a link to %s", unsubscribe, s.web.URL+token.UnsubscribePath)
		}

		// RFC 8058: the mail client posts to the header's URL, no cookie, no CSRF token.
		// A second click (a client retrying) is answered the same.
		for click := 1; click <= 2; click++ {
			if status, body := s.postForm(unsubscribe, url.Values{"List-Unsubscribe": {"One-Click"}}); status != http.StatusOK {
				t.Fatalf("one-click unsubscribe, click %d: %d\n%s", click, status, body)
			}
		}
		if confirmed := s.countConfirmed(); confirmed != 1 {
			t.Fatalf("%d confirmed subscribers after the unsubscribe, want 1", confirmed)
		}

		// A webhook following the whole page shows when the update's fan-out is done.
		sentinel := &flakyReceiver{}
		sentinel.secret = s.createAdminWebhook(startReceiver(t, sentinel).URL + "/hook")
		if _, err := s.store.AddUpdate(ctx, store.Actor{Subject: "operator"}, event.ID, store.NewUpdate{
			Status: model.StatusAnalysing, Message: "A storage node is degraded.", At: time.Now()}, time.Now()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the update at the sentinel webhook", func() bool {
			_, _, bodies := sentinel.seen()
			return len(bodies) == 1
		})
		s.waitNoPendingDeliveries()
		if after := s.smtp.Messages(); len(after) != 3 {
			for _, m := range after[3:] {
				t.Errorf("mail after the unsubscribe to %v", m.To)
			}
		}
		if _, bad, _ := sentinel.seen(); len(bad) > 0 {
			t.Errorf("sentinel webhook: %v", bad)
		}
	})
}

// countConfirmed is how many subscribers have confirmed.
func (s *site) countConfirmed() int {
	s.t.Helper()
	subscribers, _, err := s.store.ListSubscribers(context.Background(), store.SubscriberFilter{PerPage: 500})
	if err != nil {
		s.t.Fatal(err)
	}
	confirmed := 0
	for _, subscriber := range subscribers {
		if subscriber.Confirmed() {
			confirmed++
		}
	}
	return confirmed
}

// A receiver answering 500 three times then 200 gets the delivery on the
// fourth attempt, every attempt with the same webhook-id and a valid
// signature, and keeps it once.
func TestWebhookRetriedUntilAccepted(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, dbURL string) {
		s := startSite(t, dbURL, siteOptions{Webhooks: webhook.ClientOptions{AllowPrivate: true},
			Notify: notify.Config{RetryBase: 20 * time.Millisecond}})
		sink := &flakyReceiver{statuses: []int{http.StatusInternalServerError, http.StatusInternalServerError,
			http.StatusInternalServerError}}
		sink.secret = s.createAdminWebhook(startReceiver(t, sink).URL + "/hook")

		event := s.openIncident("Packet loss")
		waitFor(t, "the delivery to be accepted", func() bool {
			_, _, bodies := sink.seen()
			return len(bodies) > 0
		})
		s.waitNoPendingDeliveries()

		attempts, bad, bodies := sink.seen()
		if len(bad) > 0 {
			t.Fatalf("requests failed the signature check: %v", bad)
		}
		if len(attempts) != 4 {
			t.Fatalf("%d attempts, want 4", len(attempts))
		}
		for i, id := range attempts {
			if id == "" || id != attempts[0] {
				t.Errorf("attempt %d has webhook-id %q, the first had %q", i+1, id, attempts[0])
			}
		}
		if len(bodies) != 1 || !strings.Contains(bodies[attempts[0]], `"id":"`+strconv.FormatUint(uint64(event.ID), 10)+`"`) {
			t.Errorf("kept %d bodies, want 1 about incident %d: %v", len(bodies), event.ID, bodies)
		}
		sent := s.deliveries(notify.DeliverySent)
		if len(sent) != 1 || sent[0].Attempts != 4 {
			t.Errorf("sent deliveries %+v, want one after 4 attempts", sent)
		}
	})
}

// A receiver that never answers is cut off by the client's timeout; each
// cut-off is a failed attempt, and the delivery ends failed with the
// timeout as its error.
func TestHangingWebhookTimesOut(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, dbURL string) {
		s := startSite(t, dbURL, siteOptions{
			Webhooks: webhook.ClientOptions{AllowPrivate: true, HeaderTimeout: 200 * time.Millisecond, Timeout: 300 * time.Millisecond},
			Notify:   notify.Config{RetryBase: 20 * time.Millisecond, MaxAttempts: 2}})
		sink := newHangingReceiver()
		server := startReceiver(t, sink)
		t.Cleanup(func() { close(sink.release) }) // runs before the server closes
		s.createAdminWebhook(server.URL + "/hook")

		s.openIncident("Packet loss")
		waitFor(t, "the delivery to fail", func() bool { return len(s.deliveries(notify.DeliveryFailed)) == 1 })

		failed := s.deliveries(notify.DeliveryFailed)[0]
		if failed.Attempts != 2 {
			t.Errorf("failed after %d attempts, want 2", failed.Attempts)
		}
		if !strings.Contains(strings.ToLower(failed.LastError), "timeout") {
			t.Errorf("last error %q does not name the timeout", failed.LastError)
		}
		if got := sink.count(); got != 2 {
			t.Errorf("the receiver got %d requests, want 2", got)
		}
		if sent := s.deliveries(notify.DeliverySent); len(sent) != 0 {
			t.Errorf("%d deliveries counted as sent", len(sent))
		}
	})
}

// A webhook URL on the loopback address, with private addresses not
// allowed, is refused by the real form with 422 naming the field, and
// nothing is written.
func TestSubscribeFormRefusesPrivateWebhook(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, dbURL string) {
		s := startSite(t, dbURL, siteOptions{})
		before := s.countSubscribers()
		status, body := s.postForm("/subscribe", url.Values{"webhook_url": {"http://127.0.0.1:9/hook"},
			"chat_kind": {store.ChatGeneric}, "scope": {"page"}, "news": {store.NewsBoth}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422\n%s", status, body)
		}
		for _, want := range []string{`name="webhook_url" value="http://127.0.0.1:9/hook" maxlength="2000" aria-invalid="true"`,
			"may not point at a loopback"} {
			if !strings.Contains(body, want) {
				t.Errorf("the answer lacks %q:\n%s", want, body)
			}
		}
		if after := s.countSubscribers(); after != before {
			t.Errorf("%d subscribers after the refused form, %d before", after, before)
		}
		if mails := s.smtp.Messages(); len(mails) != 0 {
			t.Errorf("%d mails sent for a refused form", len(mails))
		}
	})
}

// openIncident opens a major incident on the EU-DE component.
func (s *site) openIncident(title string) *model.Event {
	s.t.Helper()
	now := time.Now()
	event, err := s.store.CreateEvent(context.Background(), store.Actor{Subject: "operator"}, store.NewEvent{
		Type: model.TypeIncident, Title: title, Impact: model.ImpactMajor, ComponentIDs: []uint{componentEUDE}, StartAt: now}, now)
	if err != nil {
		s.t.Fatal(err)
	}
	return event
}
