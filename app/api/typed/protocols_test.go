package typed_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	reflection "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/typed"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestProtocols lists components through the generated client in every
// protocol and through grpc-go, and reports one through each.
func TestProtocols(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		ctx := context.Background()
		for _, p := range protocols {
			t.Run(p.name, func(t *testing.T) {
				c := h.clients(p)
				resp, err := c.catalog.ListComponents(ctx, request(&statusdashv1.ListComponentsRequest{}, ""))
				if err != nil {
					t.Fatalf("ListComponents: %v", err)
				}
				if got := len(resp.Msg.GetComponents()); got != 4 {
					t.Fatalf("got %d components, want 4", got)
				}
				if got := resp.Header().Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("X-Content-Type-Options: got %q, want nosniff (security headers)", got)
				}
				first := resp.Msg.GetComponents()[0]
				if first.GetName() != "Elastic Cloud Server" || first.GetRegion() != "EU-DE" || first.GetStatus() != statusdashv1.ComponentStatus_COMPONENT_STATUS_OPERATIONAL {
					t.Errorf("first component: got %v", first)
				}
				_, err = c.reports.ReportComponent(ctx, request(&statusdashv1.ReportComponentRequest{ComponentId: 1, Impact: statusdashv1.Impact_IMPACT_MINOR}, ""))
				if got := codeOf(err); got.String() != "unauthenticated" {
					t.Errorf("report without credential: got %v, want unauthenticated", err)
				}
			})
		}
		t.Run("grpc-go", func(t *testing.T) {
			conn := h.grpcConn()
			var out statusdashv1.ListComponentsResponse
			if err := conn.Invoke(ctx, "/statusdash.v1.CatalogService/ListComponents", &statusdashv1.ListComponentsRequest{Region: "eu-nl"}, &out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if got := len(out.GetComponents()); got != 2 {
				t.Errorf("eu-nl: got %d components, want 2", got)
			}
			err := conn.Invoke(ctx, "/statusdash.v1.CatalogService/GetComponent", &statusdashv1.GetComponentRequest{Id: 99}, &statusdashv1.GetComponentResponse{})
			if status.Code(err) != codes.NotFound {
				t.Errorf("GetComponent 99: got %v, want NotFound", err)
			}
			// A write with the credential in the call's metadata.
			authorized := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+h.operator)
			var report statusdashv1.ReportComponentResponse
			if err := conn.Invoke(authorized, "/statusdash.v1.ReportService/ReportComponent",
				&statusdashv1.ReportComponentRequest{ComponentId: 4, Impact: statusdashv1.Impact_IMPACT_MAJOR}, &report); err != nil {
				t.Fatalf("ReportComponent: %v", err)
			}
			if report.GetAction() != statusdashv1.ReportAction_REPORT_ACTION_JOINED || report.GetEvent().GetImpact() != statusdashv1.Impact_IMPACT_MAJOR {
				t.Errorf("ReportComponent: %v", &report)
			}
			err = conn.Invoke(authorized, "/statusdash.v1.ReportService/ReportComponent",
				&statusdashv1.ReportComponentRequest{ComponentId: 4, Impact: statusdashv1.Impact_IMPACT_MAJOR}, &report)
			if status.Code(err) != codes.AlreadyExists {
				t.Errorf("the same report again: got %v, want AlreadyExists", err)
			}
		})
		t.Run("metrics", func(t *testing.T) {
			resp, err := http.Get(h.server.URL + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			text, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if want := `method="POST",route="/statusdash.v1.CatalogService/*"`; !strings.Contains(string(text), want) {
				t.Errorf("/metrics has no %s", want)
			}
		})
		t.Run("reflection", func(t *testing.T) {
			stream, err := reflection.NewServerReflectionClient(h.grpcConn()).ServerReflectionInfo(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := stream.Send(&reflection.ServerReflectionRequest{MessageRequest: &reflection.ServerReflectionRequest_ListServices{}}); err != nil {
				t.Fatal(err)
			}
			answer, err := stream.Recv()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, service := range answer.GetListServicesResponse().GetService() {
				names = append(names, service.GetName())
			}
			for _, want := range typed.ServiceNames {
				if !strings.Contains(strings.Join(names, " "), want) {
					t.Errorf("reflection lists %v, missing %s", names, want)
				}
			}
		})
	})
}

// post sends a plain HTTP POST, as StatusThing documents its API.
func post(t *testing.T, h *harness, path, contentType, token, body string) (int, string) {
	t.Helper()
	return send(t, h, http.MethodPost, path, contentType, token, body)
}

// send sends a plain HTTP request with the body and bearer token (none when empty).
func send(t *testing.T, h *harness, method, path, contentType, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, h.server.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(answer)
}

// TestPlainJSON posts JSON as curl would: {} is a valid request, enums go
// by name or by number, and bad input gets the right Connect error.
func TestPlainJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		big := `{"name": "` + strings.Repeat("x", typed.MaxMessage) + `"}`
		tests := []struct {
			name, path, contentType, token, body string
			status                               int
			contains                             string
		}{
			{"empty body", "/statusdash.v1.CatalogService/ListComponents", "application/json", "", "{}", 200, `"name":"Elastic Cloud Server"`},
			{"statusthing empty body", "/statusthing.v1.ItemsService/ListItems", "application/json", "", "{}", 200, `"id":"1"`},
			{"enum by name", "/statusthing.v1.StatusService/ListStatus", "application/json", "", `{"kinds": ["STATUS_KIND_DOWN"]}`, 200, `"id":"outage"`},
			{"enum by number", "/statusthing.v1.StatusService/ListStatus", "application/json", "", `{"kinds": [2]}`, 200, `"id":"outage"`},
			{"unknown enum", "/statusthing.v1.StatusService/ListStatus", "application/json", "", `{"kinds": ["STATUS_KIND_NOPE"]}`, 400, `"code":"invalid_argument"`},
			{"malformed json", "/statusdash.v1.CatalogService/GetComponent", "application/json", "", `{"id": `, 400, `"code":"invalid_argument"`},
			{"unknown field", "/statusdash.v1.CatalogService/GetComponent", "application/json", "", `{"id": 1, "colour": "red"}`, 400, `"code":"invalid_argument"`},
			{"wrong type", "/statusdash.v1.CatalogService/GetComponent", "application/json", "", `{"id": "one"}`, 400, `"code":"invalid_argument"`},
			{"malformed protobuf", "/statusdash.v1.CatalogService/GetComponent", "application/proto", "", "\xff\xff\xff", 400, ""},
			{"oversized", "/statusdash.v1.ReportService/ReportComponent", "application/json", "", big, 429, `"code":"resource_exhausted"`},
			{"wrong content type", "/statusdash.v1.CatalogService/ListComponents", "text/plain", "", "{}", 415, ""},
			{"field named", "/statusdash.v1.CatalogService/GetComponent", "application/json", "", `{}`, 400, `id: is required`},
			{"not found", "/statusdash.v1.CatalogService/GetComponent", "application/json", "", `{"id": 42}`, 404, `"code":"not_found"`},
			{"unknown method", "/statusdash.v1.CatalogService/Nope", "application/json", "", `{}`, 404, ""},
			{"write needs credential", "/statusdash.v1.ReportService/ReportComponent", "application/json", "", `{"component_id": 1, "impact": "IMPACT_MAJOR"}`, 401, `"code":"unauthenticated"`},
			{"bad credential", "/statusdash.v1.ReportService/ReportComponent", "application/json", "nope", `{"component_id": 1, "impact": 3}`, 401, `"code":"unauthenticated"`},
			{"report by number", "/statusdash.v1.ReportService/ReportComponent", "application/json", h.operator, `{"componentId": 1, "impact": 3}`, 200, `"action":"REPORT_ACTION_JOINED"`},
			{"report again", "/statusdash.v1.ReportService/ReportComponent", "application/json", h.operator, `{"component_id": 1, "impact": "IMPACT_MAJOR"}`, 409, `"code":"already_exists"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				status, body := post(t, h, tt.path, tt.contentType, tt.token, tt.body)
				if status != tt.status || !strings.Contains(body, tt.contains) {
					t.Errorf("got %d %s, want %d with %s", status, truncated(body), tt.status, tt.contains)
				}
			})
		}
	})
}

func truncated(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
