package web

import (
	"html/template"
	"net/url"
	"strconv"
	"time"

	"statusdash/app/availability"
	"statusdash/app/locale"
	"statusdash/app/model"
	"statusdash/app/store"
)

// The uptime bars: one inline SVG per service or component, a bar per UTC
// day, oldest on the left. An overview holds a row per service, 90 days
// each, so the markup is written here once, as availability_cells.go
// writes the availability page's cells, rather than by a template call per
// bar. Every day that held something is its own link to that day's events,
// named by its <title> (the accessible name, and the hover text without
// JavaScript); a run of plain days, up or before the component existed, is
// one link or one image with one text, so a screen reader hears "3 Sep –
// 1 Dec 2026: 100 % up, no incidents" once instead of 80 times. The
// geometry is in SVG attributes, which the CSP's style-src 'self' allows;
// the colours are in the stylesheet.

// barWords are the bars' words in one language, looked up once per page.
type barWords struct {
	lang                                *locale.Language
	noDataRun, upRun, up                string
	noIncidents, oneIncident, incidents string
	noDataYet, everyDayUp, othersUp     string
	day, days                           string
	counts                              [5]string
	// detail names the time at each impact (availability_cells.go).
	detail *figureWords
}

func newBarWords(lang *locale.Language) *barWords {
	say := lang.MustT
	return &barWords{
		lang:        lang,
		noDataRun:   say("bars.no_data_run"),
		upRun:       say("bars.up_run"),
		up:          say("bars.up"),
		noIncidents: say("bars.no_incidents"),
		oneIncident: say("bars.one_incident"),
		incidents:   say("bars.incidents"),
		noDataYet:   say("bars.no_data_yet"),
		everyDayUp:  say("bars.every_day_up"),
		othersUp:    say("bars.others_up"),
		day:         say("bars.day"),
		days:        say("bars.days"),
		counts: [5]string{say("bars.without_data"), say("bars.in_maintenance"), say("bars.degraded"),
			say("bars.partial"), say("bars.major")},
		detail: newFigureWords(lang),
	}
}

// barWidth is a day's width in the SVG's user units: a 3-unit bar and a gap.
const barWidth = 4

// uptimeRow is one service's or component's bars with its figures, for the
// partial uptime-row.
type uptimeRow struct {
	// Label names the row: the service on the overview, the region on a service page.
	Label string
	// URL is where the label links, empty for none.
	URL string
	// Figure is the incident-based uptime over the days, "99.981 %"; empty without data.
	Figure string
	// Measured is the uptime its checks measured over the days, empty without checks.
	Measured string
	// Bars is the SVG.
	Bars template.HTML
}

// barLinks makes the links of a row's bars: to /history narrowed to the
// service (and region) and to a day or a range of days.
type barLinks struct {
	service, region string
}

func (l barLinks) appendRange(dst []byte, from, to time.Time) []byte {
	query := url.Values{}
	query.Set("service", l.service)
	if l.region != "" {
		query.Set("region", l.region)
	}
	if from.Equal(to) {
		query.Set("day", from.Format(time.DateOnly))
	} else {
		query.Set("from", from.Format(time.DateOnly))
		query.Set("to", to.Format(time.DateOnly))
	}
	return appendEscaped(dst, []byte("/history?"+query.Encode()))
}

// barClass is the colour of a day's bar: its worst status, light when it
// held less than an hour of downtime. The overview keeps the finalized
// days' classes (overview_bars_cache.go); its bars are drawn from them.
type barClass uint8

// The classes in the order compactBars draws them: the later cover the earlier.
const (
	barNoData barClass = iota
	barUp
	barMaintenance
	barDegraded
	barPartialLight
	barPartial
	barOutageLight
	barOutage
)

// css is the class's name in the stylesheet.
func (c barClass) css() string {
	switch c {
	case barNoData:
		return "n"
	case barMaintenance:
		return "m"
	case barDegraded:
		return "s1"
	case barPartialLight:
		return "s2 l"
	case barPartial:
		return "s2"
	case barOutageLight:
		return "s3 l"
	case barOutage:
		return "s3"
	}
	return "u"
}

// classOf is a day's bar class.
func classOf(f store.DayFigure) barClass {
	switch {
	case f.NoData:
		return barNoData
	case f.Worst() == model.ImpactMaintenance && f.Maintenance > 0:
		return barMaintenance
	case f.Worst() == model.ImpactMaintenance:
		return barUp
	case f.Worst() == model.ImpactMinor:
		return barDegraded
	}
	light := f.Downtime() < time.Hour
	switch {
	case f.Worst() == model.ImpactOutage && light:
		return barOutageLight
	case f.Worst() == model.ImpactOutage:
		return barOutage
	case light:
		return barPartialLight
	}
	return barPartial
}

// appendClasses appends the class of each day to dst.
func appendClasses(dst []barClass, days []store.DayFigure) []barClass {
	for _, day := range days {
		dst = append(dst, classOf(day))
	}
	return dst
}

// dayClass is the CSS class of a day's bar: its worst status, with "l"
// (light) when it held less than an hour of downtime.
func dayClass(f store.DayFigure) string { return classOf(f).css() }

// quiet says whether a day joins a run of like days: up without any
// incident or maintenance, or before the component existed.
func quiet(f store.DayFigure) bool { return classOf(f) == barUp && f.Incidents == 0 || f.NoData }

// uptimeBars writes the SVG of days (oldest first), named by label.
func uptimeBars(words *barWords, days []store.DayFigure, label string, links barLinks) template.HTML {
	buf := make([]byte, 0, 512)
	buf = append(buf, `<svg class="bars" viewBox="0 0 `...)
	buf = strconv.AppendInt(buf, int64(len(days)*barWidth), 10)
	buf = append(buf, ` 20" preserveAspectRatio="none" role="group" aria-label="`...)
	buf = appendEscaped(buf, []byte(label))
	buf = append(buf, `">`...)
	for i := 0; i < len(days); {
		day := days[i]
		x := int64(i * barWidth)
		if quiet(day) {
			j := i + 1
			for j < len(days) && quiet(days[j]) && days[j].NoData == day.NoData {
				j++
			}
			first, last := day.Period.Start, days[j-1].Period.Start
			if day.NoData {
				buf = append(buf, `<g role="img"><title>`...)
				buf = appendDayRange(words, buf, first, last)
				buf = append(buf, words.noDataRun...)
				buf = append(buf, `</title>`...)
				buf = appendRun(buf, "n", x, j-i)
				buf = append(buf, `</g>`...)
			} else {
				buf = append(buf, `<a href="`...)
				buf = links.appendRange(buf, first, last)
				buf = append(buf, `"><title>`...)
				buf = appendDayRange(words, buf, first, last)
				buf = append(buf, words.upRun...)
				buf = append(buf, `</title>`...)
				buf = appendRun(buf, "u", x, j-i)
				buf = append(buf, `</a>`...)
			}
			i = j
			continue
		}
		buf = append(buf, `<a href="`...)
		buf = links.appendRange(buf, day.Period.Start, day.Period.Start)
		buf = append(buf, `"><title>`...)
		buf = appendDayText(words, buf, day)
		buf = append(buf, `</title>`...)
		buf = appendRun(buf, dayClass(day), x, 1)
		buf = append(buf, `</a>`...)
		i++
	}
	buf = append(buf, `</svg>`...)
	// Built from fixed markup, numbers, dates and escaped text.
	return template.HTML(buf)
}

// compactBars writes the overview's SVG of days (oldest first, by their
// classes): the same bars as uptimeBars, drawn as one path per colour,
// inside the row's one link to the service page's bars, where each day is
// its own link with its text. A link and a text per day cost 140 bytes; at
// 50 services with a month of eventful days each, that was 300 KB where
// the page may weigh 60. Its text sums the days up instead: the days at
// each status (the incidents are not counted here: reading them cost more
// than the rest of the bars).
func compactBars(words *barWords, days []barClass) template.HTML {
	buf := make([]byte, 0, 512)
	buf = append(buf, `<svg class="bars" viewBox="0 0 `...)
	buf = strconv.AppendInt(buf, int64(len(days)*barWidth), 10)
	buf = append(buf, ` 20" preserveAspectRatio="none" role="img" aria-label="`...)
	buf = appendDaysSummary(words, buf, days)
	buf = append(buf, `">`...)
	// Days before the component existed come first; the rest is up but
	// where a path of another colour covers it.
	existed := 0
	for existed < len(days) && days[existed] == barNoData {
		existed++
	}
	if existed > 0 {
		buf = appendRun(buf, "n", 0, existed)
	}
	if existed < len(days) {
		buf = appendRun(buf, "u", int64(existed*barWidth), len(days)-existed)
	}
	for class := barMaintenance; class <= barOutage; class++ {
		open := false
		for i := existed; i < len(days); {
			if days[i] != class {
				i++
				continue
			}
			j := i + 1
			for j < len(days) && days[j] == class {
				j++
			}
			if !open {
				buf = append(buf, `<path class="`...)
				buf = append(buf, class.css()...)
				buf = append(buf, `" d="`...)
				open = true
			}
			buf = append(buf, 'M')
			buf = strconv.AppendInt(buf, int64(i*barWidth), 10)
			buf = append(buf, ` 10h`...)
			buf = strconv.AppendInt(buf, int64((j-i)*barWidth-1), 10)
			i = j
		}
		if open {
			buf = append(buf, `"/>`...)
		}
	}
	buf = append(buf, `</svg>`...)
	// Built from fixed markup, numbers and words.
	return template.HTML(buf)
}

// appendDaysSummary sums the days up in words: "4 days with a major
// outage, 3 with a partial outage, 2 degraded, 3 in maintenance, 20
// without data, the others up".
func appendDaysSummary(w *barWords, dst []byte, days []barClass) []byte {
	var counts [5]int // no data, maintenance, degraded, partial, outage
	for _, class := range days {
		switch class {
		case barNoData:
			counts[0]++
		case barMaintenance:
			counts[1]++
		case barDegraded:
			counts[2]++
		case barPartial, barPartialLight:
			counts[3]++
		case barOutage, barOutageLight:
			counts[4]++
		}
	}
	if counts[0] == len(days) {
		return append(dst, w.noDataYet...)
	}
	first := true
	for i := len(counts) - 1; i >= 0; i-- {
		if counts[i] == 0 {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		dst = strconv.AppendInt(dst, int64(counts[i]), 10)
		if first {
			if counts[i] == 1 {
				dst = append(dst, w.day...)
			} else {
				dst = append(dst, w.days...)
			}
			first = false
		}
		dst = append(dst, w.counts[i]...)
	}
	if first {
		return append(dst, w.everyDayUp...)
	}
	return append(dst, w.othersUp...)
}

// appendRun draws n days' bars from x as one dashed stroke (the
// stylesheet's dash pattern cuts it into bars).
func appendRun(dst []byte, class string, x int64, n int) []byte {
	dst = append(dst, `<path class="`...)
	dst = append(dst, class...)
	dst = append(dst, `" d="M`...)
	dst = strconv.AppendInt(dst, x, 10)
	dst = append(dst, ` 10h`...)
	dst = strconv.AppendInt(dst, int64(n*barWidth-1), 10)
	return append(dst, `"/>`...)
}

// appendDayText is a day's text: "2 Dec 2026: 99.166 % up, 1 incident,
// 14 min partial outage".
func appendDayText(w *barWords, dst []byte, f store.DayFigure) []byte {
	dst = w.lang.AppendDay(dst, f.Period.Start)
	dst = append(dst, ": "...)
	dst = w.lang.AppendPercent(dst, f.Percent())
	dst = append(dst, w.up...)
	switch f.Incidents {
	case 0:
		dst = append(dst, w.noIncidents...)
	case 1:
		dst = append(dst, w.oneIncident...)
	default:
		dst = append(strconv.AppendInt(dst, int64(f.Incidents), 10), w.incidents...)
	}
	if detail := appendFigureDetail(w.detail, nil, f.Figure); len(detail) > 0 {
		dst = append(dst, ", "...)
		dst = append(dst, detail...)
	}
	return dst
}

// appendDayRange names the days from first to last: "2 Dec 2026",
// "3 Sep – 1 Dec 2026", "20 Dec 2025 – 3 Jan 2026".
func appendDayRange(w *barWords, dst []byte, first, last time.Time) []byte {
	switch {
	case first.Equal(last):
		return w.lang.AppendDay(dst, last)
	case first.Year() == last.Year():
		dst = w.lang.AppendDayNoYear(dst, first)
	default:
		dst = w.lang.AppendDay(dst, first)
	}
	return w.lang.AppendDay(append(dst, " – "...), last)
}

// uptimeFigure prints a figure beside the bars in lang; empty without data.
func uptimeFigure(lang *locale.Language, f availability.Figure) string {
	if f.NoData {
		return ""
	}
	return lang.Percent(f.Percent())
}

// measuredUptime prints the share of check runs that were not down,
// summed over the days' roll-ups, in lang; empty when no check ran.
func measuredUptime(lang *locale.Language, rollups []store.CheckRollup) string {
	var runs, failures int64
	for _, r := range rollups {
		runs += r.Runs
		failures += r.Failures
	}
	if runs == 0 {
		return ""
	}
	return lang.Percent(100 * float64(runs-failures) / float64(runs))
}
