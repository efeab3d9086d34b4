package markdown

import (
	"strings"
	"unicode/utf8"
)

// EscapeText returns Markdown source that renders as s itself, as one line
// of text: placed anywhere in a paragraph (at its start too), no character
// of s opens emphasis, code, a link, an autolink, raw HTML, an entity, a
// table cell, a heading or a list, and line breaks and tabs become spaces. Titles and
// component names put into update texts go through it, so a title cannot
// bring a live link into them. The result is also safe as HTML element text:
// '&', '<' and '>' are written as entities.
func EscapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	atStart := true // only spaces so far: block markers still count here
	for i, r := range s {
		rest := s[i+utf8.RuneLen(r):]
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]~|@", r),
			// "https://" and "www." open autolinks (GFM's extension) without any mark.
			r == ':' && strings.HasPrefix(rest, "//"),
			r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"),
			// At the start, these open a heading, a list or a setext underline.
			atStart && strings.ContainsRune("#+-=", r),
			atStart && (r == '.' || r == ')') && i > 0 && isDigits(strings.TrimLeft(s[:i], " ")):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		if r != ' ' && !(r >= '0' && r <= '9' && atStart) {
			atStart = false
		}
	}
	return b.String()
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
