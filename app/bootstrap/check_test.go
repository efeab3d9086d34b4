package bootstrap

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// checksHead is a catalog of one service in three regions, before its checks.
const checksHead = `categories:
- name: Compute
regions:
- name: EU-DE
- name: EU-NL
- name: Swiss
  slug: eu-ch2
services:
- name: ECS
  slug: ecs
  category: Compute
  regions: [EU-DE, EU-NL, eu-ch2]
`

// One entry of checks: becomes a definition per region, with {region} and
// {service} replaced; regions: restricts it.
func TestParseChecks(t *testing.T) {
	catalog, err := Parse([]byte(checksHead+`  checks:
  - kind: http
    target: https://{service}.{region}.example.org/health
    interval_seconds: 30
    headers: {X-Region: "{region}"}
    expected_status: [200, "300-302"]
    body_regexp: '^ok'
    locations: [fra, ams]
    quorum: 2
  - kind: tcp
    target: db.{region}.example.org:5432
    interval_seconds: 60
    regions: [eu-nl, Swiss]
    timeout_seconds: 2.5
`), testNow)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	http := func(region string) store.CheckSpec {
		return store.CheckSpec{Component: store.ComponentSpec{Service: "ecs", Region: region}, Definition: probe.Definition{
			Kind: probe.KindHTTP, Target: "https://ecs." + region + ".example.org/health", Interval: 30 * time.Second,
			Locations: []string{"fra", "ams"}, Quorum: 2,
			HTTP: probe.HTTPSettings{Headers: map[string]string{"X-Region": region},
				ExpectedStatus: probe.StatusRanges{{Low: 200, High: 200}, {Low: 300, High: 302}}, BodyRegexp: "^ok"},
		}}
	}
	tcp := func(region string) store.CheckSpec {
		return store.CheckSpec{Component: store.ComponentSpec{Service: "ecs", Region: region}, Definition: probe.Definition{
			Kind: probe.KindTCP, Target: "db." + region + ".example.org:5432", Interval: time.Minute, Timeout: 2500 * time.Millisecond}}
	}
	want := []store.CheckSpec{http("eu-de"), http("eu-nl"), http("eu-ch2"), tcp("eu-nl"), tcp("eu-ch2")}
	if !reflect.DeepEqual(catalog.Checks, want) {
		t.Errorf("got checks\n  %+v\nwant\n  %+v", catalog.Checks, want)
	}
}

// A bad definition names the entry's path, the field and its line, once
// for every region it is wrong in; nothing of the catalog is returned.
func TestParseRejectsBadChecks(t *testing.T) {
	tests := []struct {
		name   string
		checks string
		want   []string
	}{
		{"unknown kind", "  - {kind: smtp, target: mail.example.org, interval_seconds: 60}\n",
			[]string{"services[0].checks[0].kind: must be one of http, tcp, icmp, dns, tls, heartbeat (line 14)"}},
		{"interval", "  - kind: tcp\n    target: db.example.org:5432\n    interval_seconds: 5\n",
			[]string{"services[0].checks[0].interval_seconds: must be at least 10 seconds (line 16)"}},
		{"scheme", "  - {kind: http, target: 'ftp://{region}.example.org/', interval_seconds: 60}\n",
			[]string{`services[0].checks[0].target: scheme "ftp" is not allowed: use http or https (region eu-de) (line 14)`}},
		{"bad port", "  - {kind: http, target: 'https://{region}.example.org:99999/', interval_seconds: 60, regions: [eu-de]}\n",
			[]string{`services[0].checks[0].target: port "99999" must be a number from 1 to 65535 (line 14)`}},
		{"regexp", "  - {kind: http, target: 'https://example.org/', interval_seconds: 60, body_regexp: '(', regions: [eu-de]}\n",
			[]string{"services[0].checks[0].body_regexp: " + regexpMessage(t, "(") + " (line 14)"}},
		{"quorum", "  - {kind: tcp, target: 'db:1', interval_seconds: 60, locations: [a], quorum: 2, regions: [eu-de]}\n",
			[]string{"services[0].checks[0].quorum: must be at most the number of locations (1) (line 14)"}},
		{"unknown field", "  - {kind: tcp, target: 'db:1', interval_seconds: 60, colour: red, regions: [eu-de]}\n",
			[]string{"services[0].checks[0].colour: is not a field of a check (line 14)"}},
		{"wrong type", "  - {kind: tcp, target: 'db:1', interval_seconds: soon, regions: [eu-de]}\n",
			[]string{"services[0].checks[0].interval_seconds: must be a whole number (line 14)"}},
		{"heartbeat", "  - {kind: heartbeat, interval_seconds: 3600}\n",
			[]string{"services[0].checks[0].kind: " + heartbeatRefusal + " (line 14)"}},
		{"regions", "  - {kind: tcp, target: 'db:1', interval_seconds: 60, regions: [Mars, eu-de, EU-DE]}\n  - {kind: tcp, target: 'db:2', interval_seconds: 60, regions: []}\n",
			[]string{`services[0].checks[0].regions[0]: unknown region "Mars" (line 14)`, "services[0].checks[0].regions[2]: region eu-de is listed twice (line 14)",
				"services[0].checks[1].regions: must list at least one region, or be left out for all of the service's regions (line 15)"}},
		{"duplicate", "  - {kind: tcp, target: 'db.{region}:1', interval_seconds: 60}\n  - {kind: tcp, target: 'db.eu-nl:1', interval_seconds: 30, regions: [eu-nl]}\n",
			[]string{`services[0].checks[1]: a tcp check of ecs in eu-nl with target "db.eu-nl:1" is already defined on line 14 (line 15)`}},
		{"repeated key and alias", "  - {kind: tcp, kind: tcp}\n  - &a {kind: tcp}\n",
			[]string{"services[0].checks[0].kind: repeated key (line 14)", "services[0].checks[1]: YAML anchors and aliases are not supported (line 15)"}},
		{"not a mapping", "  - tcp\n", []string{`services[0].checks[0]: want a mapping (a check definition), got "tcp" (line 14)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			catalog, err := Parse([]byte(checksHead+"  checks:\n"+tt.checks), testNow)
			var invalid *ValidationError
			if !errors.As(err, &invalid) {
				t.Fatalf("got catalog %+v, error %v; want a *ValidationError", catalog, err)
			}
			var got []string
			for _, problem := range invalid.Problems {
				got = append(got, problem.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// A region the entry names must be one the service runs in.
func TestParseCheckRegionOutsideService(t *testing.T) {
	_, err := Parse([]byte(nativeHead+"  checks:\n  - {kind: tcp, target: 'db:1', interval_seconds: 60, regions: [EU-DE]}\n"), testNow)
	if err != nil {
		t.Fatalf("a region of the service: %v", err)
	}
	text := strings.Replace(checksHead, "regions: [EU-DE, EU-NL, eu-ch2]", "regions: [EU-DE]", 1)
	_, err = Parse([]byte(text+"  checks:\n  - {kind: tcp, target: 'db:1', interval_seconds: 60, regions: [EU-NL]}\n"), testNow)
	if err == nil || !strings.Contains(err.Error(), "services[0].checks[0].regions[0]: the service does not run in eu-nl (line 14)") {
		t.Errorf("got %v, want the region refused by its path", err)
	}
}

// regexpMessage is what probe says of an impossible regexp.
func regexpMessage(t *testing.T, expression string) string {
	t.Helper()
	errs := probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: time.Minute,
		HTTP: probe.HTTPSettings{BodyRegexp: expression}}.Validate()
	return errs[probe.FieldBodyRegexp]
}
