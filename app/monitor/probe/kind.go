package probe

// Kind names what a check probes.
type Kind string

// The kinds of checks.
const (
	KindHTTP      Kind = "http"
	KindTCP       Kind = "tcp"
	KindICMP      Kind = "icmp"
	KindDNS       Kind = "dns"
	KindTLS       Kind = "tls"
	KindHeartbeat Kind = "heartbeat"
)

// Kinds lists every kind in the order forms and documents show them.
func Kinds() []Kind {
	return []Kind{KindHTTP, KindTCP, KindICMP, KindDNS, KindTLS, KindHeartbeat}
}

// Known reports whether k is one of Kinds.
func (k Kind) Known() bool {
	switch k {
	case KindHTTP, KindTCP, KindICMP, KindDNS, KindTLS, KindHeartbeat:
		return true
	}
	return false
}
