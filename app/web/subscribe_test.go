package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/cache/cachetest"
	"statusdash/app/model"
	"statusdash/app/notify/token"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// recordingSender keeps the confirmations instead of sending them: the
// only stand-in of these tests, at the web boundary.
type recordingSender struct {
	mu   sync.Mutex
	sent []Confirmation
}

func (r *recordingSender) SendConfirmation(_ context.Context, c Confirmation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, c)
	return nil
}

func (r *recordingSender) all() []Confirmation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Confirmation(nil), r.sent...)
}

func (r *recordingSender) last(t *testing.T) Confirmation {
	t.Helper()
	sent := r.all()
	if len(sent) == 0 {
		t.Fatal("no confirmation was sent")
	}
	return sent[len(sent)-1]
}

// startSubscribeSite is the manage site with subscriptions on.
func startSubscribeSite(t *testing.T, s *store.Storage) (*manageSite, *recordingSender) {
	t.Helper()
	sender := &recordingSender{}
	site := startManageSiteOn(t, s, func(deps *Deps) { deps.Confirmations = sender })
	site.server.subscribeLimit = 100
	return site, sender
}

// regionID is the id of the region with the slug.
func (site *manageSite) regionID(slug string) uint {
	site.t.Helper()
	tree, err := site.store.ReadCatalog(context.Background())
	if err != nil {
		site.t.Fatal(err)
	}
	region, err := tree.RegionBySlug(slug)
	if err != nil {
		site.t.Fatal(err)
	}
	return region.ID
}

// linkPath turns an absolute link from a confirmation into a site path.
func linkPath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	return u.RequestURI()
}

// subscribers counts the subscriber rows, confirmed or not.
func (site *manageSite) subscribers() int64 {
	site.t.Helper()
	_, total, err := site.store.ListSubscribers(context.Background(), store.SubscriberFilter{})
	if err != nil {
		site.t.Fatal(err)
	}
	return total
}

// TestSubscribeFlow: subscribe, the confirmation recorded, the same answer
// for an existing address, confirm, the scope matched, manage the scope,
// and one-click unsubscribe by POST without a session or CSRF token; on
// SQLite and PostgreSQL.
func TestSubscribeFlow(t *testing.T) {
	t.Parallel()
	for _, backend := range storetest.Backends() {
		t.Run(backend.Name, func(t *testing.T) {
			site, sender := startSubscribeSite(t, backend.Open(t))
			reader := site.visitor()
			if home := reader.get("/"); !strings.Contains(home.body, `<a href="/subscribe" class="site-nav__subscribe">Subscribe</a>`) {
				t.Fatal("the overview's header has no Subscribe entry set apart from the page links")
			}
			form := reader.get("/subscribe")
			if form.status != http.StatusOK || !strings.Contains(form.body, `name="regions"`) || !strings.Contains(form.body, "Elastic Cloud Server") ||
				strings.Contains(form.body, "<script") {
				t.Fatalf("GET /subscribe = %d: want the form with region and service boxes and no script", form.status)
			}
			region := itoa(site.regionID("eu-de"))
			subscribeForm := url.Values{"email": {"Reader@Example.org"}, "scope": {"selected"}, "regions": {region}, "news": {"incidents"}}
			first := reader.do(http.MethodPost, "/subscribe", subscribeForm)
			if first.status != http.StatusOK || !strings.Contains(first.body, "Check your inbox") {
				t.Fatalf("POST /subscribe = %d (%s), want 200 check your inbox", first.status, errorText(first.body))
			}
			sent := sender.last(t)
			if sent.Recipient.Address != "reader@example.org" || sent.AlreadyConfirmed || !strings.Contains(sent.ConfirmURL, token.ConfirmPath) {
				t.Fatalf("confirmation = %+v", sent)
			}
			again := site.visitor().do(http.MethodPost, "/subscribe", subscribeForm)
			if again.status != first.status || again.body != first.body {
				t.Errorf("an existing address got %d and another page: the answer tells who subscribed", again.status)
			}

			incident, err := site.store.CreateEvent(context.Background(), store.Actor{Subject: "t"}, store.NewEvent{Type: model.TypeIncident,
				Title: "ECS down", Impact: model.ImpactOutage, ComponentIDs: []uint{site.components["ecs/eu-de"]},
				StartAt: time.Now().Add(-time.Minute)}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if recipients, _ := site.store.MatchingSubscribers(context.Background(), incident.ID); len(recipients) != 0 {
				t.Errorf("unconfirmed subscriber matched: %+v", recipients)
			}
			confirmed := reader.get(linkPath(t, sent.ConfirmURL))
			if confirmed.status != http.StatusOK || !strings.Contains(confirmed.body, "Subscription confirmed") {
				t.Fatalf("confirm = %d (%s)", confirmed.status, errorText(confirmed.body))
			}
			if recipients, _ := site.store.MatchingSubscribers(context.Background(), incident.ID); len(recipients) != 1 ||
				recipients[0].Address != "reader@example.org" {
				t.Errorf("after confirming, recipients = %+v, want the reader", recipients)
			}
			third := site.visitor().do(http.MethodPost, "/subscribe", subscribeForm)
			if third.body != first.body || !sender.last(t).AlreadyConfirmed {
				t.Errorf("a confirmed address: another page, or the mail does not say it is subscribed already")
			}

			manage := linkPath(t, sent.ManageURL)
			shown := reader.get(manage)
			if shown.status != http.StatusOK || !strings.Contains(shown.body, "reader@example.org") ||
				!strings.Contains(shown.body, `value="`+region+`" checked`) {
				t.Fatalf("manage page = %d, want the address and the region ticked", shown.status)
			}
			tokenValue := mustQuery(t, manage, "token")
			changed := reader.do(http.MethodPost, token.ManagePath, url.Values{"token": {tokenValue}, "scope": {"page"}, "news": {"both"}})
			if changed.status != http.StatusSeeOther || !strings.Contains(changed.location, "saved=1") {
				t.Fatalf("change scope = %d to %q (%s)", changed.status, changed.location, errorText(changed.body))
			}
			_, scope, err := site.store.SubscriberWithScope(context.Background(), sent.Recipient.ID, sent.Recipient.Nonce)
			if err != nil || !scope.WholePage || scope.News != store.NewsBoth {
				t.Errorf("scope after the change = %+v, %v; want the whole page, both", scope, err)
			}

			unsubscribeURL := site.server.subscriptions.links.UnsubscribeURL(sent.Recipient.ID, sent.Recipient.Nonce, time.Now())
			oneClick := site.visitor().do(http.MethodPost, linkPath(t, unsubscribeURL), url.Values{"List-Unsubscribe": {"One-Click"}})
			if oneClick.status != http.StatusOK {
				t.Fatalf("one-click unsubscribe = %d (%s), want 200", oneClick.status, errorText(oneClick.body))
			}
			if site.subscribers() != 0 {
				t.Errorf("after unsubscribing %d subscribers remain", site.subscribers())
			}
			if twice := site.visitor().do(http.MethodPost, linkPath(t, unsubscribeURL), url.Values{"List-Unsubscribe": {"One-Click"}}); twice.status != http.StatusOK {
				t.Errorf("second one-click = %d, want 200", twice.status)
			}
			if stale := reader.get(manage); stale.status != http.StatusBadRequest || !strings.Contains(stale.body, "token") {
				t.Errorf("manage link after unsubscribing = %d, want 400 naming token", stale.status)
			}

			both := site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"team@example.org"},
				"webhook_url": {"https://hooks.example.org/team"}, "chat_kind": {"slack"}, "scope": {"page"}, "news": {"both"}})
			if both.body != first.body {
				t.Errorf("email and webhook: another answer (%d)", both.status)
			}
			sentAll := sender.all()
			if hook := sentAll[len(sentAll)-1].Recipient; hook.Kind != store.SubscriberWebhook || hook.ChatKind != "slack" || hook.Secret == "" {
				t.Errorf("webhook confirmation for %+v, want a slack webhook with a secret", hook)
			}
		})
	}
}

func mustQuery(t *testing.T, target, name string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(name)
}

// TestSubscribeRefusesBadInput: each bad field gets 422 naming it, writes
// nothing and sends nothing.
func TestSubscribeRefusesBadInput(t *testing.T) {
	t.Parallel()
	site, sender := startSubscribeSite(t, storetest.OpenSQLite(t))
	region := itoa(site.regionID("eu-de"))
	cases := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"malformed address", url.Values{"email": {"not-an-address"}}, "email"},
		{"address with a name", url.Values{"email": {"Reader <r@example.org>"}}, "email"},
		{"nothing to send to", url.Values{"news": {"both"}}, "email"},
		{"unknown region", url.Values{"email": {"r@example.org"}, "scope": {"selected"}, "regions": {"99999"}}, "regions"},
		{"region not a number", url.Values{"email": {"r@example.org"}, "scope": {"selected"}, "regions": {"eu-de"}}, "regions"},
		{"unknown service", url.Values{"email": {"r@example.org"}, "scope": {"selected"}, "services": {"99999"}}, "services"},
		{"nothing chosen", url.Values{"email": {"r@example.org"}, "scope": {"selected"}}, "scope"},
		{"unknown news", url.Values{"email": {"r@example.org"}, "news": {"gossip"}}, "news"},
		{"webhook scheme", url.Values{"webhook_url": {"ftp://hooks.example.org/x"}}, "webhook_url"},
		{"webhook loopback", url.Values{"webhook_url": {"http://127.0.0.1:8080/x"}}, "webhook_url"},
		{"webhook private", url.Values{"webhook_url": {"https://10.1.2.3/x"}}, "webhook_url"},
		{"webhook localhost", url.Values{"webhook_url": {"http://localhost/x"}}, "webhook_url"},
		{"webhook link-local", url.Values{"webhook_url": {"http://[fe80::1]/x"}}, "webhook_url"},
		{"chat kind", url.Values{"webhook_url": {"https://hooks.example.org/x"}, "chat_kind": {"irc"}}, "chat_kind"},
		{"good address, bad region", url.Values{"email": {"r@example.org"}, "scope": {"selected"}, "regions": {region, "0"}}, "regions"},
	}
	// The summary names each field by its label, as the form shows it.
	labels := map[string]string{"email": "Email address", "webhook_url": "Webhook URL", "chat_kind": "Format",
		"regions": "Regions", "services": "Categories and services", "scope": "What to follow", "news": "Which news"}
	for _, tc := range cases {
		a := site.visitor().do(http.MethodPost, "/subscribe", tc.form)
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "<strong>"+labels[tc.field]+"</strong>") {
			t.Errorf("%s: %d (%s), want 422 naming %s", tc.name, a.status, errorText(a.body), tc.field)
		}
	}
	if n := site.subscribers(); n != 0 {
		t.Errorf("refused forms wrote %d subscribers", n)
	}
	if n := len(sender.all()); n != 0 {
		t.Errorf("refused forms sent %d confirmations", n)
	}
}

// TestSubscribeTokens: forged, tampered, expired and wrong-purpose tokens
// get 400 naming the token and change nothing.
func TestSubscribeTokens(t *testing.T) {
	t.Parallel()
	site, sender := startSubscribeSite(t, storetest.OpenSQLite(t))
	if a := site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"r@example.org"}}); a.status != http.StatusOK {
		t.Fatalf("subscribe = %d", a.status)
	}
	sent := sender.last(t)
	signer, err := token.NewSigner(site.server.config.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	forger, _ := token.NewSigner("someone-elses-secret-key-0123")
	id, nonce := sent.Recipient.ID, sent.Recipient.Nonce
	expiredConfirm := signer.Sign(token.Confirm, id, nonce, time.Now().Add(-49*time.Hour))
	confirmToken := mustQuery(t, sent.ConfirmURL, "token")
	cases := []struct {
		name, method, path, token string
	}{
		{"garbage confirm", http.MethodGet, token.ConfirmPath, "garbage"},
		{"missing", http.MethodGet, token.ConfirmPath, ""},
		{"forged confirm", http.MethodGet, token.ConfirmPath, forger.Sign(token.Confirm, id, nonce, time.Now())},
		{"tampered confirm", http.MethodGet, token.ConfirmPath, "x" + confirmToken},
		{"expired confirm", http.MethodGet, token.ConfirmPath, expiredConfirm},
		{"stale nonce", http.MethodGet, token.ConfirmPath, signer.Sign(token.Confirm, id, "old-nonce", time.Now())},
		{"confirm token to manage", http.MethodGet, token.ManagePath, confirmToken},
		{"expired manage", http.MethodGet, token.ManagePath, signer.Sign(token.Manage, id, nonce, time.Now().Add(-366*24*time.Hour))},
		{"forged unsubscribe", http.MethodPost, token.UnsubscribePath, forger.Sign(token.Manage, id, nonce, time.Now())},
		{"confirm token to unsubscribe", http.MethodPost, token.UnsubscribePath, confirmToken},
	}
	for _, tc := range cases {
		var form url.Values
		if tc.method == http.MethodPost {
			form = url.Values{"List-Unsubscribe": {"One-Click"}}
		}
		a := site.visitor().do(tc.method, tc.path+"?"+url.Values{"token": {tc.token}}.Encode(), form)
		if a.status != http.StatusBadRequest || !strings.Contains(a.body, "Parameter token") {
			t.Errorf("%s: %d (%s), want 400 naming token", tc.name, a.status, errorText(a.body))
		}
	}
	subscriber, _, err := site.store.SubscriberWithScope(context.Background(), id, nonce)
	if err != nil || subscriber.Confirmed() {
		t.Errorf("after bad tokens: %+v, %v; want the subscriber there and unconfirmed", subscriber, err)
	}
}

// TestSubscribeRateLimit: a client address's forms beyond the limit get
// 429 with Retry-After and write nothing.
func TestSubscribeRateLimit(t *testing.T) {
	t.Parallel()
	site, sender := startSubscribeSite(t, storetest.OpenSQLite(t))
	site.server.subscribeLimit = 2
	for i, address := range []string{"a@example.org", "b@example.org"} {
		if a := site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {address}}); a.status != http.StatusOK {
			t.Fatalf("form %d = %d", i+1, a.status)
		}
	}
	refused := site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"c@example.org"}})
	if refused.status != http.StatusTooManyRequests || refused.header.Get("Retry-After") == "" {
		t.Errorf("third form = %d, Retry-After %q; want 429 with Retry-After", refused.status, refused.header.Get("Retry-After"))
	}
	if n := site.subscribers(); n != 2 || len(sender.all()) != 2 {
		t.Errorf("after the refusal: %d subscribers, %d confirmations; want 2 and 2", n, len(sender.all()))
	}
}

// TestAdminSubscriberPages: an admin sees counts and searches, adds and
// removes webhooks and subscribers, each with an audit row; an operator
// gets 403; bad webhook URLs get 422 naming url and write nothing.
func TestAdminSubscriberPages(t *testing.T) {
	t.Parallel()
	for _, backend := range storetest.Backends() {
		t.Run(backend.Name, func(t *testing.T) {
			site, sender := startSubscribeSite(t, backend.Open(t))
			site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"findme@example.org"}})
			pending := sender.last(t).Recipient
			if _, err := site.store.ConfirmSubscriber(context.Background(), pending.ID, pending.Nonce, time.Now()); err != nil {
				t.Fatal(err)
			}
			op := site.signedIn(olgaOperator)
			for _, path := range []string{"/admin/subscribers", "/admin/webhooks"} {
				if a := op.get(path); a.status != http.StatusForbidden {
					t.Errorf("operator GET %s = %d, want 403", path, a.status)
				}
			}
			if a := op.post("/admin/subscribers/"+itoa(pending.ID)+"/delete", nil); a.status != http.StatusForbidden {
				t.Errorf("operator remove = %d, want 403", a.status)
			}
			admin := site.signedIn(adaAdmin)
			list := admin.get("/admin/subscribers?q=FINDME")
			if list.status != http.StatusOK || !strings.Contains(list.body, "findme@example.org") || !strings.Contains(list.body, "The whole page") {
				t.Fatalf("admin list = %d, want the subscriber and the whole-page count", list.status)
			}
			if none := admin.get("/admin/subscribers?q=nobody"); strings.Contains(none.body, "findme@example.org") {
				t.Error("the search for nobody lists findme")
			}
			before := site.auditCount()
			bad := []url.Values{
				{"url": {"ftp://hooks.example.org/x"}, "chat_kind": {"generic"}},
				{"url": {"http://192.168.1.5/hook"}, "chat_kind": {"generic"}},
				{"url": {""}, "chat_kind": {"generic"}},
			}
			for _, form := range bad {
				if a := admin.post("/admin/webhooks", form); a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "<strong>url</strong>") {
					t.Errorf("webhook %q = %d (%s), want 422 naming url", form.Get("url"), a.status, errorText(a.body))
				}
			}
			if site.auditCount() != before {
				t.Errorf("refused webhooks wrote audit rows")
			}
			if a := admin.post("/admin/webhooks", url.Values{"url": {"https://hooks.example.org/a"}, "chat_kind": {"teams"}}); a.status != http.StatusSeeOther {
				t.Fatalf("add webhook = %d (%s), want 303", a.status, errorText(a.body))
			}
			hooks, _, _ := site.store.ListSubscribers(context.Background(), store.SubscriberFilter{Kind: store.SubscriberWebhook})
			if len(hooks) != 1 || hooks[0].ChatKind != "teams" || !hooks[0].Confirmed() {
				t.Fatalf("webhooks = %+v, want one confirmed teams webhook", hooks)
			}
			if a := admin.post("/admin/webhooks", url.Values{"url": {"https://hooks.example.org/a"}, "chat_kind": {"teams"}}); a.status != http.StatusUnprocessableEntity {
				t.Errorf("the same webhook again = %d, want 422", a.status)
			}
			if page := admin.get("/admin/webhooks"); !strings.Contains(page.body, "https://hooks.example.org/a") {
				t.Error("the webhook page does not list the webhook")
			}
			if a := admin.post("/admin/webhooks/"+itoa(hooks[0].ID)+"/delete", nil); a.status != http.StatusSeeOther {
				t.Errorf("remove webhook = %d", a.status)
			}
			if a := admin.post("/admin/subscribers/"+itoa(pending.ID)+"/delete", nil); a.status != http.StatusSeeOther {
				t.Errorf("remove subscriber = %d", a.status)
			}
			if a := admin.post("/admin/subscribers/"+itoa(pending.ID)+"/delete", nil); a.status != http.StatusNotFound {
				t.Errorf("remove twice = %d, want 404", a.status)
			}
			entries, total, err := site.store.AuditEntries(context.Background(), 1, 3)
			if err != nil || total != before+3 {
				t.Fatalf("audit rows = %d (before %d), %v; want 3 more", total, before, err)
			}
			for i, want := range []string{store.ActionSubscriberRemove, store.ActionSubscriberRemove, store.ActionWebhookCreate} {
				if entries[i].Action != want || entries[i].Actor != adaAdmin.Subject {
					t.Errorf("audit %d = %s by %s, want %s by the admin", i, entries[i].Action, entries[i].Actor, want)
				}
			}
			if site.subscribers() != 0 {
				t.Errorf("%d subscribers left", site.subscribers())
			}
		})
	}
}

// TestSubscribeRateLimitSharedInRedis: two processes sharing a Redis count
// one client address's forms together.
func TestSubscribeRateLimitSharedInRedis(t *testing.T) {
	t.Parallel()
	shared := cachetest.OpenRedis(t, "subscribe")
	s := storetest.OpenSQLite(t)
	var sites []*manageSite
	for range 2 {
		site := startManageSiteOn(t, s, func(deps *Deps) { deps.Confirmations = &recordingSender{}; deps.Cache = shared })
		site.server.subscribeLimit = 2
		sites = append(sites, site)
	}
	for i, site := range sites {
		if a := site.visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"r" + itoa(uint(i)) + "@example.org"}}); a.status != http.StatusOK {
			t.Fatalf("form on process %d = %d", i+1, a.status)
		}
	}
	if a := sites[0].visitor().do(http.MethodPost, "/subscribe", url.Values{"email": {"third@example.org"}}); a.status != http.StatusTooManyRequests {
		t.Errorf("third form across the two processes = %d, want 429", a.status)
	}
}
