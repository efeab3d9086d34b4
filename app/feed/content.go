package feed

import (
	"html/template"
	"strings"
	"time"

	"statusdash/app/model"
)

// stampLayout matches the stackmon feeds: "2026-11-22 14:05 UTC".
const stampLayout = "2006-01-02 15:04 MST"

// body is the HTML shown for an event in RSS and Atom, shaped like the
// stackmon dashboard's RSS description: the updates newest first, then the
// impact, start and end, then (for incidents) the apology line.
func (b *Builder) body(event *model.Event) string {
	var s strings.Builder
	for i := len(event.Updates) - 1; i >= 0; i-- {
		update := event.Updates[i]
		s.WriteString("<small>" + stamp(update.At) + "</small><br><strong>")
		s.WriteString(template.HTMLEscapeString(model.StatusLabel(update.Status)))
		s.WriteString(" - </strong>")
		s.WriteString(string(b.markdown.HTML(update.Text)))
		s.WriteString("<br><br>")
	}
	if strings.TrimSpace(event.Description) != "" {
		s.WriteString(string(b.markdown.HTML(event.Description)))
	}
	if affected := affected(event); affected != "" {
		s.WriteString("Affected: " + template.HTMLEscapeString(affected) + "<br>")
	}
	// The pages' words (model's vocabulary): an incident's impact as the
	// health it causes, else the event's type.
	if event.Type == model.TypeIncident {
		s.WriteString("Impact: " + template.HTMLEscapeString(event.Impact.Label()) + "<br>")
	} else {
		s.WriteString("Type: " + template.HTMLEscapeString(event.Type.Label()) + "<br>")
	}
	s.WriteString("Start date: " + stamp(event.StartAt) + "<br>")
	if event.EndAt != nil {
		s.WriteString("End date: " + stamp(*event.EndAt) + "<br>")
	}
	if event.Type == model.TypeIncident {
		s.WriteString("<br>We apologize for the inconvenience and will share an update once we have more information.")
	}
	return s.String()
}

func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

// affected lists the event's components as "ECS (EU-DE), RDS (EU-NL)".
func affected(event *model.Event) string {
	names := make([]string, 0, len(event.Components))
	for _, component := range event.Components {
		if component.Service == nil {
			continue
		}
		name := component.Service.Name
		if component.Region != nil {
			name += " (" + component.Region.Name + ")"
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}
