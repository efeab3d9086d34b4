// Package locale holds the languages the public pages are offered in: the
// messages of each, loaded from one TOML file per language
// (active.<language>.toml, github.com/nicksnyder/go-i18n/v2), the choice of
// a reader's language from a cookie or Accept-Language
// (golang.org/x/text/language), and dates written in that language.
//
// The languages are the files present: adding one is adding a file.
package locale

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// DefaultTag is the language every page falls back to; its file must exist
// and every other file must have the same keys.
const DefaultTag = "en"

// filePattern names the message files inside the catalog's directory.
const filePattern = "active.*.toml"

// Catalog is every language found, the default first. It is read only
// after Load and safe for concurrent use.
type Catalog struct {
	languages []*Language
	byTag     map[string]*Language
	matcher   language.Matcher
	// headers remembers the choice for Accept-Language values seen (up to
	// maxHeaders): parsing and matching cost more than a cached page.
	mu      sync.RWMutex
	headers map[string]*Language
}

// maxHeaders bounds the remembered Accept-Language values; browsers send
// few distinct ones, and past the bound a header is matched each time.
const maxHeaders = 1024

// Load reads every active.<language>.toml under dir of fsys. A file that
// does not parse, names no valid language or lacks a date key fails here,
// not on a request; the default language (DefaultTag) must be present.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	files, err := fs.Glob(fsys, path.Join(dir, filePattern))
	if err != nil {
		return nil, fmt.Errorf("locale: %s: %w", dir, err)
	}
	bundle := i18n.NewBundle(language.MustParse(DefaultTag))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	parsed := map[string]*i18n.MessageFile{}
	for _, file := range files {
		messages, err := bundle.LoadMessageFileFS(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("locale: %s: %w", file, err)
		}
		if messages.Tag == language.Und {
			return nil, fmt.Errorf("locale: %s: the file name names no language", file)
		}
		parsed[messages.Tag.String()] = messages
	}
	if parsed[DefaultTag] == nil {
		return nil, fmt.Errorf("locale: no %s under %s: the default language's messages are required",
			strings.Replace(filePattern, "*", DefaultTag, 1), dir)
	}
	tags := make([]string, 0, len(parsed))
	for tag := range parsed {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	// The default first: the matcher answers with it when nothing matches.
	tags = slices.DeleteFunc(tags, func(tag string) bool { return tag == DefaultTag })
	tags = slices.Insert(tags, 0, DefaultTag)
	catalog := &Catalog{byTag: map[string]*Language{}, headers: map[string]*Language{}}
	supported := make([]language.Tag, 0, len(tags))
	for _, tag := range tags {
		lang, err := newLanguage(bundle, parsed[tag])
		if err != nil {
			return nil, fmt.Errorf("locale: %s: %w", parsed[tag].Path, err)
		}
		if tag != DefaultTag {
			lang.fallback = catalog.languages[0]
		}
		catalog.languages = append(catalog.languages, lang)
		catalog.byTag[tag] = lang
		supported = append(supported, parsed[tag].Tag)
	}
	catalog.matcher = language.NewMatcher(supported)
	return catalog, nil
}

// Languages lists every language, the default first, then by tag.
func (c *Catalog) Languages() []*Language { return c.languages }

// Default is the fallback language.
func (c *Catalog) Default() *Language { return c.languages[0] }

// Lookup finds a language by its exact tag, as the cookie stores it.
func (c *Catalog) Lookup(tag string) (*Language, bool) {
	lang, ok := c.byTag[tag]
	return lang, ok
}

// Choose picks the reader's language: the cookie's when it names one the
// catalog has (a regional variant such as de-CH counts as de), else the
// best match of the Accept-Language header, else the default.
func (c *Catalog) Choose(cookie, acceptLanguage string) *Language {
	if cookie != "" {
		if lang, ok := c.byTag[cookie]; ok {
			return lang
		}
		if tag, err := language.Parse(cookie); err == nil {
			if lang, ok := c.match(tag); ok {
				return lang
			}
		}
	}
	if acceptLanguage == "" {
		return c.Default()
	}
	c.mu.RLock()
	lang, ok := c.headers[acceptLanguage]
	c.mu.RUnlock()
	if ok {
		return lang
	}
	lang = c.fromHeader(acceptLanguage)
	c.mu.Lock()
	if len(c.headers) < maxHeaders {
		c.headers[acceptLanguage] = lang
	}
	c.mu.Unlock()
	return lang
}

// fromHeader matches an Accept-Language value.
func (c *Catalog) fromHeader(acceptLanguage string) *Language {
	// ParseAcceptLanguage orders the tags by q-value and drops q=0.
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return c.Default()
	}
	if lang, ok := c.match(tags...); ok {
		return lang
	}
	return c.Default()
}

// match is the matcher's answer when it found a real match.
func (c *Catalog) match(tags ...language.Tag) (*Language, bool) {
	_, index, confidence := c.matcher.Match(tags...)
	if confidence == language.No {
		return nil, false
	}
	return c.languages[index], true
}

// Keys are the message ids of each language's file, by tag, for the test
// that every file has the same keys.
func (c *Catalog) Keys() map[string][]string {
	keys := map[string][]string{}
	for _, lang := range c.languages {
		keys[lang.Tag] = lang.keys
	}
	return keys
}

// ErrNoMessage is a message id no file has.
var ErrNoMessage = errors.New("no such message")
