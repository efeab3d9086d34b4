// Package render executes the html/template pages: one template set per page
// (the layout, every partial and the page), parsed and checked once at start.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"statusdash/app/locale"
	"statusdash/app/markdown"
	"statusdash/templates"
)

// Options are what the template functions need beyond the page data.
type Options struct {
	Markdown *markdown.Renderer
	// Asset maps a file under static/ to its URL, e.g. with a content hash.
	Asset func(name string) string
	// Locales are the languages each page is offered in; nil loads the
	// embedded message files (templates/locales).
	Locales *locale.Catalog
}

// Renderer holds the parsed template sets, one per page and language; it
// is safe for concurrent use.
type Renderer struct {
	// sets maps a set name to its copies by language tag.
	sets        map[string]map[string]*template.Template
	defaultLang string
}

// Template set names are "pages/<file>" and "errors/<file>" without the
// extension, e.g. "pages/overview".
const (
	layoutGlob  = "layouts/*.html"
	partialGlob = "partials/*.html"
	rootName    = "layout"
)

// New parses every page under pages/ and errors/ of fsys together with the
// layouts and partials, and checks that each one escapes cleanly (an unknown
// template or a broken context fails here, not on a request).
func New(fsys fs.FS, options Options) (*Renderer, error) {
	if options.Markdown == nil {
		options.Markdown = markdown.New()
	}
	if options.Asset == nil {
		options.Asset = func(name string) string { return "/static/" + name }
	}
	if options.Locales == nil {
		catalog, err := locale.Load(templates.LocalesFS, "locales")
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		options.Locales = catalog
	}
	languages := options.Locales.Languages()
	base := template.New(rootName).Funcs(funcs(options, options.Locales.Default()))
	shared := []string{layoutGlob, partialGlob}
	for _, glob := range shared {
		matches, err := fs.Glob(fsys, glob)
		if err != nil {
			return nil, fmt.Errorf("render: %s: %w", glob, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("render: no templates match %s", glob)
		}
		if _, err := base.ParseFS(fsys, glob); err != nil {
			return nil, fmt.Errorf("render: parse %s: %w", glob, err)
		}
	}
	if base.Lookup(rootName) == nil || base.Lookup(rootName).Tree == nil {
		return nil, fmt.Errorf("render: no template defines %q", rootName)
	}
	r := &Renderer{sets: map[string]map[string]*template.Template{}, defaultLang: options.Locales.Default().Tag}
	for _, dir := range []string{"pages", "errors"} {
		files, err := fs.Glob(fsys, dir+"/*.html")
		if err != nil {
			return nil, fmt.Errorf("render: %s: %w", dir, err)
		}
		for _, file := range files {
			page, err := base.Clone()
			if err != nil {
				return nil, fmt.Errorf("render: clone for %s: %w", file, err)
			}
			if _, err := page.ParseFS(fsys, file); err != nil {
				return nil, fmt.Errorf("render: parse %s: %w", file, err)
			}
			// Parsed once, then one copy per language whose functions
			// speak it: a partial's {{t}} needs no language in its data.
			byLang := map[string]*template.Template{}
			for _, lang := range languages {
				set, err := page.Clone()
				if err != nil {
					return nil, fmt.Errorf("render: clone %s for %s: %w", file, lang.Tag, err)
				}
				set.Funcs(funcs(options, lang))
				if err := check(set); err != nil {
					return nil, fmt.Errorf("render: %s: %w", file, err)
				}
				byLang[lang.Tag] = set
			}
			r.sets[strings.TrimSuffix(file, path.Ext(file))] = byLang
		}
	}
	if len(r.sets) == 0 {
		return nil, errors.New("render: no pages under pages/ or errors/")
	}
	return r, nil
}

// check runs html/template's escaper, which resolves every template the set
// calls; errors of the execution itself (no data given) do not count.
func check(set *template.Template) error {
	err := set.Execute(io.Discard, nil)
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) {
		return err
	}
	return nil
}

// Require fails unless every named set exists, so a server refuses to start
// without a page it serves.
func (r *Renderer) Require(names ...string) error {
	var missing []string
	for _, name := range names {
		if _, ok := r.sets[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("render: missing templates: %s", strings.Join(missing, ", "))
	}
	return nil
}

// Languaged is page data that names its language (render.Page does);
// other data is rendered in the default language.
type Languaged interface {
	PageLanguage() string
}

// set finds the named set in data's language, or the default language.
func (r *Renderer) set(name string, data any) (*template.Template, bool) {
	byLang, ok := r.sets[name]
	if !ok {
		return nil, false
	}
	if page, ok := data.(Languaged); ok {
		if set, ok := byLang[page.PageLanguage()]; ok {
			return set, true
		}
	}
	return byLang[r.defaultLang], true
}

// Render executes the named set into w, in the language of data.
func (r *Renderer) Render(w io.Writer, name string, data any) error {
	set, ok := r.set(name, data)
	if !ok {
		return fmt.Errorf("render: no template %q", name)
	}
	if err := set.ExecuteTemplate(w, rootName, data); err != nil {
		return fmt.Errorf("render: %s: %w", name, err)
	}
	return nil
}

// Bytes executes the named set into a new buffer; nothing is written on error.
func (r *Renderer) Bytes(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := r.Render(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Fragment executes one named partial (e.g. "stale-note") of any set, in
// the language of data.
func (r *Renderer) Fragment(w io.Writer, partial string, data any) error {
	for name := range r.sets {
		set, _ := r.set(name, data)
		if err := set.ExecuteTemplate(w, partial, data); err != nil {
			return fmt.Errorf("render: %s: %w", partial, err)
		}
		return nil
	}
	return fmt.Errorf("render: no template set for %q", partial)
}
