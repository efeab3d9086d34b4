package webhook

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ClientOptions configure NewClient; zero durations take the defaults.
type ClientOptions struct {
	// AllowPrivate lets webhooks reach loopback, private, link-local and other
	// non-global addresses (SDB_WEBHOOK_ALLOW_PRIVATE, for tests and trusted networks).
	AllowPrivate bool
	// DialTimeout (5s), TLSTimeout (5s) and HeaderTimeout (10s) bound the
	// phases; Timeout (15s) bounds the whole request, body included.
	DialTimeout   time.Duration
	TLSTimeout    time.Duration
	HeaderTimeout time.Duration
	Timeout       time.Duration
	// TLSConfig overrides the TLS settings (tests trust their own certificate).
	TLSConfig *tls.Config
}

// ErrForbiddenAddress is returned when a webhook's host resolves to an
// address webhooks may not reach.
var ErrForbiddenAddress = errors.New("webhook: the address is not a public one (set SDB_WEBHOOK_ALLOW_PRIVATE=true to allow it)")

// NewClient returns the HTTP client webhooks are posted with: it checks
// every address it connects to (after DNS resolution, so a name that
// resolves, or re-resolves, to a private address is refused), uses no proxy,
// follows no redirect and is cut off by its timeouts.
func NewClient(opts ClientOptions) *http.Client {
	opts = opts.withDefaults()
	dialer := &net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the check
		DialContext:           dialer.DialContext,
		TLSClientConfig:       opts.TLSConfig,
		TLSHandshakeTimeout:   opts.TLSTimeout,
		ResponseHeaderTimeout: opts.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32, // a chat service takes many deliveries of one incident
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a 3xx is an answer, and a failure
		},
	}
}

func (o ClientOptions) withDefaults() ClientOptions {
	if o.DialTimeout <= 0 {
		o.DialTimeout = 5 * time.Second
	}
	if o.TLSTimeout <= 0 {
		o.TLSTimeout = 5 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 10 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	return o
}

// refusePrivate runs on the resolved address just before each connection.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("webhook: dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("webhook: dial %s: %w", address, err)
	}
	if !IsPublic(ip) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
	}
	return nil
}

// nonGlobal are the IANA special-purpose ranges that are not globally
// reachable, beyond what netip's predicates name.
var nonGlobal = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
	netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo, ORCHID…)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds any IPv4 address
	netip.MustParsePrefix("3fff::/20"),       // documentation
	netip.MustParsePrefix("5f00::/16"),       // segment routing
}

// IsPublic reports whether webhooks may reach ip by default: not loopback,
// private, link-local, unspecified, multicast or another non-global range.
// An IPv4-mapped IPv6 address is judged as its IPv4 address.
func IsPublic(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsMulticast() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	if ip.Zone() != "" {
		return false
	}
	for _, prefix := range nonGlobal {
		if prefix.Contains(ip) {
			return false
		}
	}
	return ip.Is4() || ip.Is6() && ip.As16()[0]&0xe0 == 0x20 // global unicast is 2000::/3
}

// CheckURL validates a webhook URL before it is stored: absolute http or
// https, a host, no user info; a literal address must be public unless
// allowPrivate. Names are checked again at every connection.
func CheckURL(raw string, allowPrivate bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("must be a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("must start with http:// or https://")
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("must name a host")
	}
	if u.User != nil {
		return nil, errors.New("must not carry a user name or password")
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !allowPrivate && !IsPublic(ip) {
		return nil, errors.New("must not point at a loopback, private or link-local address")
	}
	if u.Hostname() == "localhost" && !allowPrivate {
		return nil, errors.New("must not point at a loopback, private or link-local address")
	}
	return u, nil
}
