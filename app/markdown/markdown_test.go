package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name     string
		source   string
		contains []string
		absent   []string
	}{
		{"emphasis", "Some *slow* requests", []string{"<p>Some <em>slow</em> requests</p>"}, nil},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<th>a</th>", "<td>2</td>"}, nil},
		{"autolink", "see https://example.com/x now", []string{`<a href="https://example.com/x" rel="noopener nofollow">https://example.com/x</a>`}, nil},
		{"link rel", "[docs](https://example.com)", []string{`rel="noopener nofollow"`}, nil},
		{"relative link", "[incident](/incidents/4)", []string{`<a href="/incidents/4" rel="noopener nofollow">incident</a>`}, nil},
		{"script tag", "hi <script>alert(1)</script>", nil, []string{"<script", "alert(1)</script"}},
		{"script block", "<script>\nalert(1)\n</script>", nil, []string{"<script"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"x"}, []string{"javascript:"}},
		{"javascript autolink", "<javascript:alert(1)>", nil, []string{`href="javascript:`}},
		{"img onerror html", `<img src=x onerror="alert(1)">`, nil, []string{"<img", "onerror"}},
		{"event handler attribute", `<a href="/x" onclick="alert(1)">x</a>`, nil, []string{"onclick"}},
		{"image becomes link", "![status graph](https://img.example.com/g.png)", []string{`<a href="https://img.example.com/g.png" rel="noopener nofollow">status graph</a>`}, []string{"<img"}},
		{"data uri image", "![x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:", "<img"}},
		{"vbscript link", "[x](vbscript:msgbox)", nil, []string{"vbscript:"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, nil, []string{"<iframe"}},
		{"style attribute", `<p style="color:red">x</p>`, nil, []string{"style="}},
		{"script url in fragment", "[x](#javascript:)", []string{"x"}, []string{"javascript:"}},
		{"link title dropped", `[x](/a "javascript:alert(1)")`, []string{`href="/a"`}, []string{"title="}},
		{"ftp link unwrapped", "[file](ftp://example.com/f)", []string{"file"}, []string{"<a"}},
		{"mailto kept", "[mail](mailto:ops@example.com)", []string{`href="mailto:ops@example.com"`}, nil},
		{"empty", "", nil, []string{"<"}},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(r.HTML(tt.source))
			for _, want := range tt.contains {
				if !strings.Contains(got, want) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.source, got, want)
				}
			}
			for _, bad := range tt.absent {
				if strings.Contains(strings.ToLower(got), strings.ToLower(bad)) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tt.source, got, bad)
				}
			}
		})
	}
}

func TestPlain(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name   string
		source string
		want   string
	}{
		{"markup removed", "Some **slow** `api` calls in [ECS](https://x.example)", "Some slow api calls in ECS"},
		{"blocks joined", "# Title\n\nFirst line\nsecond line\n\n- one\n- two", "Title First line second line one two"},
		{"raw html dropped", "before <script>alert(1)</script> after", "before alert(1) after"},
		{"html block dropped", "<div>\nhidden\n</div>\n\nshown", "shown"},
		{"entities and escapes", `a &amp; b \*c\*`, "a & b *c*"},
		{"autolink label", "see https://example.com", "see https://example.com"},
		{"code block kept", "```\nmake fix\n```", "make fix"},
		{"empty", "", ""},
		{"long text cut at word", long, strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Plain(tt.source); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.source, got, tt.want)
			}
		})
	}
}

func TestExcerptLimit(t *testing.T) {
	r := New()
	got := r.Plain(strings.Repeat("ö", 500))
	if n := len([]rune(got)); n > ExcerptRunes+1 {
		t.Errorf("Plain of 500 runes gave %d runes, want at most %d", n, ExcerptRunes+1)
	}
	if !strings.HasSuffix(got, "…") {
		t.Errorf("Plain(long) = %q, want an ellipsis at the end", got)
	}
}

func TestTextIsNotCut(t *testing.T) {
	source := strings.Repeat("word ", 100)
	if got, want := New().Text(source), strings.TrimSpace(source); got != want {
		t.Errorf("Text(long) has %d runes, want %d", len([]rune(got)), len([]rune(want)))
	}
}
