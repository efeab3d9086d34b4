package typed_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
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
// shared-secret JWT (an API token is looked up in the database).
//
// The server runs in a child process (TestBenchServer), so the CPU time of
// the server and of the clients are measured apart: server-µs/op is what
// to compare, client-µs/op is the client library's cost, cpu-µs/op their
// sum. On a shared host req/s follows the other sessions' load, CPU per
// request barely does. The server's CPU time is counted in 10 ms ticks:
// run for seconds (-benchtime 2s), not a few hundred requests.
// TYPED_BENCH_SERVER_PROFILE=file profiles the server.
func BenchmarkTypedVersusJSON(b *testing.B) {
	server := startBenchServer(b)
	ctx := context.Background()
	grpcClients := clientsOf(server.url, protocols[0])
	grpcGo := dialGRPC(b, strings.TrimPrefix(server.url, "http://"))
	h2cClient := httpClient(true)
	reportBody := `{"name":"Virtual Private Cloud","impact":3,"attributes":[{"name":"region","value":"EU-NL"}]}`
	rpcReport := `{"name":"Virtual Private Cloud","impact":"IMPACT_OUTAGE","attributes":[{"name":"region","value":"EU-NL"}]}`
	cases := []struct {
		name string
		call func(b *testing.B)
	}{
		{"ListComponents/json-api", func(b *testing.B) { benchGet(b, benchClient, server.url, "/v2/components") }},
		// The JSON API over the same transport as gRPC: one h2c connection.
		{"ListComponents/json-api-h2c", func(b *testing.B) { benchGet(b, h2cClient, server.url, "/v2/components") }},
		{"ListComponents/connect-json", func(b *testing.B) {
			benchExpect(b, server.url, "/statusdash.v1.CatalogService/ListComponents", "", "{}", http.StatusOK)
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
			benchExpect(b, server.url, "/v1/component_status", server.jwt, reportBody, http.StatusCreated)
		}},
		{"Report/connect-json", func(b *testing.B) {
			benchExpect(b, server.url, "/statusdash.v1.ReportService/ReportComponent", server.jwt, rpcReport, http.StatusOK)
		}},
		{"Report/grpc", func(b *testing.B) {
			req := request(&statusdashv1.ReportComponentRequest{Name: "Virtual Private Cloud", Impact: statusdashv1.Impact_IMPACT_OUTAGE,
				Attributes: []*statusdashv1.Attribute{{Name: "region", Value: "EU-NL"}}}, server.jwt)
			if _, err := grpcClients.reports.ReportComponent(ctx, req); err != nil {
				b.Error(err)
			}
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(4)
			clientBefore, serverBefore := processCPU(b), server.cpu(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c.call(b)
				}
			})
			client, served := processCPU(b)-clientBefore, server.cpu(b)-serverBefore
			perRequest := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			b.ReportMetric(perRequest(served), "server-µs/op")
			b.ReportMetric(perRequest(client), "client-µs/op")
			b.ReportMetric(perRequest(client+served), "cpu-µs/op")
		})
	}
}

// benchServerEnv makes TestBenchServer serve: the benchmark starts this test
// binary again with it set.
const benchServerEnv = "TYPED_BENCH_SERVER"

// TestBenchServer is the benchmark's server process: the harness's server
// with a component in an active maintenance. It prints its URL and a JWT,
// then serves until its standard input closes.
func TestBenchServer(t *testing.T) {
	if os.Getenv(benchServerEnv) == "" {
		t.Skip("the server process of BenchmarkTypedVersusJSON")
	}
	h := newHarness(t, storetest.OpenSQLite(t))
	if status, body := benchPost(t, h.server.URL, "/v2/events", h.operator, `{"title":"upgrade","impact":0,"components":[4],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T14:00:00Z","type":"maintenance"}`); status != http.StatusOK {
		t.Fatalf("maintenance: %d %s", status, body)
	}
	fmt.Println(h.server.URL, h.jwt)
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// benchServer is the benchmark's server process.
type benchServer struct {
	url, jwt string
	pid      int
}

// startBenchServer runs TestBenchServer in a child process until the
// benchmark ends.
func startBenchServer(b *testing.B) benchServer {
	b.Helper()
	args := []string{"-test.run=^TestBenchServer$", "-test.timeout=0"}
	if profile := os.Getenv("TYPED_BENCH_SERVER_PROFILE"); profile != "" {
		args = append(args, "-test.cpuprofile="+profile)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start the server process: %v", err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	fields := strings.Fields(line)
	if err != nil || len(fields) != 2 {
		b.Fatalf("server process: got %q (%v), want its URL and a JWT", line, err)
	}
	return benchServer{url: fields[0], jwt: fields[1], pid: cmd.Process.Pid}
}

// clockTick is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// cpu is the user and system CPU time the server process has used, from
// /proc/<pid>/stat (fields 14 and 15, after the parenthesized command name).
func (s benchServer) cpu(b *testing.B) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid))
	if err != nil {
		b.Fatalf("server CPU time: %v", err)
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	var ticks int64
	for _, field := range fields[11:13] {
		n, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			b.Fatalf("server CPU time: %q: %v", field, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick
}

// processCPU is the user and system CPU time this process has used.
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

func benchGet(b *testing.B, client *http.Client, url, path string) {
	resp, err := client.Get(url + path)
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

func benchPost(t testing.TB, url, path, token, body string) (int, string) {
	req, err := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := benchClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(answer)
}

func benchExpect(b *testing.B, url, path, token, body string, want int) {
	if status, answer := benchPost(b, url, path, token, body); status != want {
		b.Errorf("POST %s: %d %s", path, status, answer)
	}
}
