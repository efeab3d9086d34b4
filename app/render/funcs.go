package render

import (
	"html/template"
	"math"
	"strconv"
	"time"

	"statusdash/app/locale"
	"statusdash/app/model"
)

// healths lists every health for the legend.
func healths() []model.Health { return model.Healths }

// funcs are the template functions of a set in one language. Times always
// take the reader's zone explicitly and always print the zone's
// abbreviation; words and dates come from the language's messages.
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
		"percent":  percent,
		"minutes":  lang.Minutes,
		"status":   model.StatusLabel,
		"span":     lang.Span,
		"healths":  healths,
	}
}

// iso is the machine-readable form for <time datetime>.
func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// percent prints an availability figure: "100 %" when whole, else floored
// to three decimals, so 99.9996 never shows as a perfect 100.
func percent(p float64) string { return string(AppendPercent(nil, p)) }

// AppendPercent appends percent's text to dst, for pages that write
// thousands of figures without a template call each (availability).
func AppendPercent(dst []byte, p float64) []byte {
	if p >= 100 {
		return append(dst, "100 %"...)
	}
	dst = strconv.AppendFloat(dst, math.Floor(p*1000)/1000, 'f', 3, 64)
	return append(dst, " %"...)
}
