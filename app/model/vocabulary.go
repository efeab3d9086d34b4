package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reader-facing words of statusdash, defined once: pages, feeds, mail
// and JSON descriptions all print a status through these functions, so a
// status reads the same wherever it is seen.

// Label is the word for the health an incident of this impact causes
// ("Partial outage"); impact maintenance reads "Under maintenance".
func (i Impact) Label() string { return HealthForImpact(i).Label() }

// Key is the CSS key of the health this impact causes ("major").
func (i Impact) Key() string { return HealthForImpact(i).Key() }

// Label is the event type as a reader calls it: Incident, Maintenance, Notice.
func (t EventType) Label() string {
	switch t {
	case TypeIncident:
		return "Incident"
	case TypeMaintenance:
		return "Maintenance"
	case TypeInfo:
		return "Notice"
	}
	return string(t)
}

// Key is the CSS key of the type's own icon: an incident shows its impact's
// health instead, maintenance the maintenance icon, a notice the notice icon.
func (t EventType) Key() string {
	if t == TypeInfo {
		return "notice"
	}
	return "maintenance"
}

// StatusLabel is an event state in title case ("Impact Changed",
// "In Progress"); the stored value stays lower case, as the APIs fix it.
func StatusLabel(status string) string {
	if status == StatusSystem {
		return "System Update"
	}
	words := strings.Fields(status)
	for i, word := range words {
		first, size := utf8.DecodeRuneInString(word)
		words[i] = string(unicode.ToUpper(first)) + word[size:]
	}
	return strings.Join(words, " ")
}

// PageLabel is the page-wide status in a few words: "All systems
// operational" when everything works, else the worst health's label.
func PageLabel(h Health) string {
	if h == HealthOperational {
		return "All systems operational"
	}
	return h.Label()
}

// Healths lists every health from best to worst, for legends.
var Healths = []Health{HealthOperational, HealthMaintenance, HealthMinor, HealthMajor, HealthOutage}

var healthMeanings = [...]string{"works as expected", "planned work is going on", "slower or partly failing", "many requests fail", "not available"}

// Meaning explains the health in a few words, as the legend prints it.
func (h Health) Meaning() string { return healthMeanings[h] }
