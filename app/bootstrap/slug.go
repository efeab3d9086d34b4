package bootstrap

import (
	"regexp"
	"strings"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Slugify derives a slug from a name: lower case, every run of characters
// other than ASCII letters and digits turned into one '-', trimmed of '-'.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// validSlug reports whether s may be used as a slug in URLs.
func validSlug(s string) bool { return len(s) <= 100 && slugPattern.MatchString(s) }
