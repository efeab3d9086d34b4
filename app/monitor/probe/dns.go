package probe

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"
)

func (a attempt) dns() Result {
	settings := a.def.DNS
	name := strings.TrimSuffix(a.def.Target, ".")
	servers, err := a.nameServers()
	if err != nil {
		return down(a.started, a.elapsed(), "DNS: "+err.Error())
	}
	queryType, _ := recordType(settings.RecordType) // validated
	question := new(dns.Msg)
	question.SetQuestion(dns.Fqdn(name), queryType)
	answer, server, err := a.exchange(question, servers)
	latency := a.elapsed()
	if err != nil {
		if a.parent.Err() != nil {
			return a.fail(err)
		}
		return down(a.started, latency, fmt.Sprintf("DNS: %s: %s", server, a.reason(err)))
	}
	switch answer.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return down(a.started, latency, fmt.Sprintf("DNS: %s does not exist (NXDOMAIN)", name))
	default:
		return down(a.started, latency, fmt.Sprintf("DNS: the server answered %s for %s", dns.RcodeToString[answer.Rcode], name))
	}
	var values [][]string
	for _, record := range answer.Answer {
		if record.Header().Rrtype == question.Question[0].Qtype {
			values = append(values, recordValues(record))
		}
	}
	if len(values) == 0 {
		return down(a.started, latency, fmt.Sprintf("DNS: no %s record for %s", settings.RecordType, name))
	}
	var missing []string
	for _, expected := range settings.ExpectedAnswers {
		want := normalizeAnswer(settings.RecordType, expected)
		if !slices.ContainsFunc(values, func(forms []string) bool { return slices.Contains(forms, want) }) {
			missing = append(missing, expected)
		}
	}
	if len(missing) > 0 {
		shown := make([]string, len(values))
		for i, forms := range values {
			shown[i] = forms[0]
		}
		return down(a.started, latency, fmt.Sprintf("DNS: %s %s answered %s; want %s",
			settings.RecordType, name, strings.Join(shown, ", "), strings.Join(missing, ", ")))
	}
	return up(a.started, latency)
}

// nameServers is the check's server, or those of resolv.conf, as host:port.
func (a attempt) nameServers() ([]string, error) {
	if server := a.def.DNS.NameServer; server != "" {
		address, err := joinHostPort(server, 53)
		if err != nil {
			return nil, fmt.Errorf("name server %s: %w", server, err)
		}
		return []string{address}, nil
	}
	path := a.prober.ResolvConf
	if path == "" {
		path = DefaultResolvConf
	}
	config, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("no name server: %w", err)
	}
	if len(config.Servers) == 0 {
		return nil, fmt.Errorf("%s lists no name server", path)
	}
	servers := make([]string, len(config.Servers))
	for i, server := range config.Servers {
		servers[i] = net.JoinHostPort(server, config.Port)
	}
	return servers, nil
}

// exchange asks each server in turn until one answers, over TCP when the
// UDP answer was truncated; each server gets an equal share of the timeout.
// On failure it names the last server tried.
func (a attempt) exchange(question *dns.Msg, servers []string) (answer *dns.Msg, server string, err error) {
	client := &dns.Client{Timeout: a.def.Timeout / time.Duration(len(servers))}
	for _, server = range servers {
		client.Net = "udp"
		answer, _, err = client.ExchangeContext(a.ctx, question, server)
		if err == nil && answer.Truncated {
			client.Net = "tcp"
			answer, _, err = client.ExchangeContext(a.ctx, question, server)
		}
		if err == nil || a.ctx.Err() != nil {
			break
		}
	}
	return answer, server, err
}

// recordValues are the forms in which an answer may be expected; the first
// is shown in reasons.
func recordValues(record dns.RR) []string {
	switch r := record.(type) {
	case *dns.A:
		return []string{r.A.String()}
	case *dns.AAAA:
		return []string{r.AAAA.String()}
	case *dns.CNAME:
		return []string{normalizeName(r.Target)}
	case *dns.NS:
		return []string{normalizeName(r.Ns)}
	case *dns.PTR:
		return []string{normalizeName(r.Ptr)}
	case *dns.MX:
		return []string{fmt.Sprintf("%d %s", r.Preference, normalizeName(r.Mx)), normalizeName(r.Mx)}
	case *dns.TXT:
		return []string{strings.Join(r.Txt, "")}
	}
	return []string{strings.TrimSpace(strings.TrimPrefix(record.String(), record.Header().String()))}
}

// normalizeAnswer writes an expected answer in the form recordValues gives.
func normalizeAnswer(recordType, answer string) string {
	switch recordType {
	case "A", "AAAA":
		if address, err := netip.ParseAddr(answer); err == nil {
			return address.String()
		}
	case "CNAME", "NS", "PTR", "MX":
		return normalizeName(answer)
	}
	return answer
}

func normalizeName(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) }
