package probe_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"statusdash/app/monitor/probe"
)

// testZone is what the test name server knows.
var testZone = []string{
	"www.example.test. 60 IN A 192.0.2.10",
	"www.example.test. 60 IN A 192.0.2.11",
	"www.example.test. 60 IN AAAA 2001:db8::10",
	"alias.example.test. 60 IN CNAME www.example.test.",
	"mail.example.test. 60 IN A 192.0.2.25",
	"example.test. 60 IN MX 10 mail.example.test.",
	"example.test. 60 IN TXT \"v=spf1 -all\"",
	"example.test. 60 IN NS ns1.example.test.",
}

// zoneHandler answers from testZone: SERVFAIL for broken.example.test, an
// empty truncated UDP answer for big.example.test (its TXT records come over TCP).
type zoneHandler struct{ records []dns.RR }

func newZoneHandler(t *testing.T) zoneHandler {
	t.Helper()
	var h zoneHandler
	for _, line := range testZone {
		record, err := dns.NewRR(line)
		if err != nil {
			t.Fatalf("zone line %q: %v", line, err)
		}
		h.records = append(h.records, record)
	}
	for i := range 40 {
		record, _ := dns.NewRR("big.example.test. 60 IN TXT \"record " + strings.Repeat("x", 20) + string(rune('a'+i%26)) + "\"")
		h.records = append(h.records, record)
	}
	return h
}

func (h zoneHandler) ServeDNS(w dns.ResponseWriter, request *dns.Msg) {
	answer := new(dns.Msg)
	answer.SetReply(request)
	answer.Authoritative = true
	question := request.Question[0]
	name := strings.ToLower(question.Name)
	_, overUDP := w.RemoteAddr().(*net.UDPAddr)
	switch {
	case name == "broken.example.test.":
		answer.Rcode = dns.RcodeServerFailure
	case name == "big.example.test." && overUDP:
		answer.Truncated = true
	default:
		known := false
		for _, record := range h.records {
			if record.Header().Name != name {
				continue
			}
			known = true
			if cname, ok := record.(*dns.CNAME); ok && question.Qtype != dns.TypeCNAME {
				answer.Answer = append(answer.Answer, cname)
				for _, target := range h.records {
					if target.Header().Name == cname.Target && target.Header().Rrtype == question.Qtype {
						answer.Answer = append(answer.Answer, target)
					}
				}
			}
			if record.Header().Rrtype == question.Qtype {
				answer.Answer = append(answer.Answer, record)
			}
		}
		if !known {
			answer.Rcode = dns.RcodeNameError
		}
	}
	_ = w.WriteMsg(answer)
}

// startNameServer serves the test zone on host over UDP and TCP on one port
// and returns host:port, or the error of listening.
func startNameServer(t *testing.T, address string) (string, error) {
	t.Helper()
	handler := newZoneHandler(t)
	packetConn, err := net.ListenPacket("udp", address)
	if err != nil {
		return "", err
	}
	listener, err := net.Listen("tcp", packetConn.LocalAddr().String())
	if err != nil {
		packetConn.Close()
		return "", err
	}
	for _, server := range []*dns.Server{{PacketConn: packetConn, Handler: handler}, {Listener: listener, Handler: handler}} {
		started := make(chan struct{})
		server.NotifyStartedFunc = func() { close(started) }
		go func() { _ = server.ActivateAndServe() }()
		<-started
		t.Cleanup(func() { _ = server.Shutdown() })
	}
	return packetConn.LocalAddr().String(), nil
}

func dnsCheck(name, recordType, server string, expected ...string) probe.Definition {
	return probe.Definition{Kind: probe.KindDNS, Target: name, Interval: 30 * time.Second,
		DNS: probe.DNSSettings{RecordType: recordType, NameServer: server, ExpectedAnswers: expected}}
}

func TestDNSCheck(t *testing.T) {
	server, err := startNameServer(t, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("start name server: %v", err)
	}
	silent, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { silent.Close() })
	closed := closedUDPAddress(t)
	slow := dnsCheck("www.example.test", "A", silent.LocalAddr().String())
	slow.Timeout = 200 * time.Millisecond
	tests := []struct {
		name        string
		def         probe.Definition
		wantOutcome probe.Outcome
		wantReason  string
	}{
		{"A", dnsCheck("www.example.test", "", server), probe.OutcomeUp, ""},
		{"A with an expected answer", dnsCheck("www.example.test.", "A", server, "192.0.2.11"), probe.OutcomeUp, ""},
		{"A with a missing answer", dnsCheck("www.example.test", "A", server, "192.0.2.10", "192.0.2.99"), probe.OutcomeDown,
			"DNS: A www.example.test answered 192.0.2.10, 192.0.2.11; want 192.0.2.99"},
		{"A through a CNAME", dnsCheck("alias.example.test", "A", server, "192.0.2.10"), probe.OutcomeUp, ""},
		{"AAAA written another way", dnsCheck("www.example.test", "AAAA", server, "2001:DB8:0::10"), probe.OutcomeUp, ""},
		{"CNAME", dnsCheck("alias.example.test", "CNAME", server, "WWW.example.test."), probe.OutcomeUp, ""},
		{"MX by host", dnsCheck("example.test", "MX", server, "mail.example.test"), probe.OutcomeUp, ""},
		{"MX with preference", dnsCheck("example.test", "MX", server, "10 mail.example.test."), probe.OutcomeUp, ""},
		{"MX with a wrong host", dnsCheck("example.test", "MX", server, "mx.example.test"), probe.OutcomeDown,
			"DNS: MX example.test answered 10 mail.example.test; want mx.example.test"},
		{"TXT", dnsCheck("example.test", "TXT", server, "v=spf1 -all"), probe.OutcomeUp, ""},
		{"NS", dnsCheck("example.test", "NS", server, "ns1.example.test"), probe.OutcomeUp, ""},
		{"a truncated answer is asked again over TCP", dnsCheck("big.example.test", "TXT", server, "record "+strings.Repeat("x", 20)+"n"), probe.OutcomeUp, ""},
		{"no record of the type", dnsCheck("mail.example.test", "AAAA", server), probe.OutcomeDown, "DNS: no AAAA record for mail.example.test"},
		{"an unknown name", dnsCheck("nothing.example.test", "A", server), probe.OutcomeDown, "DNS: nothing.example.test does not exist (NXDOMAIN)"},
		{"a failing server", dnsCheck("broken.example.test", "A", server), probe.OutcomeDown, "DNS: the server answered SERVFAIL for broken.example.test"},
		{"no server", dnsCheck("www.example.test", "A", closed), probe.OutcomeDown, "DNS: " + closed + ": connection refused"},
		{"a silent server", slow, probe.OutcomeDown, "DNS: " + silent.LocalAddr().String() + ": timed out after 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe.Run(context.Background(), tt.def)
			if got.Outcome != tt.wantOutcome || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want %s %q", got.Outcome, got.Reason, tt.wantOutcome, tt.wantReason)
			}
		})
	}
}

// closedUDPAddress is a loopback UDP address where nothing listens.
func closedUDPAddress(t *testing.T) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	address := conn.LocalAddr().String()
	conn.Close()
	return address
}

func TestDNSCheckWithoutNameServerReadsResolvConf(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.conf")
	empty := filepath.Join(dir, "empty.conf")
	if err := os.WriteFile(empty, []byte("search example.test\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		resolvConf string
		wantReason string
	}{
		{"a missing file", missing, "DNS: no name server: open " + missing + ": no such file or directory"},
		{"no nameserver line", empty, "DNS: " + empty + " lists no name server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe.Prober{ResolvConf: tt.resolvConf}.Run(context.Background(), dnsCheck("www.example.test", "A", ""))
			if got.Outcome != probe.OutcomeDown || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want down %q", got.Outcome, got.Reason, tt.wantReason)
			}
		})
	}

	// resolv.conf names no port, so the server must listen on port 53: on
	// 127.0.0.153, which needs root or CAP_NET_BIND_SERVICE.
	if _, err := startNameServer(t, "127.0.0.153:53"); err != nil {
		if errors.Is(err, os.ErrPermission) || strings.Contains(err.Error(), "address already in use") {
			t.Skipf("cannot serve DNS on 127.0.0.153:53 (%v): run as root to test reading the name server from resolv.conf", err)
		}
		t.Fatalf("start name server: %v", err)
	}
	listed := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(listed, []byte("nameserver 127.0.0.153\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := probe.Prober{ResolvConf: listed}.Run(context.Background(), dnsCheck("www.example.test", "A", "", "192.0.2.10"))
	if got.Outcome != probe.OutcomeUp {
		t.Errorf("got %s %q, want up from the server listed in resolv.conf", got.Outcome, got.Reason)
	}
}
