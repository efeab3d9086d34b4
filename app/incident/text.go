package incident

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// TextProblem says why s cannot be stored as an event's text (title,
// description, message, update text), or "" when it can. Every entry point
// (forms, API, catalog) applies it: text is valid UTF-8 without NUL, which
// PostgreSQL's text type refuses, and without other control characters than
// tab, line feed and carriage return, which no one types.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8 text"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return `may not contain the NUL character (\u0000)`
		case unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r':
			return fmt.Sprintf("may not contain the control character %U", r)
		}
	}
	return ""
}

// TitleProblem says why title cannot be an event's title, or "" when it
// can: at most MaxTitle characters of text. A blank title is the caller's
// to refuse or replace.
func TitleProblem(title string) string {
	if utf8.RuneCountInString(title) > MaxTitle {
		return fmt.Sprintf("may have at most %d characters", MaxTitle)
	}
	return TextProblem(title)
}
