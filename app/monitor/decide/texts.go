package decide

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"statusdash/app/incident"
	"statusdash/app/markdown"
	"statusdash/app/model"
	"statusdash/app/monitor/probe"
)

// kindName is how texts name a check's kind.
func kindName(kind probe.Kind) string {
	if kind == probe.KindHeartbeat {
		return "heartbeat"
	}
	return strings.ToUpper(string(kind))
}

// Title names the incident monitoring opens: "ECS in EU-DE: HTTP check
// failing", shortened to incident.MaxTitle, or incident.DefaultTitle when
// the names make no valid title.
func Title(component model.Component, kind probe.Kind) string {
	where := incident.ComponentLabel(component)
	if component.Service != nil && component.Region != nil {
		where = component.Service.Name + " in " + component.Region.Name
	}
	title := fmt.Sprintf("%s: %s check failing", where, kindName(kind))
	if utf8.RuneCountInString(title) > incident.MaxTitle {
		title = string([]rune(title)[:incident.MaxTitle-1]) + "…"
	}
	if incident.TitleProblem(title) != "" {
		return incident.DefaultTitle
	}
	return title
}

// checkLabel names a check in update texts (Markdown): "the HTTP check of
// https://example.org/health".
func checkLabel(def probe.Definition) string {
	if def.Target == "" {
		return "the " + kindName(def.Kind) + " check"
	}
	return fmt.Sprintf("the %s check of %s", kindName(def.Kind), markdown.EscapeText(def.Target))
}

// succeeded says how the check came back: "the HTTP check of … succeeded
// from 3 of 3 locations since 10:42 UTC" (with the date when since is not
// on now's day).
func succeeded(def probe.Definition, tally Tally, since, now time.Time) string {
	since = since.UTC()
	layout := "15:04 UTC"
	if y, m, d := since.Date(); y != now.UTC().Year() || m != now.UTC().Month() || d != now.UTC().Day() {
		layout = "2 Jan 2006 15:04 UTC"
	}
	locations := "locations"
	if tally.Reporting == 1 {
		locations = "location"
	}
	return fmt.Sprintf("%s succeeded from %d of %d %s since %s", checkLabel(def), tally.Up, tally.Reporting, locations, since.Format(layout))
}

// ResolvedText is the update that resolves monitoring's incident.
func ResolvedText(def probe.Definition, tally Tally, since, now time.Time) string {
	return "Resolved automatically: " + succeeded(def, tally, since, now)
}

// RecoveredText is the update on a system incident that the component
// leaves while others stay in it.
func RecoveredText(component model.Component, def probe.Definition, tally Tally, since, now time.Time) string {
	return markdown.EscapeText(incident.ComponentLabel(component)) + " recovered automatically: " + succeeded(def, tally, since, now)
}

// DowntimeDescription describes a downtime for the ping monitor: the
// check and the first failing location's reason.
func DowntimeDescription(def probe.Definition, round Round) string {
	text := kindName(def.Kind) + " check failing"
	if def.Target != "" {
		text = kindName(def.Kind) + " check of " + def.Target + " failing"
	}
	for _, r := range round.Results {
		if r.Outcome != probe.OutcomeUp && r.Reason != "" {
			return text + " from " + r.Location + ": " + r.Reason
		}
	}
	return text
}
