package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"statusdash/app/auth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/bootstrap"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
	"statusdash/app/web"
)

// operatorAtIDP is the person the test provider signs in, in the operators' group.
func operatorAtIDP() oidctest.User {
	return oidctest.User{Subject: "op-e2e", Name: "Erin Operator", Email: "erin@example.org", Groups: []string{"/ops"}}
}

// operatorSite is statusdash on the sample catalog with sign-in through an
// in-process mockoidc provider.
type operatorSite struct {
	url   string
	idp   *oidctest.Provider
	store *store.Storage
}

func startOperatorSite(t *testing.T) *operatorSite {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	catalog, err := bootstrap.LoadFile(filepath.Join(repositoryRoot(t), "instance", "catalog.yaml"), now)
	if err != nil {
		t.Fatalf("load instance/catalog.yaml: %v", err)
	}
	s := storetest.OpenSQLite(t)
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, catalog.CatalogSpec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	idp := oidctest.Start(t)

	ts := httptest.NewUnstartedServer(nil)
	cfg := config.Defaults()
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	cfg.SecretKey = "e2e-secret-key-0123456789abcdef0123456789abcdef"
	cfg.InstanceDir = t.TempDir()
	cfg.TimeZone = "UTC"
	cfg.OIDCIssuerURL = idp.Issuer()
	cfg.OIDCClientID, cfg.OIDCClientSecret = idp.ClientID, idp.ClientSecret
	cfg.OIDCRedirectURL = cfg.BaseURL + "/auth/callback"
	cfg.OIDCOperatorGroups = []string{"ops"}
	sessions := cache.NewMemory()
	signIn, err := auth.New(cfg, sessions, nil)
	if err != nil {
		t.Fatalf("auth.New: %v", err)
	}
	server, err := web.New(web.Deps{Config: cfg, Store: s, Versions: s, Cache: sessions, Auth: signIn,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = server.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &operatorSite{url: ts.URL, idp: idp, store: s}
}

// twoFreeComponents picks two components no open event holds.
func twoFreeComponents(t *testing.T, s *store.Storage) []model.Component {
	t.Helper()
	components, err := s.ComponentsWithServiceRegion(context.Background())
	if err != nil {
		t.Fatalf("components: %v", err)
	}
	var free []model.Component
	for _, component := range components {
		events, err := s.OpenEventsForComponent(context.Background(), component.ID, time.Now())
		if err != nil {
			t.Fatalf("open events: %v", err)
		}
		if len(events) == 0 {
			free = append(free, component)
		}
		if len(free) == 2 {
			return free
		}
	}
	t.Fatal("the sample catalog has fewer than two free components")
	return nil
}

// submit clicks the button and waits for the page the form led to (after its 303).
func submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	response, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(`//button[normalize-space()="`+button+`"]`)))
	if err != nil {
		t.Fatalf("click %q: %v", button, err)
	}
	if response.Status != 200 {
		t.Fatalf("after %q: status %d, want 200", button, response.Status)
	}
}

func fill(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(selector), value)); err != nil {
		t.Fatalf("fill %s: %v", selector, err)
	}
}

// TestE2EOperatorRunsAnIncident signs in through the provider, opens an
// incident on two components, posts an update, raises the impact and
// resolves it, checking the public pages after each step; JavaScript is off.
func TestE2EOperatorRunsAnIncident(t *testing.T) {
	b := startBrowser(t)
	site := startOperatorSite(t)
	ctx := b.tab(t)
	assertJavaScriptOff(t, ctx)
	public := b.tab(t)

	site.idp.QueueUser(operatorAtIDP())
	open(t, ctx, site.url+"/manage")
	if body := text(t, ctx, "body"); !strings.Contains(body, "Signed in as Erin Operator") {
		t.Fatalf("after sign-in the dashboard lacks the operator: %.200s", body)
	}
	assertNoScript(t, ctx)

	components := twoFreeComponents(t, site.store)
	title := "Elevated error rates (e2e)"
	open(t, ctx, site.url+"/manage/incidents/new")
	assertNoScript(t, ctx)
	fill(t, ctx, "#title", title)
	for _, component := range components {
		box := `input[name="components"][value="` + strconv.Itoa(int(component.ID)) + `"]`
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(box))); err != nil {
			t.Fatalf("tick %s: %v", box, err)
		}
	}
	submit(t, ctx, "Open an incident")
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	_, id, ok := strings.Cut(location, "/manage/events/")
	if !ok {
		t.Fatalf("after opening the browser is at %q, want the event's page", location)
	}
	publicPage := site.url + "/incidents/" + id

	checkPublic := func(step string, overviewHas bool, wants ...string) {
		t.Helper()
		open(t, public, publicPage)
		body := text(t, public, "body")
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s: public incident page lacks %q", step, want)
			}
		}
		open(t, public, site.url+"/")
		if got := strings.Contains(text(t, public, "body"), title); got != overviewHas {
			t.Errorf("%s: overview lists the incident = %v, want %v", step, got, overviewHas)
		}
	}
	checkPublic("opened", true, title, "Degraded performance", components[0].Service.Name, components[1].Region.Name)

	fill(t, ctx, "#update-status", "fixing")
	fill(t, ctx, "#update-message", "A fix is rolling out.")
	submit(t, ctx, "Post the update")
	checkPublic("update", true, "A fix is rolling out.", "Fixing")

	fill(t, ctx, "#impact-impact", "3")
	fill(t, ctx, "#impact-message", "Requests now fail everywhere.")
	submit(t, ctx, "Change the impact")
	checkPublic("impact", true, "Major outage", "Requests now fail everywhere.")

	submit(t, ctx, "Resolve the incident")
	checkPublic("resolved", false, "The issue is resolved.", "Resolved")
}
