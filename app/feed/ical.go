package feed

import (
	"fmt"
	"net/url"
	"strings"

	ics "github.com/arran4/golang-ical"

	"statusdash/app/model"
)

// ICal builds an iCalendar (RFC 5545) VCALENDAR with one VEVENT per
// maintenance event; other event types are skipped. UIDs are stable
// ("event-<id>@<host of the event link>"), times are UTC, lines end in CRLF
// and are folded at 75 octets. DTSTAMP and LAST-MODIFIED are the event's last
// revision (not the time of the request), so the same data always gives the
// same bytes and calendar clients see a change only when there is one.
func (b *Builder) ICal(ch Channel, events []*model.Event, links Links) ([]byte, error) {
	cal := ics.NewCalendarFor("statusdash//statusdash//EN")
	cal.SetProductId("-//statusdash//statusdash//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(oneLine(ch.Title))
	if ch.Description != "" {
		cal.SetXWRCalDesc(oneLine(ch.Description))
	}
	for _, event := range events {
		if event.Type != model.TypeMaintenance {
			continue
		}
		link := links(event.ID)
		vevent := cal.AddEvent(uid(event.ID, link))
		changed := revised(event)
		vevent.SetDtStampTime(changed)
		vevent.SetLastModifiedAt(changed)
		vevent.SetSequence(len(event.Updates))
		vevent.SetStartAt(event.StartAt)
		if event.EndAt != nil {
			vevent.SetEndAt(*event.EndAt)
		}
		vevent.SetSummary(oneLine(event.Title))
		if description := b.icalDescription(event); description != "" {
			vevent.SetDescription(description)
		}
		vevent.SetURL(link)
		if event.Status == model.StatusCancelled {
			vevent.SetStatus(ics.ObjectStatusCancelled)
		} else {
			vevent.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	var out strings.Builder
	if err := cal.SerializeTo(&out, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("feed: ical: %w", err)
	}
	return []byte(out.String()), nil
}

// uid is stable for an event across requests and hosts' feeds alike.
func uid(id uint, link string) string {
	host := "statusdash"
	if u, err := url.Parse(link); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("event-%d@%s", id, host)
}

// icalDescription is plain text: the description, the affected components
// and the latest status.
func (b *Builder) icalDescription(event *model.Event) string {
	var parts []string
	if text := b.markdown.Text(event.Description); text != "" {
		parts = append(parts, text)
	}
	if affected := affected(event); affected != "" {
		parts = append(parts, "Affected: "+affected)
	}
	if n := len(event.Updates); n > 0 {
		latest := event.Updates[n-1]
		line := "Latest update (" + stamp(latest.At) + "): " + model.StatusLabel(latest.Status)
		if text := b.markdown.Text(latest.Text); text != "" {
			line += " - " + text
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "\n\n")
}

// oneLine keeps a property value on one logical line: a bare CR would end it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
