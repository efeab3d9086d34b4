package typed_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/api/gen/statusthing/v1/statusthingv1connect"
	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
	"statusdash/app/web"
)

const testSecret = "test-secret-key-0123456789"

// start is the harness clock's first reading.
var start = time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)

// harness serves the whole web server (web.New and its HTTPServer, as
// `statusdash serve` runs it) with HTTP/1.1 and h2c on one loopback
// listener, on a fresh database with components 1 ECS/EU-DE, 2 ECS/EU-NL, 3 VPC/EU-DE, 4 VPC/EU-NL.
type harness struct {
	t      testing.TB
	store  *store.Storage
	server *httptest.Server

	mu  sync.Mutex
	now time.Time

	operator, admin, jwt string
}

func newHarness(t testing.TB, s *store.Storage) *harness {
	t.Helper()
	cfg := config.Defaults()
	cfg.SecretKey = testSecret
	cfg.APIWritesPerMinute = 0
	cfg.APISecretWritesPerMinute = 0
	cfg.InstanceDir = t.TempDir()
	cfg.TimeZone = "UTC"
	h := &harness{t: t, store: s, now: start}
	ctx := context.Background()
	_, err := s.ProvisionCatalog(ctx, store.BootstrapActor, store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Network", Slug: "network"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"},
			{Name: "Virtual Private Cloud", Slug: "vpc", Category: "network"},
		},
		Components: []store.ComponentSpec{
			{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "eu-nl"},
			{Service: "vpc", Region: "eu-de"}, {Service: "vpc", Region: "eu-nl"},
		},
	}, start)
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
	h.operator = h.createToken("ops-script", store.TokenRoleOperator)
	h.admin = h.createToken("catalog-admin", store.TokenRoleAdmin)
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"stackmon": "dummy"}).SignedString([]byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	h.jwt = signed
	server, err := web.New(web.Deps{Config: cfg, Store: s, Versions: s, Cache: cache.NewMemory(),
		Logger: slog.New(slog.DiscardHandler), Now: h.clock})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	// Served as `statusdash serve` serves: its timeouts, HTTP/1.1 and h2c,
	// its buffered connections.
	h.server = httptest.NewUnstartedServer(nil)
	h.server.Config = server.HTTPServer()
	h.server.Listener = web.BufferedListener(h.server.Listener)
	h.server.Start()
	t.Cleanup(h.server.Close)
	return h
}

func (h *harness) createToken(name, role string) string {
	h.t.Helper()
	token, hash, err := apiauth.NewToken()
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.store.CreateAPIToken(context.Background(), store.Actor{Subject: "test"}, name, role, hash, start); err != nil {
		h.t.Fatalf("create token: %v", err)
	}
	return token
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// protocol is one of the wire protocols a Connect client speaks.
type protocol struct {
	name    string
	options []connect.ClientOption
	h2c     bool
}

// protocols are gRPC (over h2c, as gRPC needs HTTP/2), gRPC-Web and
// Connect with JSON, over HTTP/1.1.
var protocols = []protocol{
	{name: "grpc", options: []connect.ClientOption{connect.WithGRPC()}, h2c: true},
	{name: "grpc-web", options: []connect.ClientOption{connect.WithGRPCWeb()}},
	{name: "connect-json", options: []connect.ClientOption{connect.WithProtoJSON()}},
	{name: "connect-proto"},
}

// httpClient is an HTTP/1.1 client, or one speaking HTTP/2 without TLS.
func httpClient(h2c bool) *http.Client {
	transport := &http.Transport{}
	if h2c {
		transport.Protocols = new(http.Protocols)
		transport.Protocols.SetUnencryptedHTTP2(true)
	}
	return &http.Client{Transport: transport, Timeout: 30 * time.Second}
}

// clients are the generated Connect clients of one protocol.
type clients struct {
	catalog statusdashv1connect.CatalogServiceClient
	events  statusdashv1connect.EventServiceClient
	reports statusdashv1connect.ReportServiceClient
	avail   statusdashv1connect.AvailabilityServiceClient
	checks  statusdashv1connect.CheckServiceClient
	items   statusthingv1connect.ItemsServiceClient
	status  statusthingv1connect.StatusServiceClient
	notes   statusthingv1connect.NotesServiceClient
}

func (h *harness) clients(p protocol) clients { return clientsOf(h.server.URL, p) }

// clientsOf are the generated clients of one protocol for the server at url.
func clientsOf(url string, p protocol) clients {
	client := httpClient(p.h2c)
	return clients{
		catalog: statusdashv1connect.NewCatalogServiceClient(client, url, p.options...),
		events:  statusdashv1connect.NewEventServiceClient(client, url, p.options...),
		reports: statusdashv1connect.NewReportServiceClient(client, url, p.options...),
		avail:   statusdashv1connect.NewAvailabilityServiceClient(client, url, p.options...),
		checks:  statusdashv1connect.NewCheckServiceClient(client, url, p.options...),
		items:   statusthingv1connect.NewItemsServiceClient(client, url, p.options...),
		status:  statusthingv1connect.NewStatusServiceClient(client, url, p.options...),
		notes:   statusthingv1connect.NewNotesServiceClient(client, url, p.options...),
	}
}

// grpcConn is a grpc-go connection to the server: an independent gRPC client.
func (h *harness) grpcConn() *grpc.ClientConn {
	h.t.Helper()
	return dialGRPC(h.t, h.server.Listener.Addr().String())
}

// dialGRPC is a grpc-go connection to address, closed when the test ends.
func dialGRPC(t testing.TB, address string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("grpc.NewClient: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// request is a request carrying the bearer token (none when empty).
func request[T any](msg *T, token string) *connect.Request[T] {
	req := connect.NewRequest(msg)
	if token != "" {
		req.Header().Set("Authorization", "Bearer "+token)
	}
	return req
}

// codeOf is err's Connect code, 0 for nil.
func codeOf(err error) connect.Code {
	if err == nil {
		return 0
	}
	return connect.CodeOf(err)
}
