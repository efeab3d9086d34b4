package bootstrap

import (
	"errors"
	"slices"
	"testing"
)

// TestParseRefusesUnstorableText: a catalog's strings follow the same text
// rule as the forms and the API (no NUL, no control characters), each
// problem with its path and line.
func TestParseRefusesUnstorableText(t *testing.T) {
	catalog := `categories:
- name: "Compute\u001b"
regions:
- name: EU-DE
services:
- name: ECS
  category: compute
  regions: [EU-DE]
events:
- type: incident
  title: "Slow\u0000"
  impact: 1
  start: -1h
  components: [{service: ecs, region: EU-DE}]
  updates:
  - {status: detected, text: "We look\u0007", at: -1h}
`
	_, err := Parse([]byte(catalog), testNow)
	var invalid *ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("Parse: %v, want a ValidationError", err)
	}
	var got []string
	for _, problem := range invalid.Problems {
		got = append(got, problem.String())
	}
	for _, want := range []string{
		"categories[0].name: may not contain the control character U+001B (line 2)",
		`events[0].title: may not contain the NUL character (\u0000) (line 11)`,
		"events[0].updates[0].text: may not contain the control character U+0007 (line 16)",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
}
