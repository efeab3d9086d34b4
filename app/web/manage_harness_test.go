package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"statusdash/app/auth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// person is someone at the test OpenID Connect provider.
type person = oidctest.User

var (
	olgaOperator = person{Subject: "op-1", Name: "Olga Operator", Email: "olga@example.org", Groups: []string{"/ops"}}
	adaAdmin     = person{Subject: "ad-1", Name: "Ada Admin", Email: "ada@example.org", Groups: []string{"status-admins"}}
	markOutsider = person{Subject: "mk-1", Name: "Mark Eting", Email: "mark@example.org", Groups: []string{"/marketing"}}
)

// manageSite is statusdash with sign-in behind a real HTTP server, a
// mockoidc provider, and a small catalog: compute (ecs, evs) and storage
// (obs) in eu-de and eu-nl.
type manageSite struct {
	t          *testing.T
	url        string
	idp        *oidctest.Provider
	store      *store.Storage
	server     *Server
	components map[string]uint // "ecs/eu-de" -> id
}

func startManageSite(t *testing.T) *manageSite {
	t.Helper()
	return startManageSiteOn(t, storetest.OpenSQLite(t))
}

// startManageSiteOn starts the site on s; configure may change the
// server's dependencies before it is built.
func startManageSiteOn(t *testing.T, s *store.Storage, configure ...func(*Deps)) *manageSite {
	t.Helper()
	ctx := context.Background()
	spec := store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Storage", Slug: "storage"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"},
			{Name: "Elastic Volume Service", Slug: "evs", Category: "compute"},
			{Name: "Object Storage", Slug: "obs", Category: "storage"},
		},
	}
	for _, service := range []string{"ecs", "evs", "obs"} {
		for _, region := range []string{"eu-de", "eu-nl"} {
			spec.Components = append(spec.Components, store.ComponentSpec{Service: service, Region: region})
		}
	}
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	tree, err := s.ReadCatalog(ctx)
	if err != nil {
		t.Fatalf("read catalog: %v", err)
	}
	site := &manageSite{t: t, store: s, components: map[string]uint{}}
	for _, component := range tree.Components {
		site.components[component.Service.Slug+"/"+tree.Region(component.RegionID).Slug] = component.ID
	}

	idp := oidctest.Start(t)
	site.idp = idp

	ts := httptest.NewUnstartedServer(nil)
	cfg := config.Defaults()
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	cfg.SecretKey = "manage-test-secret-key-0123456789"
	cfg.OIDCIssuerURL = idp.Issuer()
	cfg.OIDCClientID, cfg.OIDCClientSecret = oidctest.ClientID, oidctest.ClientSecret
	cfg.OIDCRedirectURL = cfg.BaseURL + "/auth/callback"
	cfg.OIDCOperatorGroups = []string{"ops"}
	cfg.OIDCAdminGroups = []string{"status-admins"}
	sessions := cache.NewMemory()
	t.Cleanup(func() { _ = sessions.Close() })
	signIn, err := auth.New(cfg, sessions, nil)
	if err != nil {
		t.Fatalf("auth.New: %v", err)
	}
	deps := Deps{Config: cfg, Store: s, Cache: sessions, Auth: signIn}
	for _, change := range configure {
		change(&deps)
	}
	server, err := New(deps)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	site.server = server
	ts.Config.Handler = server.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	site.url = ts.URL
	return site
}

// ids names components "service/region".
func (site *manageSite) ids(names ...string) []string {
	ids := make([]string, len(names))
	for i, name := range names {
		id, ok := site.components[name]
		if !ok {
			site.t.Fatalf("no component %s", name)
		}
		ids[i] = itoa(id)
	}
	return ids
}

func itoa(id uint) string { return strconvU(id) }

// auditCount is how many audit rows exist: every write adds at least one.
func (site *manageSite) auditCount() int64 {
	site.t.Helper()
	_, total, err := site.store.AuditEntries(context.Background(), 1, 1)
	if err != nil {
		site.t.Fatalf("audit entries: %v", err)
	}
	return total
}

func (site *manageSite) event(id uint) *model.Event {
	site.t.Helper()
	e, err := site.store.ReadEvent(context.Background(), id)
	if err != nil {
		site.t.Fatalf("read event %d: %v", id, err)
	}
	return e
}

// visitor is a browser with a cookie jar that does not follow redirects.
type visitor struct {
	t      *testing.T
	site   *manageSite
	client *http.Client
	csrf   string
}

func (site *manageSite) visitor() *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		site.t.Fatalf("cookiejar: %v", err)
	}
	return &visitor{t: site.t, site: site, client: &http.Client{
		Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signedIn signs p in through /login, the provider and /auth/callback.
func (site *manageSite) signedIn(p person) *visitor {
	site.t.Helper()
	v := site.visitor()
	site.idp.QueueUser(p)
	login := v.get("/login?next=/manage")
	if login.status != http.StatusSeeOther {
		site.t.Fatalf("GET /login = %d (%s), want 303", login.status, login.body)
	}
	authorize := v.get(login.location)
	if authorize.status != http.StatusFound {
		site.t.Fatalf("provider = %d (%s), want 302", authorize.status, authorize.body)
	}
	done := v.get(authorize.location)
	if done.status != http.StatusSeeOther || done.location != "/manage" {
		site.t.Fatalf("callback = %d to %q (%s), want 303 to /manage", done.status, done.location, done.body)
	}
	return v
}

type answer struct {
	status   int
	location string
	header   http.Header
	body     string
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (v *visitor) get(target string) answer {
	v.t.Helper()
	return v.do(http.MethodGet, target, nil)
}

// post sends the form with the CSRF token of the visitor's last page (or
// of /manage when none was seen yet).
func (v *visitor) post(target string, form url.Values) answer {
	v.t.Helper()
	if v.csrf == "" {
		v.get("/manage")
	}
	sent := url.Values{}
	for name, values := range form {
		sent[name] = values
	}
	if _, ok := sent[auth.CSRFFieldName]; !ok {
		sent.Set(auth.CSRFFieldName, v.csrf)
	}
	return v.do(http.MethodPost, target, sent)
}

func (v *visitor) do(method, target string, form url.Values) answer {
	v.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = v.site.url + target
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	request, err := http.NewRequest(method, target, body)
	if err != nil {
		v.t.Fatalf("request: %v", err)
	}
	if form != nil {
		request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	response, err := v.client.Do(request)
	if err != nil {
		v.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer response.Body.Close()
	content, _ := io.ReadAll(response.Body)
	a := answer{status: response.StatusCode, location: response.Header.Get("Location"), header: response.Header, body: string(content)}
	if m := csrfInput.FindStringSubmatch(a.body); m != nil {
		v.csrf = html.UnescapeString(m[1])
	}
	return a
}

// setCookie puts a cookie into the visitor's jar for the site.
func (v *visitor) setCookie(cookie *http.Cookie) {
	u, _ := url.Parse(v.site.url)
	v.client.Jar.SetCookies(u, []*http.Cookie{cookie})
}

// createdID reads the event id from a 303 to /manage/events/<id>.
func createdID(t *testing.T, a answer) uint {
	t.Helper()
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/manage/events/") {
		t.Fatalf("answer = %d to %q, want 303 to /manage/events/<id>; body: %s", a.status, a.location, errorText(a.body))
	}
	id, err := parseUint(strings.TrimPrefix(a.location, "/manage/events/"))
	if err != nil {
		t.Fatalf("location %q: %v", a.location, err)
	}
	return id
}

var fieldErrorRE = regexp.MustCompile(`<p class="field-error">([^<]*)</p>|<p>([^<]*)</p>\s*<p><a href="/">`)

// errorText picks the field errors (or the error page's message) out of a page.
func errorText(body string) string {
	var messages []string
	for _, m := range fieldErrorRE.FindAllStringSubmatch(body, -1) {
		messages = append(messages, html.UnescapeString(m[1]+m[2]))
	}
	return strings.Join(messages, " | ")
}
