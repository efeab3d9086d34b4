package probe_test

import (
	"maps"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
)

func TestValidate(t *testing.T) {
	httpDef := func(change func(*probe.Definition)) probe.Definition {
		d := probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/health", Interval: 30 * time.Second}
		change(&d)
		return d
	}
	tests := []struct {
		name string
		def  probe.Definition
		want incident.FieldErrors
	}{
		// Definitions that pass.
		{"the issue's example", httpDef(func(*probe.Definition) {}), nil},
		{"every http setting", httpDef(func(d *probe.Definition) {
			d.Timeout, d.MaxLatency = 5*time.Second, 800*time.Millisecond
			d.Locations, d.Quorum = []string{"fra", "ams", "nyc"}, 2
			d.HTTP = probe.HTTPSettings{Method: "POST", Headers: map[string]string{"Authorization": "Bearer x"}, Body: "{}",
				ExpectedStatus: probe.StatusRanges{{Low: 200, High: 204}}, BodyContains: "ok", BodyRegexp: `"status":\s*"ok"`,
				IgnoreRedirects: true, SkipTLSVerify: true}
		}), nil},
		{"an http URL with a port", httpDef(func(d *probe.Definition) { d.Target = "http://[::1]:8080/" }), nil},
		{"tcp", probe.Definition{Kind: probe.KindTCP, Target: "db.internal:5432", Interval: time.Minute}, nil},
		{"icmp", probe.Definition{Kind: probe.KindICMP, Target: "192.0.2.1", Interval: 10 * time.Second}, nil},
		{"dns", probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute,
			DNS: probe.DNSSettings{RecordType: "MX", NameServer: "127.0.0.1:5353", ExpectedAnswers: []string{"10 mail.example.org"}}}, nil},
		{"dns for a service name", probe.Definition{Kind: probe.KindDNS, Target: "_dmarc.example.org.", Interval: time.Minute,
			DNS: probe.DNSSettings{RecordType: "TXT"}}, nil},
		{"tls on the default port", probe.Definition{Kind: probe.KindTLS, Target: "example.org", Interval: time.Hour}, nil},
		{"tls on a port", probe.Definition{Kind: probe.KindTLS, Target: "[::1]:8443", Interval: time.Hour, TLS: probe.TLSSettings{ExpiryWarningDays: 30}}, nil},
		{"heartbeat", probe.Definition{Kind: probe.KindHeartbeat, Interval: 24 * time.Hour, Heartbeat: probe.HeartbeatSettings{Grace: time.Hour}}, nil},

		// The "Bad input".
		{"an unknown kind", probe.Definition{Kind: "smtp", Target: "mail.example.org:25", Interval: time.Minute},
			incident.FieldErrors{"kind": "must be one of http, tcp, icmp, dns, tls, heartbeat"}},
		{"a bad URL", httpDef(func(d *probe.Definition) { d.Target = "http://exa mple.org/" }),
			incident.FieldErrors{"target": `is not a URL: invalid character " " in host name`}},
		{"a scheme other than http or https", httpDef(func(d *probe.Definition) { d.Target = "ftp://example.org/" }),
			incident.FieldErrors{"target": `scheme "ftp" is not allowed: use http or https`}},
		{"no scheme", httpDef(func(d *probe.Definition) { d.Target = "example.org/health" }),
			incident.FieldErrors{"target": "must be an absolute URL starting with http:// or https://"}},
		{"no host", httpDef(func(d *probe.Definition) { d.Target = "https:///health" }),
			incident.FieldErrors{"target": "must name a host"}},
		{"a bad port", httpDef(func(d *probe.Definition) { d.Target = "https://example.org:70000/" }),
			incident.FieldErrors{"target": `port "70000" must be a number from 1 to 65535`}},
		{"an interval under 10 s", httpDef(func(d *probe.Definition) { d.Interval = 5 * time.Second }),
			incident.FieldErrors{"interval_seconds": "must be at least 10 seconds"}},
		{"an impossible regexp", httpDef(func(d *probe.Definition) { d.HTTP.BodyRegexp = "(ok" }),
			incident.FieldErrors{"body_regexp": "is not a valid regular expression: missing closing ): `(ok`"}},
		{"a quorum larger than its locations", httpDef(func(d *probe.Definition) { d.Locations, d.Quorum = []string{"fra", "ams"}, 3 }),
			incident.FieldErrors{"quorum": "must be at most the number of locations (2)"}},

		// Everything else.
		{"no target", httpDef(func(d *probe.Definition) { d.Target = "" }), incident.FieldErrors{"target": "is required"}},
		{"spaces around the target", httpDef(func(d *probe.Definition) { d.Target = " https://example.org/" }),
			incident.FieldErrors{"target": "must not start or end with spaces"}},
		{"an interval over 31 days", httpDef(func(d *probe.Definition) { d.Interval = 32 * 24 * time.Hour }),
			incident.FieldErrors{"interval_seconds": "must be at most 2678400 seconds (31 days)"}},
		{"a fraction of a second", httpDef(func(d *probe.Definition) { d.Interval = 10500 * time.Millisecond }),
			incident.FieldErrors{"interval_seconds": "must be a whole number of seconds"}},
		{"a timeout as long as the interval", httpDef(func(d *probe.Definition) { d.Timeout = 30 * time.Second }),
			incident.FieldErrors{"timeout_seconds": "must be below the interval"}},
		{"a negative timeout", httpDef(func(d *probe.Definition) { d.Timeout = -time.Second }),
			incident.FieldErrors{"timeout_seconds": "must be above 0 and at most 120 seconds"}},
		{"a max latency above the default timeout", httpDef(func(d *probe.Definition) { d.MaxLatency = 10 * time.Second }),
			incident.FieldErrors{"max_latency_ms": "must be below the timeout (10s)"}},
		{"a negative quorum", httpDef(func(d *probe.Definition) { d.Quorum = -1 }), incident.FieldErrors{"quorum": "must not be negative"}},
		{"an impact above an outage", httpDef(func(d *probe.Definition) { d.Impact = 4 }),
			incident.FieldErrors{"impact": "must be 1 (minor), 2 (major) or 3 (outage)"}},
		{"thresholds out of range", httpDef(func(d *probe.Definition) { d.FailureThreshold, d.SuccessThreshold = -1, 101 }),
			incident.FieldErrors{"failure_threshold": "must be from 1 to 100 rounds", "success_threshold": "must be from 1 to 100 rounds"}},
		{"a check's own impact and thresholds", httpDef(func(d *probe.Definition) { d.Impact, d.FailureThreshold, d.SuccessThreshold = 1, 1, 100 }), nil},
		{"a location twice", httpDef(func(d *probe.Definition) { d.Locations = []string{"fra", "fra"} }),
			incident.FieldErrors{"locations": `"fra" is listed twice`}},
		{"a location with a space", httpDef(func(d *probe.Definition) { d.Locations = []string{"new york"} }),
			incident.FieldErrors{"locations": `"new york" is not a location name (letters, digits, '.', '_' and '-', at most 64)`}},
		{"an unknown method", httpDef(func(d *probe.Definition) { d.HTTP.Method = "get" }),
			incident.FieldErrors{"method": "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"}},
		{"a header with a line break", httpDef(func(d *probe.Definition) { d.HTTP.Headers = map[string]string{"X-A": "1\r\nX-B: 2"} }),
			incident.FieldErrors{"headers": "header X-A must hold no line breaks"}},
		{"a header name with a colon", httpDef(func(d *probe.Definition) { d.HTTP.Headers = map[string]string{"X:A": "1"} }),
			incident.FieldErrors{"headers": `"X:A" is not a header name`}},
		{"a status outside 100-599", httpDef(func(d *probe.Definition) { d.HTTP.ExpectedStatus = probe.StatusRanges{{Low: 200, High: 600}} }),
			incident.FieldErrors{"expected_status": "status codes run from 100 to 599, not 200-600"}},
		{"an empty status list", httpDef(func(d *probe.Definition) { d.HTTP.ExpectedStatus = probe.StatusRanges{} }),
			incident.FieldErrors{"expected_status": "must list at least one status code"}},
		{"tcp without a port", probe.Definition{Kind: probe.KindTCP, Target: "db.internal", Interval: time.Minute},
			incident.FieldErrors{"target": "must be host:port"}},
		{"tcp with a bad host", probe.Definition{Kind: probe.KindTCP, Target: "db_.-x:5432", Interval: time.Minute},
			incident.FieldErrors{"target": `"db_.-x" is not a host name or IP address`}},
		{"tcp with http settings", probe.Definition{Kind: probe.KindTCP, Target: "db:5432", Interval: time.Minute, HTTP: probe.HTTPSettings{BodyRegexp: "x", SkipTLSVerify: true}},
			incident.FieldErrors{"body_regexp": "applies to http checks only", "skip_tls_verify": "applies to http checks only"}},
		{"icmp with a port", probe.Definition{Kind: probe.KindICMP, Target: "example.org:80", Interval: time.Minute},
			incident.FieldErrors{"target": "must be a host name or IP address"}},
		{"dns of a URL", probe.Definition{Kind: probe.KindDNS, Target: "https://example.org", Interval: time.Minute},
			incident.FieldErrors{"target": "must be a domain name"}},
		{"dns with an unknown record type", probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute, DNS: probe.DNSSettings{RecordType: "ANY"}},
			incident.FieldErrors{"record_type": "must be one of A, AAAA, CNAME, MX, TXT, NS, SRV, PTR, CAA, SOA"}},
		{"dns with a bad server", probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute, DNS: probe.DNSSettings{NameServer: "127.0.0.1:dns"}},
			incident.FieldErrors{"name_server": `port "dns" must be a number from 1 to 65535`}},
		{"dns expecting a name for A", probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute, DNS: probe.DNSSettings{ExpectedAnswers: []string{"www.example.org"}}},
			incident.FieldErrors{"expected_answers": `"www.example.org" is not an IPv4 address`}},
		{"dns expecting IPv4 for AAAA", probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute, DNS: probe.DNSSettings{RecordType: "AAAA", ExpectedAnswers: []string{"192.0.2.1"}}},
			incident.FieldErrors{"expected_answers": `"192.0.2.1" is not an IPv6 address`}},
		{"http with dns settings", httpDef(func(d *probe.Definition) { d.DNS.RecordType = "A" }),
			incident.FieldErrors{"record_type": "applies to dns checks only"}},
		{"tls with a warning over a year", probe.Definition{Kind: probe.KindTLS, Target: "example.org", Interval: time.Hour, TLS: probe.TLSSettings{ExpiryWarningDays: 400}},
			incident.FieldErrors{"expiry_warning_days": "must be from 1 to 365 days"}},
		{"a heartbeat with a target", probe.Definition{Kind: probe.KindHeartbeat, Target: "https://example.org", Interval: time.Hour},
			incident.FieldErrors{"target": "must be empty: a heartbeat check is pinged, not probed"}},
		{"a heartbeat with a timeout", probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour, Timeout: time.Second},
			incident.FieldErrors{"timeout_seconds": "applies to probed checks only"}},
		{"a grace on an http check", httpDef(func(d *probe.Definition) { d.Heartbeat.Grace = time.Minute }),
			incident.FieldErrors{"grace_seconds": "applies to heartbeat checks only"}},
		{"several fields at once", probe.Definition{Kind: probe.KindHTTP, Target: "gopher://x", Interval: time.Second, Quorum: -2},
			incident.FieldErrors{"target": `scheme "gopher" is not allowed: use http or https`, "interval_seconds": "must be at least 10 seconds", "quorum": "must not be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.def.Validate()
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
