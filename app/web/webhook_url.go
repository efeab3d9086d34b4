package web

import (
	"net/netip"
	"net/url"
	"strings"
)

// checkWebhookURL says what is wrong with a webhook URL, or "": it must be
// absolute http or https, and unless private addresses are allowed its
// host may not be a loopback, link-local, private, unspecified or
// multicast literal address, nor localhost. Names are checked again on
// the resolved address when the sender connects.
func checkWebhookURL(raw string, allowPrivate bool) string {
	raw = strings.TrimSpace(raw)
	if len(raw) > 2000 {
		return "may have at most 2000 characters"
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return "must be an absolute http or https URL"
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "must start with http:// or https://"
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "must name a host"
	}
	if allowPrivate {
		return ""
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "may not point at this machine (set SDB_WEBHOOK_ALLOW_PRIVATE=true to allow)"
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		addr = addr.WithZone("").Unmap()
		if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
			addr.IsUnspecified() || addr.IsMulticast() || addr.IsInterfaceLocalMulticast() {
			return "may not point at a loopback, link-local or private address (set SDB_WEBHOOK_ALLOW_PRIVATE=true to allow)"
		}
	}
	return ""
}
