package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"time"

	"statusdash/app/model"
)

// healths lists every health for the legend.
func healths() []model.Health { return model.Healths }

// funcs are the template functions. Times always take the reader's zone
// explicitly and always print the zone's abbreviation.
func funcs(options Options) template.FuncMap {
	return template.FuncMap{
		"asset":    options.Asset,
		"markdown": options.Markdown.HTML,
		"plain":    options.Markdown.Plain,
		"when":     when,
		"whenEnd":  whenEnd,
		"day":      day,
		"month":    month,
		"iso":      iso,
		"since":    since,
		"percent":  percent,
		"minutes":  minutes,
		"status":   model.StatusLabel,
		"span":     span,
		"healths":  healths,
	}
}

// when formats t in zone as "15 Mar 2026, 13:00 CET".
func when(zone *time.Location, t time.Time) string {
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("2 Jan 2006, 15:04 MST")
}

// whenEnd formats an optional end; nil reads as "ongoing".
func whenEnd(zone *time.Location, t *time.Time) string {
	if t == nil {
		return "ongoing"
	}
	return when(zone, *t)
}

// day formats t's date in zone.
func day(zone *time.Location, t time.Time) string {
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("2 Jan 2006")
}

// month formats t's month in zone, e.g. "March 2026".
func month(zone *time.Location, t time.Time) string {
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("January 2006")
}

// span formats an event's time from start to end in zone, the date once
// when both fall on the same day there: "2 Dec 2026, 10:00 – 12:30 UTC".
// A nil end reads "since" the start.
func span(zone *time.Location, start time.Time, end *time.Time) string {
	if zone == nil {
		zone = time.UTC
	}
	if end == nil {
		return "since " + when(zone, start)
	}
	from, to := start.In(zone), end.In(zone)
	if from.Format("2006-01-02 MST") == to.Format("2006-01-02 MST") {
		return from.Format("2 Jan 2006, 15:04") + " – " + to.Format("15:04 MST")
	}
	return when(zone, start) + " – " + when(zone, *end)
}

// iso is the machine-readable form for <time datetime>.
func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// since says how long from start to end (or now when end is nil).
func since(start time.Time, end *time.Time, now time.Time) string {
	stop := now
	if end != nil {
		stop = *end
	}
	d := stop.Sub(start).Round(time.Minute)
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour && int(d.Minutes())%60 == 0:
		return fmt.Sprintf("%d h", int(d.Hours()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

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

// minutes prints a duration in whole minutes.
func minutes(d time.Duration) string {
	return fmt.Sprintf("%d min", int(math.Round(d.Minutes())))
}
