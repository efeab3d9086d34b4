package render

import (
	"html/template"
	"strings"
	"time"

	"statusdash/app/locale"
	"statusdash/app/model"
)

// healths lists every health for the legend.
func healths() []model.Health { return model.Healths }

// funcs are the template functions of a set in one language. Times always
// take the reader's zone explicitly and always print the zone's
// abbreviation; words, dates and decimal separators come from the
// language's messages.
func funcs(options Options, lang *locale.Language) template.FuncMap {
	return template.FuncMap{
		"asset":    options.Asset,
		"markdown": options.Markdown.HTML,
		"plain":    options.Markdown.Plain,
		"t":        lang.T,
		"lang":     func() string { return lang.Tag },
		"when":     lang.When,
		"whenEnd":  lang.WhenEnd,
		"day":      lang.Day,
		"month":    lang.Month,
		"iso":      iso,
		"since":    lang.Since,
		"percent":  lang.Percent,
		"minutes":  lang.Minutes,
		"status":   statusLabel(lang),
		"span":     lang.Span,
		"healths":  healths,
	}
}

// statusLabel prints an event state in the language: the message
// event_status.<state> ("in progress" reads event_status.in_progress),
// else the English title case of model.StatusLabel. Feeds and JSON keep
// model.StatusLabel.
func statusLabel(lang *locale.Language) func(string) string {
	return func(status string) string {
		if text, err := lang.T(StatusKey(status)); err == nil {
			return text
		}
		return model.StatusLabel(status)
	}
}

// StatusKey is the message id of an event state's words.
func StatusKey(status string) string {
	return "event_status." + strings.ReplaceAll(strings.ToLower(status), " ", "_")
}

// iso is the machine-readable form for <time datetime>.
func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }
