package dispatch_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/config"
	"statusdash/app/markdown"
	"statusdash/app/notify"
	"statusdash/app/notify/dispatch"
	"statusdash/app/notify/mail"
	"statusdash/app/notify/mail/smtptest"
	"statusdash/app/notify/token"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
	"statusdash/app/web"
	"statusdash/templates"
)

// waitTimeout bounds every wait of these tests.
const waitTimeout = 30 * time.Second

// testSecretKey signs the subscribers' links.
const testSecretKey = "a secret key of the end-to-end tests, long enough"

// forEachDatabase runs test on SQLite, and on PostgreSQL when
// SDB_TEST_POSTGRES_URL is set, each on a private, migrated database.
func forEachDatabase(t *testing.T, test func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { test(t, storetest.MigratedSQLitePath(t)) })
	if os.Getenv(storetest.PostgresURLVar) != "" {
		t.Run("postgres", func(t *testing.T) { test(t, storetest.MigratedPostgresURL(t)) })
	}
}

// siteOptions tune a site.
type siteOptions struct {
	Webhooks webhook.ClientOptions
	Notify   notify.Config
	// WebAllowPrivate is SDB_WEBHOOK_ALLOW_PRIVATE for the web forms.
	WebAllowPrivate bool
}

// site is the whole notification path on loopback: a store, the web
// server from web.New, the dispatcher, the queues and an SMTP server.
type site struct {
	t        *testing.T
	store    *store.Storage
	smtp     *smtptest.Server
	notifier *notify.Notifier
	web      *httptest.Server
	client   *http.Client
}

// Catalog ids the site is seeded with: Elastic Cloud Server in EU-DE
// (component 1) and in EU-NL (component 2).
const (
	regionEUDE    = 1
	regionEUNL    = 2
	componentEUDE = 1
	componentEUNL = 2
)

// startSite builds and starts a site on the database at url; everything
// stops when the test ends.
func startSite(t *testing.T, url string, opts siteOptions) *site {
	t.Helper()
	ctx := context.Background()
	s := storetest.OpenWith(t, url, store.DefaultTimeouts())
	if _, err := notify.MigrateUp(ctx, s); err != nil {
		t.Fatalf("notify migrations: %v", err)
	}
	seedCatalog(t, s)

	// The web server's address is its base URL: listen before building it.
	server := httptest.NewUnstartedServer(nil)
	baseURL := "http://" + server.Listener.Addr().String()

	smtp := smtptest.Start(t, smtptest.Options{Mode: smtptest.Plain})
	d := newDispatcher(t, s, smtp, baseURL, opts.Webhooks)

	cfg := config.Config{BaseURL: baseURL, SecretKey: testSecretKey, Title: "Example Status",
		WebhookAllowPrivate: opts.WebAllowPrivate}
	handler, err := web.New(web.Deps{Config: cfg, Store: s, Confirmations: d})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	server.Config.Handler = handler.Handler()
	server.Start()
	t.Cleanup(server.Close)

	if opts.Notify.PollInterval == 0 {
		opts.Notify.PollInterval = 100 * time.Millisecond
	}
	notifier, stop, err := notify.Start(ctx, notify.Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
		Subscribers: d, Sender: d, Config: opts.Notify})
	if err != nil {
		t.Fatalf("notify.Start: %v", err)
	}
	t.Cleanup(stop)
	return &site{t: t, store: s, smtp: smtp, notifier: notifier, web: server,
		client: &http.Client{Timeout: 10 * time.Second}}
}

// seedCatalog writes Elastic Cloud Server (category Compute) in EU-DE and EU-NL.
func seedCatalog(t *testing.T, s *store.Storage) {
	t.Helper()
	storetest.SeedComponent(t, s)
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, stmt := range []string{
		"INSERT INTO regions (id, name, slug) VALUES (2, 'EU-NL', 'eu-nl')",
		"INSERT INTO components (id, service_id, region_id) VALUES (2, 1, 2)",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("seed catalog: %v", err)
		}
	}
}

// postForm posts form to the web server's path (or an absolute URL) with
// no cookies and returns the status and body.
func (s *site) postForm(target string, form url.Values) (int, string) {
	s.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = s.web.URL + target
	}
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

// get fetches an absolute URL of the web server.
func (s *site) get(target string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do(req)
}

func (s *site) do(req *http.Request) (int, string) {
	s.t.Helper()
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return resp.StatusCode, string(body)
}

// countSubscribers is how many subscribers the store has, of every kind and state.
func (s *site) countSubscribers() int64 {
	s.t.Helper()
	_, total, err := s.store.ListSubscribers(context.Background(), store.SubscriberFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	return total
}

// deliveries lists the deliveries in state (at most 100).
func (s *site) deliveries(state notify.DeliveryState) []notify.DeliveryRow {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	page, err := s.notifier.ListDeliveries(ctx, state, "", 100)
	if err != nil {
		s.t.Fatal(err)
	}
	return page.Deliveries
}

// waitNoPendingDeliveries waits until every delivery is sent or failed.
func (s *site) waitNoPendingDeliveries() {
	s.t.Helper()
	waitFor(s.t, "no pending deliveries", func() bool { return len(s.deliveries(notify.DeliveryPending)) == 0 })
}

// waitFor polls done until it holds, failing the test after waitTimeout.
func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s after %s", what, waitTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mailTo picks the messages addressed to address.
func mailTo(messages []smtptest.Message, address string) []smtptest.Message {
	var picked []smtptest.Message
	for _, m := range messages {
		for _, to := range m.To {
			if strings.EqualFold(to, address) {
				picked = append(picked, m)
			}
		}
	}
	return picked
}

// parsedMail is a received mail's headers and decoded text part.
type parsedMail struct {
	header netmail.Header
	text   string
}

// parseMail reads a raw message: its headers and its text/plain part,
// with the transfer encoding undone.
func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, raw)
	}
	text, err := textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		t.Fatalf("mail text part: %v\n%s", err, raw)
	}
	return parsedMail{header: msg.Header, text: text}
}

// textPart finds the first text/plain part, descending into multiparts.
func textPart(contentType, encoding string, body io.Reader) (string, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		parts := multipart.NewReader(body, params["boundary"])
		for {
			part, err := parts.NextRawPart()
			if err == io.EOF {
				return "", fmt.Errorf("no text/plain part in %s", mediaType)
			}
			if err != nil {
				return "", err
			}
			text, err := textPart(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part)
			if err == nil {
				return text, nil
			}
		}
	}
	if mediaType != "text/plain" {
		return "", fmt.Errorf("%s is not text/plain", mediaType)
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	decoded, err := io.ReadAll(body)
	return string(decoded), err
}

// linkWithPath finds the first link in text to path on the site.
func linkWithPath(t *testing.T, text, baseURL, path string) string {
	t.Helper()
	pattern := regexp.MustCompile(regexp.QuoteMeta(baseURL+path) + `\?token=[^\s<>"]+`)
	link := pattern.FindString(text)
	if link == "" {
		t.Fatalf("no %s link in:\n%s", path, text)
	}
	return link
}

// flakyReceiver is a loopback webhook endpoint that answers the statuses
// in turn (then 200), checks every request's signature and keeps each
// webhook-id's body once.
type flakyReceiver struct {
	secret   webhook.Secret
	statuses []int

	mu       sync.Mutex
	attempts []string // the webhook-id of each request, in order
	bad      []error  // the requests whose signature did not verify
	bodies   map[string]string
}

func (r *flakyReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.bad = append(r.bad, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.attempts = append(r.attempts, req.Header.Get("webhook-id"))
	id, err := webhook.Verify(r.secret, req.Header, body, time.Now(), 5*time.Minute)
	if err != nil {
		r.bad = append(r.bad, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if n := len(r.attempts); n <= len(r.statuses) {
		http.Error(w, "try again", r.statuses[n-1])
		return
	}
	if r.bodies == nil {
		r.bodies = map[string]string{}
	}
	r.bodies[id] = string(body)
}

// seen is a copy of what the receiver got.
func (r *flakyReceiver) seen() (attempts []string, bad []error, bodies map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	bodies = map[string]string{}
	for id, body := range r.bodies {
		bodies[id] = body
	}
	return append([]string(nil), r.attempts...), append([]error(nil), r.bad...), bodies
}

// hangingReceiver is a loopback webhook endpoint that never answers: it
// holds each request until the client gives up or the test ends.
type hangingReceiver struct {
	release chan struct{}

	mu       sync.Mutex
	requests int
}

func newHangingReceiver() *hangingReceiver { return &hangingReceiver{release: make(chan struct{})} }

func (r *hangingReceiver) ServeHTTP(_ http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests++
	r.mu.Unlock()
	select {
	case <-req.Context().Done():
	case <-r.release:
	}
}

func (r *hangingReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests
}

// startReceiver serves h on loopback until the test ends.
func startReceiver(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(h)
	t.Cleanup(server.Close)
	return server
}

// createAdminWebhook adds an admin's generic webhook to url following
// the whole page, and returns its secret.
func (s *site) createAdminWebhook(url string) webhook.Secret {
	s.t.Helper()
	hook, err := s.store.CreateWebhook(context.Background(), store.Actor{Subject: "admin"}, url, store.ChatGeneric,
		store.SubscriberScope{WholePage: true, News: store.NewsBoth}, time.Now())
	if err != nil {
		s.t.Fatal(err)
	}
	secret, err := webhook.ParseSecret(hook.Secret)
	if err != nil {
		s.t.Fatal(err)
	}
	return secret
}

// newDispatcher is the real dispatcher of a test: mail to the loopback
// SMTP server, webhooks through a client with opts, links signed with
// testSecretKey under baseURL.
func newDispatcher(tb testing.TB, s *store.Storage, smtp *smtptest.Server, baseURL string, opts webhook.ClientOptions) *dispatch.Dispatcher {
	tb.Helper()
	sender, err := mail.New(mail.Options{URL: fmt.Sprintf("smtp://127.0.0.1:%d?starttls=off", smtp.Port()),
		From: "Status <status@example.org>"})
	if err != nil {
		tb.Fatal(err)
	}
	md := markdown.New()
	mailTemplates, err := mail.NewTemplates(templates.MailFS, md)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := token.NewSigner(testSecretKey)
	if err != nil {
		tb.Fatal(err)
	}
	return dispatch.New(dispatch.Deps{Store: s, PageTitle: "Example Status", BaseURL: baseURL,
		Mailer:   &mail.Mailer{Templates: mailTemplates, Sender: sender},
		Webhooks: webhook.NewDeliverer(webhook.NewClient(opts), md, nil),
		Links:    token.Links{BaseURL: baseURL, Signer: signer}})
}
