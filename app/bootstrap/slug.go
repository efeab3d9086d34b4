package bootstrap

import "regexp"

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// validSlug reports whether s may be used as a slug in URLs.
func validSlug(s string) bool { return len(s) <= 100 && slugPattern.MatchString(s) }
