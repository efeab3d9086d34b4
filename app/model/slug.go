package model

import "strings"

// Slug derives a URL slug from a name: lower case, every run of characters
// other than ASCII letters and digits turned into one '-', trimmed of '-'.
// The catalog loader and the API's component creation both name rows by it.
func Slug(name string) string {
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
