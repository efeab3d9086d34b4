// Package redirect decides, in one place, where statusdash may send a
// browser: every redirect to a page of this site goes through SeeOther, whose
// target must pass Local, so no form or query can send a reader to another
// site. The one redirect elsewhere is sign-in's, to the configured provider.
package redirect

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// maxLength bounds an accepted target; a longer one is no page of ours.
const maxLength = 2048

// Home is where a refused target sends the browser instead.
const Home = "/"

// SeeOther answers 303 to target when Local accepts it, else to Home.
func SeeOther(c echo.Context, target string) error {
	return c.Redirect(http.StatusSeeOther, Local(target))
}

// Local returns target when it is a path on this site, else Home. A path
// starts with a single '/', never "//" or "/\" (both name another host to
// a browser), and holds no backslash, no whitespace, no control or other
// invisible character and no invalid UTF-8, neither as written nor after
// percent-decoding it as often as it decodes: browsers drop TAB, CR and LF
// anywhere in a URL, so "/\t/evil.example" is "//evil.example" to them.
func Local(target string) string {
	if !isLocal(target) {
		return Home
	}
	return target
}

func isLocal(target string) bool {
	if len(target) > maxLength {
		return false
	}
	// Each round decodes one level of percent-encoding; a string that no
	// longer changes has none left. The length shrinks every round, so this ends.
	for decoded := target; ; {
		if !plainPath(decoded) {
			return false
		}
		next, err := url.PathUnescape(decoded)
		if err != nil {
			return false
		}
		if next == decoded {
			break
		}
		decoded = next
	}
	u, err := url.Parse(target)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}

// plainPath reports whether s starts with one '/' and holds only visible
// characters other than the backslash.
func plainPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
