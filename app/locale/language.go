package locale

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Language is one language's messages and date formats.
type Language struct {
	// Tag is the BCP 47 tag of the file name, e.g. "de"; the cookie and
	// the HTML lang attribute carry it.
	Tag string
	// Name is the language's own name for itself ("Deutsch"), for the form.
	Name string

	localizer *i18n.Localizer
	// plain holds the messages without template or plural forms, the most
	// common ones, so they cost a map lookup.
	plain map[string]string
	// keys are the file's message ids, sorted.
	keys []string
	has  map[string]bool
	// fallback answers a message this file lacks (the default language).
	fallback *Language
	dates    dateFormats
	// decimalSeparator goes between a number's whole part and its decimals.
	decimalSeparator string
	// groupSeparator goes between a whole number's groups of three digits;
	// empty groups none.
	groupSeparator string
}

// Message ids the code itself needs from every file.
const (
	keyName = "language.name"
)

func newLanguage(bundle *i18n.Bundle, file *i18n.MessageFile) (*Language, error) {
	lang := &Language{
		Tag:       file.Tag.String(),
		localizer: i18n.NewLocalizer(bundle, file.Tag.String()),
		plain:     map[string]string{},
		has:       map[string]bool{},
	}
	for _, message := range file.Messages {
		lang.keys = append(lang.keys, message.ID)
		lang.has[message.ID] = true
		if isPlain(message) {
			lang.plain[message.ID] = message.Other
		}
	}
	slices.Sort(lang.keys)
	name, ok := lang.plain[keyName]
	if !ok {
		return nil, fmt.Errorf("message %q (the language's own name) is missing", keyName)
	}
	lang.Name = name
	dates, err := loadDates(lang.plain)
	if err != nil {
		return nil, err
	}
	lang.dates = dates
	if lang.decimalSeparator, err = loadDecimalSeparator(lang.plain); err != nil {
		return nil, err
	}
	if lang.groupSeparator, err = loadGroupSeparator(lang.plain, lang.decimalSeparator); err != nil {
		return nil, err
	}
	return lang, nil
}

// isPlain tells a message that needs no template data and no count.
func isPlain(m *i18n.Message) bool {
	left := m.LeftDelim
	if left == "" {
		left = "{{"
	}
	return m.Zero == "" && m.One == "" && m.Two == "" && m.Few == "" && m.Many == "" &&
		!strings.Contains(m.Other, left)
}

// T returns message id in the language. Args are name/value pairs for the
// message's template ({{.Name}}); the name "Count" also picks the plural
// form. A message this file lacks comes from the default language; one no
// file has is an error, so a template naming it fails.
func (l *Language) T(id string, args ...any) (string, error) {
	if len(args) == 0 {
		if text, ok := l.plain[id]; ok {
			return text, nil
		}
	}
	if !l.has[id] {
		if l.fallback != nil {
			return l.fallback.T(id, args...)
		}
		return "", fmt.Errorf("locale %s: %q: %w", l.Tag, id, ErrNoMessage)
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("locale %s: %q: arguments must be name/value pairs, got %d values", l.Tag, id, len(args))
	}
	data := make(map[string]any, len(args)/2)
	var count any
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return "", fmt.Errorf("locale %s: %q: argument %d must be a name, got %T", l.Tag, id, i, args[i])
		}
		data[name] = args[i+1]
		if name == "Count" {
			count = args[i+1]
		}
	}
	text, err := l.localizer.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return "", fmt.Errorf("locale %s: %q: %w", l.Tag, id, err)
	}
	return text, nil
}

// MustT is T for messages the code knows exist (a test checks them): a
// missing one reads as its id rather than failing a page.
func (l *Language) MustT(id string, args ...any) string {
	text, err := l.T(id, args...)
	if err != nil {
		return id
	}
	return text
}
