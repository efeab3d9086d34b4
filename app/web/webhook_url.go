package web

import (
	"net/netip"
	"net/url"
	"strings"
)

// checkWebhookURL names the message (app/locale) that says what is wrong
// with a webhook URL, or "": it must be
// absolute http or https, and unless private addresses are allowed its
// host may not be a loopback, link-local, private, unspecified or
// multicast literal address, nor localhost. Names are checked again on
// the resolved address when the sender connects.
func checkWebhookURL(raw string, allowPrivate bool) string {
	raw = strings.TrimSpace(raw)
	if len(raw) > 2000 {
		return "form.webhook.too_long"
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return "form.webhook.not_absolute"
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "form.webhook.scheme"
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "form.webhook.no_host"
	}
	if allowPrivate {
		return ""
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "form.webhook.this_machine"
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		addr = addr.WithZone("").Unmap()
		if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
			addr.IsUnspecified() || addr.IsMulticast() || addr.IsInterfaceLocalMulticast() {
			return "form.webhook.private"
		}
	}
	return ""
}
