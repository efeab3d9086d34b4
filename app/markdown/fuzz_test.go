package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// onAttribute matches an event-handler attribute inside a tag, e.g. ` onerror=`.
var onAttribute = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)

// scriptURL matches a javascript: URL inside a tag; the words as escaped text
// content ("see <javascript:x>" shown literally) are harmless and allowed.
var scriptURL = regexp.MustCompile(`(?i)<[^>]*javascript:`)

func FuzzHTML(f *testing.F) {
	for _, seed := range []string{
		"plain *text*",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](java\tscript:alert(1))",
		`<img src=x onerror="alert(1)">`,
		"![a](https://example.com/a.png \"t\")",
		"| a |\n|---|\n| <b onmouseover=x>b</b> |",
		"<javascript:alert(1)>",
		"https://example.com/?q=<script>",
		"[a](<javascript:alert(1)>)",
		"&lt;script&gt;",
	} {
		f.Add(seed)
	}
	r := New()
	f.Fuzz(func(t *testing.T, source string) {
		got := string(r.HTML(source))
		lower := strings.ToLower(got)
		if strings.Contains(lower, "<script") {
			t.Fatalf("HTML(%q) = %q contains <script", source, got)
		}
		if scriptURL.MatchString(got) {
			t.Fatalf("HTML(%q) = %q contains javascript:", source, got)
		}
		if onAttribute.MatchString(got) {
			t.Fatalf("HTML(%q) = %q contains an on...= attribute", source, got)
		}
		_ = r.Plain(source)
	})
}
