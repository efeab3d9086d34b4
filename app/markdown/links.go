package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer marks every link rel="noopener", turns images into links to
// the image (a status page never loads pictures from other hosts), drops link
// titles, and unwraps links whose destination is not http(s), mailto or
// relative, so no script URL survives even as an inert fragment.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var links []ast.Node
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		switch node.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image:
			if entering {
				links = append(links, node)
			}
		}
		return ast.WalkContinue, nil
	})
	// Change the tree after the walk: changing it while walking skips nodes.
	for _, node := range links {
		switch n := node.(type) {
		case *ast.Link:
			if !safeURL(n.Destination) {
				unwrap(n)
				continue
			}
			n.Title = nil
			n.SetAttributeString("rel", []byte("noopener"))
		case *ast.Image:
			if !safeURL(n.Destination) {
				unwrap(n)
				continue
			}
			link := ast.NewLink()
			link.Destination = n.Destination
			link.SetAttributeString("rel", []byte("noopener"))
			moveChildren(n, link)
			n.Parent().ReplaceChild(n.Parent(), n, link)
		case *ast.AutoLink:
			if !safeURL(n.URL(source)) {
				n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(source)))
				continue
			}
			n.SetAttributeString("rel", []byte("noopener"))
		}
	}
}

// unwrap replaces node by its children, keeping the link text.
func unwrap(node ast.Node) {
	parent := node.Parent()
	for child := node.FirstChild(); child != nil; {
		next := child.NextSibling()
		parent.InsertBefore(parent, node, child)
		child = next
	}
	parent.RemoveChild(parent, node)
}

func moveChildren(from, to ast.Node) {
	for child := from.FirstChild(); child != nil; {
		next := child.NextSibling()
		to.AppendChild(to, child)
		child = next
	}
}

// safeURL accepts relative URLs and the http, https and mailto schemes, and
// refuses anything mentioning a script scheme, wherever it appears.
func safeURL(url []byte) bool {
	lower := bytes.ToLower(url)
	if bytes.Contains(lower, []byte("script:")) {
		return false
	}
	end := bytes.IndexAny(lower, ":/?#")
	if end < 0 || lower[end] != ':' {
		return true // no scheme: relative
	}
	switch string(lower[:end]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}
