// Package static embeds the CSS, SVG icons and favicon served under
// /static/<content hash>/. It holds no JavaScript.
package static

import "embed"

// FS holds every static file.
//
//go:embed style.css favicon.svg icons
var FS embed.FS
