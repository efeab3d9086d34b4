package render

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"
	"time"

	"statusdash/app/locale"
	"statusdash/templates"
)

func TestNewChecksTemplates(t *testing.T) {
	layout := &fstest.MapFile{Data: []byte(`{{define "layout"}}<main>{{template "content" .}}</main>{{end}}`)}
	partial := &fstest.MapFile{Data: []byte(`{{define "greeting"}}hello{{end}}`)}
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr string
	}{
		{"good", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{template "greeting"}}{{end}}`)}}, ""},
		{"syntax error", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}}, "pages/home.html"},
		{"unknown partial", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}{{template "missing"}}{{end}}`)}}, "missing"},
		{"no layout", fstest.MapFS{"partials/p.html": partial,
			"pages/home.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, "layouts"},
		{"no pages", fstest.MapFS{"layouts/l.html": layout, "partials/p.html": partial}, "no pages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.files, Options{})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				out, err := r.Bytes("pages/home", nil)
				if err != nil || string(out) != "<main>hello</main>" {
					t.Errorf("Bytes = %q, %v; want <main>hello</main>", out, err)
				}
				if err := r.Require("pages/home", "pages/other"); err == nil || !strings.Contains(err.Error(), "pages/other") {
					t.Errorf("Require(pages/other) = %v, want an error naming it", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestEmbeddedTemplatesParse(t *testing.T) {
	r, err := New(templates.FS, Options{})
	if err != nil {
		t.Fatalf("New(templates.FS): %v", err)
	}
	if err := r.Require("pages/overview", "pages/incident", "pages/history", "pages/availability", "pages/service", "errors/error"); err != nil {
		t.Error(err)
	}
}

// TestPagesSpeakTheirLanguage renders one set in each language: the
// functions of the copy speak it, partials included, whatever their data,
// numbers with the language's decimal separator.
func TestPagesSpeakTheirLanguage(t *testing.T) {
	files := fstest.MapFS{
		"layouts/l.html":  {Data: []byte(`{{define "layout"}}<html lang="{{lang}}">{{template "content" .}}</html>{{end}}`)},
		"partials/p.html": {Data: []byte(`{{define "pages"}}{{t "pagination.page" "Page" . "Pages" 3}}{{end}}`)},
		"pages/home.html": {Data: []byte(`{{define "content"}}{{t "subscribe.title"}}, {{month nil .Now}}, {{percent 99.981}}, {{template "pages" .Number}}{{end}}`)},
	}
	r, err := New(files, Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		lang string
		want string
	}{
		{"", `<html lang="en">Subscribe, March 2026, 99.981 %, Page 2 of 3</html>`},
		{"en", `<html lang="en">Subscribe, March 2026, 99.981 %, Page 2 of 3</html>`},
		{"de", `<html lang="de">Abonnieren, März 2026, 99,981 %, Seite 2 von 3</html>`},
		{"xx", `<html lang="en">Subscribe, March 2026, 99.981 %, Page 2 of 3</html>`},
	}
	for _, tt := range tests {
		got, err := r.Bytes("pages/home", &pageWithNumber{Page: Page{Lang: tt.lang, Now: now}, Number: 2})
		if err != nil || string(got) != tt.want {
			t.Errorf("lang %q: got %q, %v; want %q", tt.lang, got, err, tt.want)
		}
	}
}

type pageWithNumber struct {
	Page
	Number int
}

// TestEveryTemplateKeyExists reads every {{t "key"}} of the embedded
// templates and fails for a key that some language's file lacks.
func TestEveryTemplateKeyExists(t *testing.T) {
	catalog, err := locale.Load(templates.LocalesFS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(templates.FS, Options{Locales: catalog})
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{} // key -> template that uses it
	for name, byLang := range r.sets {
		for _, tmpl := range byLang[locale.DefaultTag].Templates() {
			if tmpl.Tree == nil {
				continue
			}
			for _, key := range messageKeys(tmpl.Tree.Root) {
				used[key] = name + ": " + tmpl.Name()
			}
		}
	}
	if len(used) == 0 {
		t.Fatal("no {{t}} call found in the templates")
	}
	for tag, keys := range catalog.Keys() {
		for key, where := range used {
			if !slices.Contains(keys, key) {
				t.Errorf("%s uses %q, which active.%s.toml lacks", where, key, tag)
			}
		}
	}
}

// messageKeys finds the string keys of the t calls under node.
func messageKeys(node parse.Node) []string {
	var keys []string
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, child := range n.Nodes {
			keys = append(keys, messageKeys(child)...)
		}
	case *parse.ActionNode:
		keys = append(keys, messageKeys(n.Pipe)...)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, cmd := range n.Cmds {
			keys = append(keys, messageKeys(cmd)...)
		}
	case *parse.CommandNode:
		if len(n.Args) >= 2 {
			if ident, ok := n.Args[0].(*parse.IdentifierNode); ok && ident.Ident == "t" {
				if key, ok := n.Args[1].(*parse.StringNode); ok {
					keys = append(keys, key.Text)
				}
			}
		}
		for _, arg := range n.Args {
			keys = append(keys, messageKeys(arg)...)
		}
	case *parse.IfNode:
		keys = append(keys, branchKeys(&n.BranchNode)...)
	case *parse.RangeNode:
		keys = append(keys, branchKeys(&n.BranchNode)...)
	case *parse.WithNode:
		keys = append(keys, branchKeys(&n.BranchNode)...)
	case *parse.TemplateNode:
		keys = append(keys, messageKeys(n.Pipe)...)
	}
	return keys
}

func branchKeys(b *parse.BranchNode) []string {
	keys := messageKeys(b.Pipe)
	keys = append(keys, messageKeys(b.List)...)
	return append(keys, messageKeys(b.ElseList)...)
}
