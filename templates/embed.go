// Package templates embeds the html/template files: layouts, partials,
// pages and errors. app/render parses them.
package templates

import "embed"

// FS holds every template file.
//
//go:embed layouts partials pages errors
var FS embed.FS
