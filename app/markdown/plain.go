package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ExcerptRunes is the longest excerpt Plain returns, in characters, before
// the trailing ellipsis.
const ExcerptRunes = 200

// Plain returns Text(source) cut at a word boundary to at most ExcerptRunes
// characters (plus "…"), for feed titles and summaries.
func (r *Renderer) Plain(source string) string {
	return excerpt(r.Text(source), ExcerptRunes)
}

// Text returns the whole text of source without markup, whitespace collapsed
// to single spaces. Raw HTML in the source is left out. The result is not
// escaped: encode it for wherever it goes.
func (r *Renderer) Text(source string) string {
	src := []byte(source)
	doc := r.markdown.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if node.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := node.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(unescape(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				segment := lines.At(i)
				b.Write(segment.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func unescape(raw []byte) []byte {
	return util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(raw)))
}

// excerpt cuts s to at most limit runes, preferring the last space before the
// limit, and marks the cut with an ellipsis.
func excerpt(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit]
	cut := len(runes)
	for i := len(runes) - 1; i > limit/2; i-- {
		if unicode.IsSpace(runes[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}
