package typed_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/store/storetest"
)

// BenchmarkTypedVersusJSON compares, in one run on one server (SQLite),
// listing components and a component report through the JSON API, Connect
// JSON and gRPC (h2c: connect-go's generated client, and for listing also
// grpc-go, the client most gRPC users have). The report is of a component in an
// active maintenance: every rule is read and the answer is the maintenance,
// so the database does not grow with b.N. Every report carries the same
// shared-secret JWT (an API token is looked up in the database). req/s is
// what to compare.
func BenchmarkTypedVersusJSON(b *testing.B) {
	h := newHarness(b, storetest.OpenSQLite(b))
	if status, body := benchPost(b, h, "/v2/events", h.operator, `{"title":"upgrade","impact":0,"components":[4],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T14:00:00Z","type":"maintenance"}`); status != http.StatusOK {
		b.Fatalf("maintenance: %d %s", status, body)
	}
	ctx := context.Background()
	grpcClients := h.clients(protocols[0])
	grpcGo := h.grpcConn()
	h2cClient := httpClient(true)
	reportBody := `{"name":"Virtual Private Cloud","impact":3,"attributes":[{"name":"region","value":"EU-NL"}]}`
	rpcReport := `{"name":"Virtual Private Cloud","impact":"IMPACT_OUTAGE","attributes":[{"name":"region","value":"EU-NL"}]}`
	cases := []struct {
		name string
		call func(b *testing.B)
	}{
		{"ListComponents/json-api", func(b *testing.B) { benchGet(b, benchClient, h, "/v2/components") }},
		// The JSON API over the same transport as gRPC: one h2c connection.
		{"ListComponents/json-api-h2c", func(b *testing.B) { benchGet(b, h2cClient, h, "/v2/components") }},
		{"ListComponents/connect-json", func(b *testing.B) {
			benchExpect(b, h, "/statusdash.v1.CatalogService/ListComponents", "", "{}", http.StatusOK)
		}},
		{"ListComponents/grpc", func(b *testing.B) {
			if _, err := grpcClients.catalog.ListComponents(ctx, connect.NewRequest(&statusdashv1.ListComponentsRequest{})); err != nil {
				b.Error(err)
			}
		}},
		{"ListComponents/grpc-go", func(b *testing.B) {
			var answer statusdashv1.ListComponentsResponse
			if err := grpcGo.Invoke(ctx, statusdashv1connect.CatalogServiceListComponentsProcedure, &statusdashv1.ListComponentsRequest{}, &answer); err != nil {
				b.Error(err)
			}
		}},
		{"Report/json-api", func(b *testing.B) {
			benchExpect(b, h, "/v1/component_status", h.jwt, reportBody, http.StatusCreated)
		}},
		{"Report/connect-json", func(b *testing.B) {
			benchExpect(b, h, "/statusdash.v1.ReportService/ReportComponent", h.jwt, rpcReport, http.StatusOK)
		}},
		{"Report/grpc", func(b *testing.B) {
			req := request(&statusdashv1.ReportComponentRequest{Name: "Virtual Private Cloud", Impact: statusdashv1.Impact_IMPACT_OUTAGE,
				Attributes: []*statusdashv1.Attribute{{Name: "region", Value: "EU-NL"}}}, h.jwt)
			if _, err := grpcClients.reports.ReportComponent(ctx, req); err != nil {
				b.Error(err)
			}
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(4)
			before := processCPU(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c.call(b)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			// On a shared machine req/s follows the load; the CPU time the
			// process (client and server) spent per request barely does.
			b.ReportMetric(float64((processCPU(b)-before).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// The helpers below run in RunParallel's goroutines: they report with
// Error, never Fatal.
var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func benchGet(b *testing.B, client *http.Client, h *harness, path string) {
	resp, err := client.Get(h.server.URL + path)
	if err != nil {
		b.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Errorf("GET %s: %d", path, resp.StatusCode)
	}
}

func benchPost(b *testing.B, h *harness, path, token, body string) (int, string) {
	req, err := http.NewRequest(http.MethodPost, h.server.URL+path, strings.NewReader(body))
	if err != nil {
		b.Error(err)
		return 0, ""
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := benchClient.Do(req)
	if err != nil {
		b.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(answer)
}

func benchExpect(b *testing.B, h *harness, path, token, body string, want int) {
	if status, answer := benchPost(b, h, path, token, body); status != want {
		b.Errorf("POST %s: %d %s", path, status, answer)
	}
}
