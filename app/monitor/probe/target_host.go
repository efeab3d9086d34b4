package probe

import (
	"net/url"
	"strings"
)

// TargetHost is the host a run of def connects to, lower-cased: the URL's
// host of an http check, the host of a tcp or tls address, the icmp host
// or dns name; empty for a heartbeat or a target it cannot read. Workers
// limit the runs per host with it, so that a slow host cannot take every
// run slot.
func TargetHost(def Definition) string {
	var host string
	switch def.Kind {
	case KindHTTP:
		if u, err := url.Parse(def.Target); err == nil {
			host = u.Hostname()
		}
	case KindTCP, KindTLS:
		host, _, _ = splitHostPort(def.Target, 443)
	case KindICMP, KindDNS:
		host = def.Target
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}
