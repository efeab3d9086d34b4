package templates

import "embed"

// LocalesFS holds the message files (templates/locales/active.<language>.toml),
// one per language the pages are offered in. app/locale loads them.
//
//go:embed locales
var LocalesFS embed.FS
