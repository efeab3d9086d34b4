package web

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

var retryForm = regexp.MustCompile(`action="/admin/deliveries/(\d+)/retry"`)

// A delivery that failed for good shows on /admin/deliveries with its
// error; an admin retries it (an audit row says so), an operator may not
// see the page, and a state the list does not know is a 400 naming it.
func TestAdminDeliveries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "statusdash.db")
	s := storetest.OpenWith(t, path, store.DefaultTimeouts())
	if _, err := notify.MigrateUp(ctx, s); err != nil {
		t.Fatal(err)
	}
	gone := notify.SenderFunc(func(context.Context, notify.Delivery) error {
		return notify.Permanent(errors.New("the receiver answered 410 Gone"))
	})
	n, err := notify.New(ctx, notify.Deps{Store: s, DatabaseURL: path, Timeouts: store.DefaultTimeouts(),
		Subscribers: notify.RecipientList{{Key: "webhook:1", Kind: "webhook", Address: "https://hooks.example.org/1"}},
		Sender:      gone, Config: notify.Config{RetryBase: 20 * time.Millisecond, PollInterval: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = n.Stop(stopCtx)
	})
	site := startManageSiteOn(t, s, func(d *Deps) { d.Deliveries = n })
	now := time.Now()
	if _, err := s.CreateEvent(ctx, store.Actor{Subject: "op-1"}, store.NewEvent{Type: model.TypeIncident,
		Title: "Slow volume attachment", Impact: model.ImpactMinor, ComponentIDs: []uint{1}, StartAt: now}, now); err != nil {
		t.Fatal(err)
	}

	admin := site.signedIn(adaAdmin)
	var list answer
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		list = admin.get("/admin/deliveries?state=failed")
		if strings.Contains(list.body, "the receiver answered 410 Gone") || time.Now().After(deadline) {
			break
		}
	}
	match := retryForm.FindStringSubmatch(list.body)
	if list.status != http.StatusOK || match == nil || !strings.Contains(list.body, "https://hooks.example.org/1") {
		t.Fatalf("failed deliveries = %d, want the delivery with its error and a retry button:\n%s", list.status, list.body)
	}

	if a := site.signedIn(olgaOperator).get("/admin/deliveries"); a.status != http.StatusForbidden {
		t.Errorf("operator GET /admin/deliveries = %d, want 403", a.status)
	}
	if a := admin.get("/admin/deliveries?state=lost"); a.status != http.StatusBadRequest || !strings.Contains(a.body, "state") {
		t.Errorf("unknown state = %d, want 400 naming state", a.status)
	}
	if a := admin.post("/admin/deliveries/999999/retry", nil); a.status != http.StatusNotFound {
		t.Errorf("retry of an unknown delivery = %d, want 404", a.status)
	}

	audits := site.auditCount()
	if a := admin.post("/admin/deliveries/"+match[1]+"/retry", nil); a.status != http.StatusSeeOther {
		t.Fatalf("retry = %d, want 303", a.status)
	}
	if got := site.auditCount(); got != audits+1 {
		t.Errorf("audit rows %d after the retry, want %d", got, audits+1)
	}
}
