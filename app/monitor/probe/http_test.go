package probe_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
)

// testHandler serves the paths the http check tests probe.
func testHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "all good: version 1.2")
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("X-Token") != "secret" || string(body) != "ping" || r.Host != "status.example" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, "pong")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond)
		fmt.Fprint(w, "late")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	return mux
}

func httpCheck(target string, settings probe.HTTPSettings) probe.Definition {
	return probe.Definition{Kind: probe.KindHTTP, Target: target, Interval: 30 * time.Second, HTTP: settings}
}

func TestHTTPCheck(t *testing.T) {
	server := httptest.NewServer(testHandler())
	t.Cleanup(server.Close)
	url := server.URL
	tests := []struct {
		name        string
		def         probe.Definition
		wantOutcome probe.Outcome
		wantReason  string
	}{
		{"status 200 is up", httpCheck(url+"/ok", probe.HTTPSettings{}), probe.OutcomeUp, ""},
		{"status 503 is down", httpCheck(url+"/fail", probe.HTTPSettings{}), probe.OutcomeDown, "status 503, want 200-299"},
		{"an expected 503 is up", httpCheck(url+"/fail", probe.HTTPSettings{ExpectedStatus: probe.StatusRanges{{Low: 200, High: 299}, {Low: 503, High: 503}}}), probe.OutcomeUp, ""},
		{"an unexpected 200 is down", httpCheck(url+"/ok", probe.HTTPSettings{ExpectedStatus: probe.StatusRanges{{Low: 204, High: 204}, {Low: 300, High: 399}}}), probe.OutcomeDown, "status 200, want 204,300-399"},
		{"a followed redirect is up", httpCheck(url+"/redirect", probe.HTTPSettings{}), probe.OutcomeUp, ""},
		{"an ignored redirect is judged by its status", httpCheck(url+"/redirect", probe.HTTPSettings{IgnoreRedirects: true}), probe.OutcomeDown, "status 302, want 200-299"},
		{"body contains", httpCheck(url+"/ok", probe.HTTPSettings{BodyContains: "all good"}), probe.OutcomeUp, ""},
		{"body lacks", httpCheck(url+"/ok", probe.HTTPSettings{BodyContains: "healthy"}), probe.OutcomeDown, `body does not contain "healthy"`},
		{"body matches", httpCheck(url+"/ok", probe.HTTPSettings{BodyRegexp: `version \d+\.\d+`}), probe.OutcomeUp, ""},
		{"body does not match", httpCheck(url+"/ok", probe.HTTPSettings{BodyRegexp: `^version`}), probe.OutcomeDown, `body does not match "^version"`},
		{"method, headers, host and body are sent", httpCheck(url+"/echo", probe.HTTPSettings{
			Method: "POST", Body: "ping", Headers: map[string]string{"X-Token": "secret", "Host": "status.example"},
		}), probe.OutcomeUp, ""},
		{"a wrong request is refused", httpCheck(url+"/echo", probe.HTTPSettings{Method: "PUT"}), probe.OutcomeDown, "status 400, want 200-299"},
		{"connection refused", httpCheck("http://"+closedAddress(t)+"/", probe.HTTPSettings{}), probe.OutcomeDown, "connection refused"},
		{"https to a plain server", httpCheck(strings.Replace(url, "http:", "https:", 1)+"/ok", probe.HTTPSettings{}), probe.OutcomeDown, "http: server gave HTTP response to HTTPS client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe.Run(context.Background(), tt.def)
			if got.Outcome != tt.wantOutcome || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want %s %q", got.Outcome, got.Reason, tt.wantOutcome, tt.wantReason)
			}
			if got.Started.IsZero() {
				t.Error("got no start time")
			}
		})
	}
}

func TestHTTPCheckTimesOut(t *testing.T) {
	server := httptest.NewServer(testHandler())
	t.Cleanup(server.Close)
	def := httpCheck(server.URL+"/hang", probe.HTTPSettings{})
	def.Timeout = 200 * time.Millisecond
	got := probe.Run(context.Background(), def)
	if want := "timed out after 200ms"; got.Outcome != probe.OutcomeDown || got.Reason != want {
		t.Errorf("got %s %q, want down %q", got.Outcome, got.Reason, want)
	}
}

func TestHTTPCheckSlowerThanMaxLatencyIsDegraded(t *testing.T) {
	server := httptest.NewServer(testHandler())
	t.Cleanup(server.Close)
	def := httpCheck(server.URL+"/slow", probe.HTTPSettings{})
	// The handler sleeps 30 ms, so the check is slower than 10 ms whatever the machine's load.
	def.MaxLatency = 10 * time.Millisecond
	got := probe.Run(context.Background(), def)
	if got.Outcome != probe.OutcomeDegraded || !strings.HasPrefix(got.Reason, "latency ") || !strings.HasSuffix(got.Reason, ", above 10ms") {
		t.Errorf("got %s %q, want degraded \"latency ..., above 10ms\"", got.Outcome, got.Reason)
	}
	if got.Latency < 30*time.Millisecond {
		t.Errorf("got latency %s, want at least the handler's 30ms", got.Latency)
	}
}

func TestHTTPSCheck(t *testing.T) {
	ca := newAuthority(t)
	now := time.Now()
	trusted := startTLSServer(t, issue(t, &ca, now.Add(-time.Hour), now.Add(90*24*time.Hour)), testHandler())
	expired := startTLSServer(t, issue(t, &ca, now.Add(-30*24*time.Hour), now.Add(-48*time.Hour)), testHandler())
	selfSigned := startTLSServer(t, issue(t, nil, now.Add(-time.Hour), now.Add(90*24*time.Hour)), testHandler())
	otherHost := startTLSServer(t, issueFor(t, &ca, now.Add(-time.Hour), now.Add(90*24*time.Hour), "status.example", nil), testHandler())
	withCA := probe.Prober{RootCAs: ca.pool()}
	expiredOn := now.Add(-48 * time.Hour).UTC().Format("2006-01-02 15:04 UTC")
	tests := []struct {
		name        string
		prober      probe.Prober
		def         probe.Definition
		wantOutcome probe.Outcome
		wantReason  string
	}{
		{"a trusted certificate", withCA, httpCheck(trusted.URL+"/ok", probe.HTTPSettings{}), probe.OutcomeUp, ""},
		{"the system roots do not trust the test CA", probe.Prober{}, httpCheck(trusted.URL+"/ok", probe.HTTPSettings{}), probe.OutcomeDown, "certificate not trusted: signed by an unknown authority"},
		{"a self-signed certificate", withCA, httpCheck(selfSigned.URL+"/ok", probe.HTTPSettings{}), probe.OutcomeDown, "certificate not trusted: signed by an unknown authority"},
		{"a self-signed certificate without verification", withCA, httpCheck(selfSigned.URL+"/ok", probe.HTTPSettings{SkipTLSVerify: true}), probe.OutcomeUp, ""},
		{"an expired certificate", withCA, httpCheck(expired.URL+"/ok", probe.HTTPSettings{}), probe.OutcomeDown, "certificate expired on " + expiredOn},
		{"a wrong host name", withCA, httpCheck(otherHost.URL+"/ok", probe.HTTPSettings{}), probe.OutcomeDown, "certificate is not valid for 127.0.0.1"},
		{"a status over TLS", withCA, httpCheck(trusted.URL+"/fail", probe.HTTPSettings{}), probe.OutcomeDown, "status 503, want 200-299"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.prober.Run(context.Background(), tt.def)
			if got.Outcome != tt.wantOutcome || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want %s %q", got.Outcome, got.Reason, tt.wantOutcome, tt.wantReason)
			}
		})
	}
}

func TestHTTPCheckLeavesNoConnectionOpen(t *testing.T) {
	open := make(chan int, 100)
	var mu sync.Mutex
	count := 0
	server := httptest.NewUnstartedServer(testHandler())
	server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch state {
		case http.StateNew:
			count++
		case http.StateClosed, http.StateHijacked:
			count--
		default:
			return
		}
		open <- count
	}
	server.Start()
	t.Cleanup(server.Close)
	for range 5 {
		if got := probe.Run(context.Background(), httpCheck(server.URL+"/ok", probe.HTTPSettings{})); got.Outcome != probe.OutcomeUp {
			t.Fatalf("got %s %q, want up", got.Outcome, got.Reason)
		}
	}
	// The server sees each close a moment after the check returns: wait for
	// the count of open connections to reach zero.
	deadline := time.After(10 * time.Second)
	for {
		select {
		case n := <-open:
			if n == 0 && len(open) == 0 {
				return
			}
		case <-deadline:
			t.Fatal("connections from finished checks are still open")
		}
	}
}
