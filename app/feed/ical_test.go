package feed

import (
	"strings"
	"testing"
)

// unfold joins folded iCalendar lines (RFC 5545 3.1) and splits on CRLF.
func unfold(t *testing.T, out []byte) []string {
	t.Helper()
	text := string(out)
	if !strings.HasSuffix(text, "\r\n") {
		t.Errorf("iCal output does not end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	var lines []string
	for i, line := range raw {
		if strings.Contains(line, "\n") || strings.Contains(line, "\r") {
			t.Errorf("line %d %q has a bare LF or CR", i, line)
		}
		if n := len(line); n > 75 {
			t.Errorf("line %d is %d octets, want at most 75: %q", i, n, line)
		}
		if strings.HasPrefix(line, " ") && len(lines) > 0 {
			lines[len(lines)-1] += line[1:]
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// vevents returns the properties of each VEVENT, by name (parameters cut off).
func vevents(lines []string) []map[string]string {
	var events []map[string]string
	var current map[string]string
	for _, line := range lines {
		switch line {
		case "BEGIN:VEVENT":
			current = map[string]string{}
			continue
		case "END:VEVENT":
			events = append(events, current)
			current = nil
			continue
		}
		if current == nil {
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		name, _, _ = strings.Cut(name, ";")
		current[name] = value
	}
	return events
}

func TestICal(t *testing.T) {
	events := testEvents(t)
	out, err := testBuilder().ICal(testChannel(), events, testLinks)
	if err != nil {
		t.Fatalf("ICal: %v", err)
	}
	lines := unfold(t, out)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("calendar starts %q and ends %q", lines[0], lines[len(lines)-1])
	}
	for _, want := range []string{"VERSION:2.0", "PRODID:-//statusdash//statusdash//EN", "METHOD:PUBLISH"} {
		if !contains(lines, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
	got := vevents(lines)
	if len(got) != 2 {
		t.Fatalf("got %d VEVENTs, want 2 (maintenance only)", len(got))
	}
	tests := []struct {
		name string
		want map[string]string
	}{
		{"planned window", map[string]string{
			"UID":     "event-9@status.example.com",
			"DTSTAMP": "20261122T130000Z",
			"DTSTART": "20261123T120000Z",
			"DTEND":   "20261123T140000Z",
			"SUMMARY": `Database upgrade\, phase 1\; all regions`,
			"URL":     "https://status.example.com/incidents/9",
			"STATUS":  "CONFIRMED",
		}},
		{"cancelled window", map[string]string{
			"UID":     "event-10@status.example.com",
			"DTSTART": "20261124T120000Z",
			"STATUS":  "CANCELLED",
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, required := range []string{"UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "STATUS"} {
				if _, ok := got[i][required]; !ok {
					t.Errorf("VEVENT lacks %s", required)
				}
			}
			for name, want := range tt.want {
				if got[i][name] != want {
					t.Errorf("%s = %q, want %q", name, got[i][name], want)
				}
			}
			for _, name := range []string{"DTSTAMP", "DTSTART", "DTEND"} {
				if v, ok := got[i][name]; ok && !strings.HasSuffix(v, "Z") {
					t.Errorf("%s = %q, want UTC (trailing Z)", name, v)
				}
			}
		})
	}
	description := got[0]["DESCRIPTION"]
	for _, want := range []string{"Upgrade of the RDS fleet", `Straße\, 東京 and émoji 🚀`, `\n\nAffected: Elastic Cloud Server (EU-DE)`, "Planned - Scheduled."} {
		if !strings.Contains(description, want) {
			t.Errorf("DESCRIPTION = %q, want it to contain %q", description, want)
		}
	}
}

func TestICalStableOutput(t *testing.T) {
	b := testBuilder()
	first, err := b.ICal(testChannel(), testEvents(t), testLinks)
	if err != nil {
		t.Fatalf("ICal: %v", err)
	}
	second, err := b.ICal(testChannel(), testEvents(t), testLinks)
	if err != nil {
		t.Fatalf("ICal: %v", err)
	}
	if string(first) != string(second) {
		t.Errorf("the same events gave different calendars")
	}
}

func TestICalFoldsLongSummary(t *testing.T) {
	events := testEvents(t)[1:2]
	events[0].Title = strings.Repeat("Wartungsfenster für Datenbanken ö 🚀 ", 8)
	out, err := testBuilder().ICal(testChannel(), events, testLinks)
	if err != nil {
		t.Fatalf("ICal: %v", err)
	}
	got := vevents(unfold(t, out))
	if want := strings.TrimSpace(events[0].Title); got[0]["SUMMARY"] != want {
		t.Errorf("unfolded SUMMARY = %q, want %q", got[0]["SUMMARY"], want)
	}
}

func contains(lines []string, want string) bool {
	for _, line := range lines {
		if line == want {
			return true
		}
	}
	return false
}
