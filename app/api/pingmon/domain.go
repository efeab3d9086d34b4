package pingmon

import (
	"net"
	"net/url"
	"strings"

	"statusdash/app/monitor/probe"
)

// Domain is the host a check watches, in lower case: an http check's URL
// host, a tcp or tls check's host without its port, an icmp check's host,
// a dns check's name without the final dot; empty for a heartbeat.
func Domain(kind probe.Kind, target string) string {
	host := target
	switch kind {
	case probe.KindHeartbeat:
		return ""
	case probe.KindHTTP:
		if u, err := url.Parse(target); err == nil {
			host = u.Hostname()
		}
	case probe.KindTCP, probe.KindTLS:
		if h, _, err := net.SplitHostPort(target); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}
