package locale

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Message ids of the date formats. Layouts are Go reference layouts
// ("2 Jan 2006, 15:04 MST"); their month and weekday names (January, Jan,
// Monday, Mon) are replaced by the file's own names.
const (
	keyMonths        = "date.months"         // January, ..., December
	keyMonthsShort   = "date.months_short"   // Jan, ..., Dec
	keyWeekdays      = "date.weekdays"       // Sunday, ..., Saturday
	keyWeekdaysShort = "date.weekdays_short" // Sun, ..., Sat
	keyWhenLayout    = "date.when"
	keyDayLayout     = "date.day"
	keyMonthLayout   = "date.month"
	keyOngoing       = "time.ongoing"
	keyUnderMinute   = "duration.under_a_minute"
	keyMinutes       = "duration.minutes"
	keyHoursMinutes  = "duration.hours_minutes"
	keyHours         = "duration.hours"
	keySince         = "time.since"
	keyDays          = "duration.days"
)

// dateFormats are a language's names and layouts, split once at load.
type dateFormats struct {
	months, monthsShort     []string
	weekdays, weekdaysShort []string
	when, day, month        layout
	// dayNoYear is day without its year ("2 Jan"), for ranges within a year.
	dayNoYear layout
}

func loadDates(plain map[string]string) (dateFormats, error) {
	var d dateFormats
	lists := []struct {
		key  string
		want int
		into *[]string
	}{
		{keyMonths, 12, &d.months}, {keyMonthsShort, 12, &d.monthsShort},
		{keyWeekdays, 7, &d.weekdays}, {keyWeekdaysShort, 7, &d.weekdaysShort},
	}
	for _, list := range lists {
		text, ok := plain[list.key]
		if !ok {
			return d, fmt.Errorf("message %q is missing", list.key)
		}
		names := strings.Split(text, ",")
		for i := range names {
			names[i] = strings.TrimSpace(names[i])
		}
		if len(names) != list.want {
			return d, fmt.Errorf("message %q: want %d names separated by commas, got %d", list.key, list.want, len(names))
		}
		*list.into = names
	}
	layouts := []struct {
		key  string
		into *layout
	}{{keyWhenLayout, &d.when}, {keyDayLayout, &d.day}, {keyMonthLayout, &d.month}}
	for _, l := range layouts {
		text, ok := plain[l.key]
		if !ok {
			return d, fmt.Errorf("message %q is missing", l.key)
		}
		*l.into = parseLayout(text)
	}
	d.dayNoYear = parseLayout(strings.TrimSpace(strings.Replace(plain[keyDayLayout], "2006", "", 1)))
	for _, key := range []string{keyOngoing, keyUnderMinute} {
		if _, ok := plain[key]; !ok {
			return d, fmt.Errorf("message %q is missing", key)
		}
	}
	return d, nil
}

// layout is a Go layout cut at its month and weekday names.
type layout []layoutPart

type layoutPart struct {
	text string // a Go layout without names, formatted by time
	name nameKind
}

type nameKind int

const (
	noName nameKind = iota
	monthName
	monthShortName
	weekdayName
	weekdayShortName
)

// nameTokens are the layout's name elements, longest first so that
// "January" is not read as "Jan" and "uary".
var nameTokens = []struct {
	token string
	kind  nameKind
}{{"January", monthName}, {"Monday", weekdayName}, {"Jan", monthShortName}, {"Mon", weekdayShortName}}

func parseLayout(text string) layout {
	var parts layout
	start := 0
	for i := 0; i < len(text); {
		matched := false
		for _, name := range nameTokens {
			if strings.HasPrefix(text[i:], name.token) {
				if start < i {
					parts = append(parts, layoutPart{text: text[start:i]})
				}
				parts = append(parts, layoutPart{name: name.kind})
				i += len(name.token)
				start = i
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if start < len(text) {
		parts = append(parts, layoutPart{text: text[start:]})
	}
	return parts
}

func (d *dateFormats) format(l layout, t time.Time) string {
	var scratch [64]byte
	return string(d.appendFormat(scratch[:0], l, t))
}

func (d *dateFormats) appendFormat(buf []byte, l layout, t time.Time) []byte {
	for _, part := range l {
		switch part.name {
		case noName:
			buf = t.AppendFormat(buf, part.text)
		case monthName:
			buf = append(buf, d.months[t.Month()-1]...)
		case monthShortName:
			buf = append(buf, d.monthsShort[t.Month()-1]...)
		case weekdayName:
			buf = append(buf, d.weekdays[t.Weekday()]...)
		case weekdayShortName:
			buf = append(buf, d.weekdaysShort[t.Weekday()]...)
		}
	}
	return buf
}

func inZone(zone *time.Location, t time.Time) time.Time {
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone)
}

// When writes a moment in zone (UTC when nil) with the zone's abbreviation,
// e.g. "15 Mar 2026, 13:00 CET" or "15. März 2026, 13:00 CET".
func (l *Language) When(zone *time.Location, t time.Time) string {
	return l.dates.format(l.dates.when, inZone(zone, t))
}

// WhenEnd is When for an optional end; nil reads as ongoing.
func (l *Language) WhenEnd(zone *time.Location, t *time.Time) string {
	if t == nil {
		return l.plain[keyOngoing]
	}
	return l.When(zone, *t)
}

// Day writes t's date in zone, e.g. "15 Mar 2026".
func (l *Language) Day(zone *time.Location, t time.Time) string {
	return l.dates.format(l.dates.day, inZone(zone, t))
}

// Month writes t's month in zone, e.g. "March 2026" or "März 2026".
func (l *Language) Month(zone *time.Location, t time.Time) string {
	return l.dates.format(l.dates.month, inZone(zone, t))
}

// AppendDay appends t's day as Day writes it, t taken as it is (no zone
// change), for pages that write many dates without a string each.
func (l *Language) AppendDay(dst []byte, t time.Time) []byte {
	return l.dates.appendFormat(dst, l.dates.day, t)
}

// AppendDayNoYear appends t's day without the year ("2 Jan", "2. Jan."):
// the day layout with its year left out, for ranges within one year.
func (l *Language) AppendDayNoYear(dst []byte, t time.Time) []byte {
	return l.dates.appendFormat(dst, l.dates.dayNoYear, t)
}

// MonthShort writes t's month in zone briefly, the short month name and
// two-digit year: "Mar 26", "März 26" (column heads).
func (l *Language) MonthShort(zone *time.Location, t time.Time) string {
	t = inZone(zone, t)
	return l.dates.monthsShort[t.Month()-1] + t.Format(" 06")
}

// Since says how long from start to end (or now when end is nil).
func (l *Language) Since(start time.Time, end *time.Time, now time.Time) string {
	stop := now
	if end != nil {
		stop = *end
	}
	d := stop.Sub(start).Round(time.Minute)
	switch {
	case d < time.Minute:
		return l.plain[keyUnderMinute]
	case d < time.Hour:
		return l.MustT(keyMinutes, "Minutes", int(d.Minutes()))
	case d < 48*time.Hour && int(d.Minutes())%60 == 0:
		return l.MustT(keyHours, "Hours", int(d.Hours()))
	case d < 48*time.Hour:
		return l.MustT(keyHoursMinutes, "Hours", int(d.Hours()), "Minutes", int(d.Minutes())%60)
	}
	return l.MustT(keyDays, "Count", int(d.Hours()/24))
}

// Span writes an event's time from start to end in zone, the date once
// when both fall on the same day there: "2 Dec 2026, 10:00 – 12:30 UTC".
// A nil end reads "since" the start.
func (l *Language) Span(zone *time.Location, start time.Time, end *time.Time) string {
	if end == nil {
		return l.MustT(keySince, "When", l.When(zone, start))
	}
	from, to := inZone(zone, start), inZone(zone, *end)
	if from.Format("2006-01-02 MST") == to.Format("2006-01-02 MST") {
		return l.Day(zone, start) + from.Format(", 15:04") + " – " + to.Format("15:04 MST")
	}
	return l.When(zone, start) + " – " + l.When(zone, *end)
}

// Minutes writes a duration in whole minutes.
func (l *Language) Minutes(d time.Duration) string {
	return l.MustT(keyMinutes, "Minutes", int(math.Round(d.Minutes())))
}
