// Package typed serves the typed API: statusdash.v1 (app/api/proto) and
// StatusThing's statusthing.v1 services through connect-go, so one handler
// answers gRPC, gRPC-Web and Connect (JSON or protobuf over POST). Handlers
// only convert messages and call the store, whose rules live in package
// incident, like the stackmon JSON API's; writes take the same credentials
// (package apiauth) and write the same audit rows.
package typed

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpcreflect"

	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/api/gen/statusthing/v1/statusthingv1connect"
	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/store"
)

// MaxMessage is the largest request message accepted (resource_exhausted
// beyond), the JSON API's body limit.
const MaxMessage = 1 << 20

// compressMinBytes is the smallest answer sent compressed (when the client
// accepts it): gzip takes more time than it saves on a small one.
const compressMinBytes = 1024

// Deps are what the API needs, the same as the JSON API's; the web server
// builds them.
type Deps = apiauth.Deps

// API implements the statusdash.v1 and statusthing.v1 services.
type API struct {
	store    *store.Storage
	logger   *slog.Logger
	now      func() time.Time
	verifier apiauth.CredentialVerifier
	limiter  *apiauth.Limiter
	versions cache.VersionSource
	reads    *answers
	frozen   *frozen
}

// New builds the API; Handlers gives its HTTP handlers.
func New(deps Deps) *API {
	gate := apiauth.NewGate(deps)
	return &API{
		store:    deps.Store,
		logger:   gate.Logger,
		now:      gate.Now,
		verifier: gate.Verifier,
		limiter:  gate.Limiter,
		versions: gate.Versions,
		reads:    newAnswers(),
		frozen:   &frozen{},
	}
}

// Mount is one path prefix of the typed API and its handler.
type Mount struct {
	// Prefix is "/<package>.<Service>/"; every procedure of the service is below it.
	Prefix  string
	Handler http.Handler
}

// ServiceNames are the fully qualified names of the services served, for
// server reflection.
var ServiceNames = []string{
	statusdashv1connect.CatalogServiceName,
	statusdashv1connect.EventServiceName,
	statusdashv1connect.ReportServiceName,
	statusdashv1connect.AvailabilityServiceName,
	statusdashv1connect.CheckServiceName,
	statusthingv1connect.ItemsServiceName,
	statusthingv1connect.StatusServiceName,
	statusthingv1connect.NotesServiceName,
}

// Handlers are the services' handlers and the reflection services (v1 and
// v1alpha, for grpcurl and buf curl), each under its own prefix.
func (a *API) Handlers() []Mount {
	options := []connect.HandlerOption{
		connect.WithReadMaxBytes(MaxMessage),
		// Compressing a small answer costs more than sending it.
		connect.WithCompressMinBytes(compressMinBytes),
		connect.WithRecover(a.recovered),
		connect.WithInterceptors(a.deadline()),
	}
	for _, codec := range codecs(a.frozen) {
		options = append(options, connect.WithCodec(codec))
	}
	var mounts []Mount
	add := func(prefix string, handler http.Handler) {
		mounts = append(mounts, Mount{Prefix: prefix, Handler: handler})
	}
	add(statusdashv1connect.NewCatalogServiceHandler(catalogService{a}, options...))
	add(statusdashv1connect.NewEventServiceHandler(eventService{a}, options...))
	add(statusdashv1connect.NewReportServiceHandler(reportService{a}, options...))
	add(statusdashv1connect.NewAvailabilityServiceHandler(availabilityService{a}, options...))
	add(statusdashv1connect.NewCheckServiceHandler(checkService{a}, options...))
	add(statusthingv1connect.NewItemsServiceHandler(itemsService{a}, options...))
	add(statusthingv1connect.NewStatusServiceHandler(statusService{a}, options...))
	add(statusthingv1connect.NewNotesServiceHandler(notesService{a}, options...))
	reflector := grpcreflect.NewStaticReflector(ServiceNames...)
	add(grpcreflect.NewHandlerV1(reflector, connect.WithReadMaxBytes(MaxMessage)))
	add(grpcreflect.NewHandlerV1Alpha(reflector, connect.WithReadMaxBytes(MaxMessage)))
	return mounts
}

// recovered turns a handler's panic into internal, logged, never a crash.
func (a *API) recovered(_ context.Context, spec connect.Spec, _ http.Header, panicked any) error {
	a.logger.Error("typed: panic", "panic", panicked, "procedure", spec.Procedure)
	return connect.NewError(connect.CodeInternal, errInternal)
}

// deadline gives each call one deadline for its database calls, as the
// JSON API's requests have.
func (a *API) deadline() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			ctx, cancel := a.store.WriteDeadline(ctx)
			defer cancel()
			resp, err := next(ctx, req)
			if err != nil {
				return nil, a.connectError(err, req.Spec().Procedure)
			}
			return resp, nil
		}
	}
}
