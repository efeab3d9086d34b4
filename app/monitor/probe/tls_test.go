package probe_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
)

func tlsCheck(target string, warningDays int) probe.Definition {
	return probe.Definition{Kind: probe.KindTLS, Target: target, Interval: time.Minute, TLS: probe.TLSSettings{ExpiryWarningDays: warningDays}}
}

func TestTLSCheck(t *testing.T) {
	ca := newAuthority(t)
	now := time.Now()
	hello := http.NotFoundHandler()
	address := func(start, end time.Time) string {
		return strings.TrimPrefix(startTLSServer(t, issue(t, &ca, start, end), hello).URL, "https://")
	}
	valid := address(now.Add(-time.Hour), now.Add(90*24*time.Hour))
	expiresSoon := address(now.Add(-time.Hour), now.Add(3*24*time.Hour))
	expired := address(now.Add(-30*24*time.Hour), now.Add(-48*time.Hour))
	notYet := address(now.Add(48*time.Hour), now.Add(90*24*time.Hour))
	selfSigned := strings.TrimPrefix(startTLSServer(t, issue(t, nil, now.Add(-time.Hour), now.Add(90*24*time.Hour)), hello).URL, "https://")
	otherHost := strings.TrimPrefix(startTLSServer(t, issueFor(t, &ca, now.Add(-time.Hour), now.Add(90*24*time.Hour), "status.example", nil), hello).URL, "https://")
	plain := closedAddress(t)
	withCA := probe.Prober{RootCAs: ca.pool()}
	day := func(at time.Time) string { return at.UTC().Format("2006-01-02 15:04 UTC") }
	tests := []struct {
		name        string
		prober      probe.Prober
		def         probe.Definition
		wantOutcome probe.Outcome
		wantReason  string
	}{
		{"valid for 90 days", withCA, tlsCheck(valid, 0), probe.OutcomeUp, ""},
		{"expiring in 3 days", withCA, tlsCheck(expiresSoon, 0), probe.OutcomeDegraded, "certificate expires in 3 days (warning below 14 days)"},
		{"expiring in 3 days with a 2-day warning", withCA, tlsCheck(expiresSoon, 2), probe.OutcomeUp, ""},
		{"valid for 90 days with a 100-day warning", withCA, tlsCheck(valid, 100), probe.OutcomeDegraded, "certificate expires in 90 days (warning below 100 days)"},
		{"expired", withCA, tlsCheck(expired, 0), probe.OutcomeDown, "certificate expired on " + day(now.Add(-48*time.Hour))},
		{"not valid yet", withCA, tlsCheck(notYet, 0), probe.OutcomeDown, "certificate not valid before " + day(now.Add(48*time.Hour))},
		{"self-signed", withCA, tlsCheck(selfSigned, 0), probe.OutcomeDown, "certificate not trusted: signed by an unknown authority"},
		{"untrusted by the system roots", probe.Prober{}, tlsCheck(valid, 0), probe.OutcomeDown, "certificate not trusted: signed by an unknown authority"},
		{"for another host", withCA, tlsCheck(otherHost, 0), probe.OutcomeDown, "certificate is not valid for 127.0.0.1"},
		{"nothing listening", withCA, tlsCheck(plain, 0), probe.OutcomeDown, "connection refused"},
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

func TestTLSCheckOfAPlainServer(t *testing.T) {
	server := startPlainServer(t)
	got := probe.Run(context.Background(), tlsCheck(server, 0))
	if want := "TLS handshake failed: the server does not speak TLS"; got.Outcome != probe.OutcomeDown || got.Reason != want {
		t.Errorf("got %s %q, want down %q", got.Outcome, got.Reason, want)
	}
}
