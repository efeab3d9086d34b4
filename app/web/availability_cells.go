package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/render"
)

// The availability page has a cell per component and month: 12,000 at
// 1,000 components. A template call per cell (a field lookup, a method
// call, an escaper per value, all by reflection) was most of the page's
// build, so a row's cells are written here, once, as the markup the
// template would give (TestAvailabilityCellsMatchTemplate holds them to
// it), and the template prints them whole.

// noDataCell is a month before the component existed.
const noDataCell = `<td class="avail--nodata">No data<span class="visually-hidden"> (the component did not exist yet)</span></td>`

// detailParts are the times a month's detail names, worst first, with the
// words the pages use for them.
var detailParts = [...]struct {
	time  func(availability.Figure) time.Duration
	words string
}{
	{func(f availability.Figure) time.Duration { return f.Outage }, strings.ToLower(model.HealthOutage.Label())},
	{func(f availability.Figure) time.Duration { return f.Partial }, strings.ToLower(model.HealthMajor.Label())},
	{func(f availability.Figure) time.Duration { return f.Degraded }, strings.ToLower(model.HealthMinor.Label())},
}

// maintenanceWords names the time in maintenance.
var maintenanceWords = strings.ToLower(model.HealthMaintenance.Label())

// availabilityCells writes a row's month cells: the figure, marked when
// below 100 %, with what the month held as a title and as text for screen
// readers.
func availabilityCells(buf []byte, figures []availability.Figure) (template.HTML, []byte) {
	buf = buf[:0]
	var scratch [160]byte // a detail's words: no allocation per cell
	detail := scratch[:0]
	for _, f := range figures {
		if f.NoData {
			buf = append(buf, noDataCell...)
			continue
		}
		percent := f.Percent()
		detail = appendFigureDetail(detail[:0], f)
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
		buf = render.AppendPercent(buf, percent)
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
// then in maintenance, with the health labels the pages use: "20 min major
// outage, 1 h 10 min degraded performance; 2 h under maintenance"; empty
// when nothing happened.
func figureDetail(f availability.Figure) string { return string(appendFigureDetail(nil, f)) }

func appendFigureDetail(dst []byte, f availability.Figure) []byte {
	start := len(dst)
	for _, part := range detailParts {
		if held := part.time(f); held > 0 {
			if len(dst) > start {
				dst = append(dst, ", "...)
			}
			dst = appendSpelled(dst, held)
			dst = append(dst, ' ')
			dst = append(dst, part.words...)
		}
	}
	if f.Maintenance > 0 {
		if len(dst) > start {
			dst = append(dst, "; "...)
		}
		dst = appendSpelled(dst, f.Maintenance)
		dst = append(dst, ' ')
		dst = append(dst, maintenanceWords...)
	}
	return dst
}

// appendSpelled writes a duration in hours and minutes: "45 min", "3 h 5 min".
func appendSpelled(dst []byte, d time.Duration) []byte {
	minutes := int(d.Round(time.Minute).Minutes())
	switch {
	case minutes < 1:
		return append(dst, "less than a minute"...)
	case minutes < 60:
		return append(strconv.AppendInt(dst, int64(minutes), 10), " min"...)
	}
	dst = append(strconv.AppendInt(dst, int64(minutes/60), 10), " h"...)
	if minutes%60 != 0 {
		dst = append(strconv.AppendInt(append(dst, ' '), int64(minutes%60), 10), " min"...)
	}
	return dst
}
