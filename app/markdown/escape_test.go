package markdown

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Slow disks", "Slow disks"},
		{"Elastic Cloud Server (EU-DE)", "Elastic Cloud Server (EU-DE)"},
		{"Outage: 50% of requests fail.", "Outage: 50% of requests fail."},
		{"**Outage** [sign in](https://evil.example)", `\*\*Outage\*\* \[sign in\](https\://evil.example)`},
		{"Net <down> & out", "Net &lt;down&gt; &amp; out"},
		{"see www.evil.example or WWW.evil.example", `see www\.evil.example or WWW\.evil.example`},
		{"mail ops@evil.example", `mail ops\@evil.example`},
		{"`code` _em_ ~~del~~ a|b \\", "\\`code\\` \\_em\\_ \\~\\~del\\~\\~ a\\|b \\\\"},
		{"# heading", `\# heading`},
		{"  - item", `  \- item`},
		{"+ item", `\+ item`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"v1.2 - fixed #3", "v1.2 - fixed #3"},
		{"two\nlines\r\nand\ttab", "two lines  and tab"},
		{"&amp; &#60;", "&amp;amp; &amp;#60;"},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.text); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// hostileTitles are titles that render as markup when put into Markdown unescaped.
var hostileTitles = []string{
	"**Outage** [sign in](https://evil.example)",
	"[sign in][1]\n\n[1]: https://evil.example",
	"<https://evil.example>",
	"https://evil.example/login",
	"www.evil.example",
	"ops@evil.example",
	"![x](https://evil.example/x.png)",
	"<a href='https://evil.example'>sign in</a>",
	"`code` and _emphasis_ and ~~gone~~",
	"a | b\n---|---\nc | d",
	"# Heading",
	"- list",
	"1. list",
	"> quote",
	"---",
	"&lt;b&gt; &#x41; &copy;",
	"line\\\nbreak",
	"trailing backslash \\",
}

// TestEscapedTitlesRenderAsText renders each hostile title escaped, inside an
// update text and at a line's start: the HTML is one paragraph of the title's
// own text, with no element of its making.
func TestEscapedTitlesRenderAsText(t *testing.T) {
	r := New()
	for _, title := range hostileTitles {
		for _, source := range []string{"ECS (EU-DE) added to " + EscapeText(title), EscapeText(title) + " added to Incident"} {
			want := strings.ReplaceAll(source, EscapeText(title), literal(title))
			if problem := renderedAsText(r, source, want); problem != "" {
				t.Errorf("title %q: %s", title, problem)
			}
		}
	}
}

func FuzzEscapeText(f *testing.F) {
	for _, title := range hostileTitles {
		f.Add(title)
	}
	r := New()
	f.Fuzz(func(t *testing.T, title string) {
		if !utf8.ValidString(title) || strings.ContainsRune(title, 0) {
			return // refused as text before it is stored (incident's text rule)
		}
		source := "ECS added to " + EscapeText(title)
		if problem := renderedAsText(r, source, "ECS added to "+literal(title)); problem != "" {
			t.Fatalf("title %q: %s", title, problem)
		}
	})
}

// literal is the text a title shows as once escaped: one line, tabs as spaces.
func literal(title string) string {
	return strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(title)
}

// renderedAsText says what is wrong when source does not render as exactly
// one paragraph holding want as text, or "" when it does.
func renderedAsText(r *Renderer, source, want string) string {
	got := string(r.HTML(source))
	inner, ok := strings.CutPrefix(strings.TrimSuffix(got, "\n"), "<p>")
	if !ok {
		return "HTML " + got + " is not one paragraph"
	}
	inner, ok = strings.CutSuffix(inner, "</p>")
	if !ok || strings.Contains(inner, "<") {
		return "HTML " + got + " holds markup"
	}
	want = strings.Trim(want, " ")
	if text := html.UnescapeString(inner); text != want {
		return "HTML " + got + " reads " + text + ", want " + want
	}
	return ""
}
