package web

import (
	"bytes"
	"html/template"
	"strconv"
	"time"

	"statusdash/app/availability"
	"statusdash/app/locale"
)

// The availability page has a cell per component and month: 12,000 at
// 1,000 components. A template call per cell (a field lookup, a method
// call, an escaper per value, all by reflection) was most of the page's
// build, so a row's cells are written here, once, as the markup the
// template would give (TestAvailabilityCellsMatchTemplate holds them to
// it), and the template prints them whole.

// detailTimes are the times a figure's detail names, worst first, in the
// order of figureWords.parts.
var detailTimes = [...]func(availability.Figure) time.Duration{
	func(f availability.Figure) time.Duration { return f.Outage },
	func(f availability.Figure) time.Duration { return f.Partial },
	func(f availability.Figure) time.Duration { return f.Degraded },
}

// figureWords are, in one language, the words of a figure's detail and the
// cell of a month without data, looked up once per page, and the language
// that writes the figures.
type figureWords struct {
	lang *locale.Language
	// parts name the impacts of detailTimes; maintenance the time in maintenance.
	parts       [len(detailTimes)]string
	maintenance string
	// underMinute stands for a time under a minute; minutes and hours follow a number.
	underMinute, minutes, hours string
	// noDataCell is a month before the component existed, as its whole cell.
	noDataCell string
}

func newFigureWords(lang *locale.Language) *figureWords {
	say := lang.MustT
	return &figureWords{
		lang:        lang,
		parts:       [...]string{say("detail.outage"), say("detail.partial"), say("detail.degraded")},
		maintenance: say("detail.maintenance"),
		underMinute: say("duration.under_a_minute"),
		minutes:     say("detail.minutes"),
		hours:       say("detail.hours"),
		noDataCell: `<td class="avail--nodata">` + template.HTMLEscapeString(say("availability.no_data")) +
			`<span class="visually-hidden">` + template.HTMLEscapeString(say("availability.no_data_why")) + `</span></td>`,
	}
}

// availabilityCells writes a row's month cells: the figure, marked when
// below 100 %, with what the month held as a title and as text for screen
// readers.
func availabilityCells(words *figureWords, buf []byte, figures []availability.Figure) (template.HTML, []byte) {
	buf = buf[:0]
	var scratch [160]byte // a detail's words: no allocation per cell
	detail := scratch[:0]
	for _, f := range figures {
		if f.NoData {
			buf = append(buf, words.noDataCell...)
			continue
		}
		percent := f.Percent()
		detail = appendFigureDetail(words, detail[:0], f)
		buf = append(buf, "<td"...)
		if percent < 100 {
			buf = append(buf, ` class="avail--down"`...)
		}
		if len(detail) > 0 {
			buf = append(buf, ` title="`...)
			buf = appendEscaped(buf, detail)
			buf = append(buf, '"')
		}
		buf = append(buf, '>')
		buf = words.lang.AppendPercent(buf, percent)
		if len(detail) > 0 {
			buf = append(buf, `<span class="visually-hidden"> (`...)
			buf = appendEscaped(buf, detail)
			buf = append(buf, ")</span>"...)
		}
		buf = append(buf, "</td>"...)
	}
	// The cells are built from fixed words, numbers and escaped text.
	return template.HTML(buf), buf
}

// appendEscaped appends text escaped for HTML text and quoted attributes;
// the details are words and numbers, which need no escaping and no copy.
func appendEscaped(dst, text []byte) []byte {
	if !bytes.ContainsAny(text, "<>&'\"\x00") {
		return append(dst, text...)
	}
	return append(dst, template.HTMLEscapeString(string(text))...)
}

// figureDetail names the time a month spent at each impact, worst first,
// then in maintenance, in the words' language: "20 min major outage,
// 1 h 10 min degraded performance; 2 h under maintenance"; empty when
// nothing happened.
func figureDetail(words *figureWords, f availability.Figure) string {
	return string(appendFigureDetail(words, nil, f))
}

func appendFigureDetail(words *figureWords, dst []byte, f availability.Figure) []byte {
	start := len(dst)
	for i, timeOf := range detailTimes {
		if held := timeOf(f); held > 0 {
			if len(dst) > start {
				dst = append(dst, ", "...)
			}
			dst = appendSpelled(words, dst, held)
			dst = append(dst, ' ')
			dst = append(dst, words.parts[i]...)
		}
	}
	if f.Maintenance > 0 {
		if len(dst) > start {
			dst = append(dst, "; "...)
		}
		dst = appendSpelled(words, dst, f.Maintenance)
		dst = append(dst, ' ')
		dst = append(dst, words.maintenance...)
	}
	return dst
}

// appendSpelled writes a duration in hours and minutes: "45 min", "3 h 5 min".
func appendSpelled(words *figureWords, dst []byte, d time.Duration) []byte {
	minutes := int(d.Round(time.Minute).Minutes())
	switch {
	case minutes < 1:
		return append(dst, words.underMinute...)
	case minutes < 60:
		return append(strconv.AppendInt(dst, int64(minutes), 10), words.minutes...)
	}
	dst = append(strconv.AppendInt(dst, int64(minutes/60), 10), words.hours...)
	if minutes%60 != 0 {
		dst = append(strconv.AppendInt(append(dst, ' '), int64(minutes%60), 10), words.minutes...)
	}
	return dst
}
