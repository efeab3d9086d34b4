package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
	"statusdash/app/web"
)

// confirmations keeps what the site would have sent.
type confirmations struct {
	mu   sync.Mutex
	sent []web.Confirmation
}

func (c *confirmations) SendConfirmation(_ context.Context, confirmation web.Confirmation) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, confirmation)
	return nil
}

func (c *confirmations) last(t *testing.T) web.Confirmation {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sent) == 0 {
		t.Fatal("no confirmation was sent")
	}
	return c.sent[len(c.sent)-1]
}

// startSubscribeSite is statusdash on the sample catalog with
// subscriptions on and the confirmations recorded.
func startSubscribeSite(t *testing.T) (string, *confirmations, *store.Storage) {
	t.Helper()
	catalog, err := bootstrap.LoadFile(filepath.Join(repositoryRoot(t), "instance", "catalog.yaml"), time.Now().UTC())
	if err != nil {
		t.Fatalf("load instance/catalog.yaml: %v", err)
	}
	s := storetest.OpenSQLite(t)
	if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, catalog.CatalogSpec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	ts := httptest.NewUnstartedServer(nil)
	cfg := config.Defaults()
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	cfg.SecretKey = "e2e-secret-key-0123456789abcdef0123456789abcdef"
	cfg.InstanceDir = t.TempDir()
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	sent := &confirmations{}
	server, err := web.New(web.Deps{Config: cfg, Store: s, Versions: s, Cache: memory, Confirmations: sent,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = server.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL, sent, s
}

// TestE2ESubscribe follows the header's Subscribe link, fills the form
// with JavaScript off, confirms by the recorded link, changes the scope
// and unsubscribes with the buttons.
func TestE2ESubscribe(t *testing.T) {
	b := startBrowser(t)
	siteURL, sent, s := startSubscribeSite(t)
	ctx := b.tab(t)
	assertJavaScriptOff(t, ctx)

	open(t, ctx, siteURL+"/")
	if n := count(t, ctx, `header a[href="/subscribe"]`); n != 1 {
		t.Fatalf("the header has %d Subscribe links, want 1", n)
	}
	open(t, ctx, siteURL+"/subscribe")
	assertNoScript(t, ctx)
	if n := count(t, ctx, `input[name="services"]`); n == 0 {
		t.Fatal("the form offers no services")
	}
	fill(t, ctx, "#email", "reader@example.org")
	submit(t, ctx, "Subscribe")
	if got := text(t, ctx, "h1"); got != "Check your inbox" {
		t.Fatalf("after subscribing the page says %q", got)
	}
	confirmation := sent.last(t)
	open(t, ctx, confirmation.ConfirmURL)
	if got := text(t, ctx, "h1"); got != "Subscription confirmed" {
		t.Fatalf("the confirmation link shows %q", got)
	}
	open(t, ctx, confirmation.ManageURL)
	assertNoScript(t, ctx)
	submit(t, ctx, "Save")
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "saved") {
		t.Errorf("after saving the page says %q", got)
	}
	submit(t, ctx, "Unsubscribe")
	if got := text(t, ctx, "h1"); got != "Unsubscribed" {
		t.Fatalf("after unsubscribing the page says %q", got)
	}
	if _, total, err := s.ListSubscribers(context.Background(), store.SubscriberFilter{}); err != nil || total != 0 {
		t.Errorf("after unsubscribing: %d subscribers, %v", total, err)
	}
}
