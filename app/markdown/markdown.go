// Package markdown turns the Markdown that operators write (event descriptions
// and update texts) into sanitised HTML for pages and feeds, and into short
// plain-text excerpts.
package markdown

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to safe HTML. It holds one goldmark instance and
// one sanitising policy, built once by New; it is safe for concurrent use.
type Renderer struct {
	markdown goldmark.Markdown
	policy   *bluemonday.Policy
}

// New builds a Renderer: CommonMark plus GFM tables, strikethrough, task lists
// and autolinks; raw HTML in the source is dropped, images become links, and
// the output passes bluemonday's UGC policy (links get rel="noopener nofollow").
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		),
		// No html.WithUnsafe: goldmark replaces raw HTML with a comment and
		// drops dangerous link destinations before the policy even runs.
	)
	policy := bluemonday.UGCPolicy()
	// Only the value our own transformer sets; bluemonday appends "nofollow".
	policy.AllowAttrs("rel").Matching(regexp.MustCompile(`^noopener$`)).OnElements("a")
	return &Renderer{markdown: md, policy: policy}
}

// HTML renders source as sanitised HTML, ready to put into a template.
// Input that goldmark cannot render yields an escaped copy of the source.
func (r *Renderer) HTML(source string) template.HTML {
	var buf bytes.Buffer
	if err := r.markdown.Convert([]byte(source), &buf); err != nil {
		// goldmark only fails when the writer fails; a bytes.Buffer does not.
		return template.HTML("<p>" + template.HTMLEscapeString(source) + "</p>")
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised just above
}
