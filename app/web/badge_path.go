package web

import (
	"errors"
	"strings"
)

// errBadgePath says a badge path names no badge.
var errBadgePath = errors.New("a badge path is /badge/<service>.svg or /badge/<service>/<region>.svg")

// maxSlug bounds a slug in a badge path; catalog slugs are far shorter.
const maxSlug = 100

// parseBadgePath reads what follows /badge/: "<service>.svg" or
// "<service>/<region>.svg", each a slug (lower-case ASCII letters, digits
// and dashes, as model.Slug makes them).
func parseBadgePath(rest string) (service, region string, err error) {
	name, ok := strings.CutSuffix(rest, ".svg")
	if !ok {
		return "", "", errBadgePath
	}
	service, region, nested := strings.Cut(name, "/")
	if !isSlug(service) || (nested && !isSlug(region)) {
		return "", "", errBadgePath
	}
	return service, region, nil
}

func isSlug(s string) bool {
	if s == "" || len(s) > maxSlug {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
