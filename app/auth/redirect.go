package auth

import (
	"net/url"
	"strings"
)

// SafeNext returns next when it is a path on this site, else "/"; it stops
// /login?next= from sending people to another site.
func SafeNext(next string) string {
	if next == "" || len(next) > 2048 || !strings.HasPrefix(next, "/") {
		return "/"
	}
	// "//host" and "/\host" are read by browsers as another host.
	if strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t\x00") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}
