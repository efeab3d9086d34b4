package checkwrite_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"statusdash/app/auth"
	"statusdash/app/checkwrite"
	"statusdash/app/store"
)

func TestParsePatchAndRole(t *testing.T) {
	tests := []struct {
		name           string
		body           string
		wantDefinition string
		wantRole       auth.Role
		wantMalformed  string
	}{
		{"pause only", `{"paused":true}`, "", auth.RoleOperator, ""},
		{"nothing", `{}`, "", auth.RoleOperator, ""},
		{"null component", `{"component_id":null,"paused":false}`, "", auth.RoleOperator, ""},
		{"move", `{"component_id":2}`, "", auth.RoleAdmin, ""},
		{"pause and reset", `{"paused":true,"quorum":null}`, `{"quorum":null}`, auth.RoleAdmin, ""},
		{"interval", `{"interval_seconds":60}`, `{"interval_seconds":60}`, auth.RoleAdmin, ""},
		{"paused of a wrong type", `{"paused":"yes"}`, "", "", "paused"},
		{"component of a wrong type", `{"component_id":"one"}`, "", "", "component_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var object map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tt.body), &object); err != nil {
				t.Fatal(err)
			}
			patch, err := checkwrite.ParsePatch(object)
			var malformed *checkwrite.MalformedError
			if tt.wantMalformed != "" {
				if !errors.As(err, &malformed) || !strings.Contains(err.Error(), tt.wantMalformed) {
					t.Fatalf("got %v, want a MalformedError naming %s", err, tt.wantMalformed)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePatch: %v", err)
			}
			if got := string(patch.Definition); got != tt.wantDefinition {
				t.Errorf("definition: got %s, want %s", got, tt.wantDefinition)
			}
			if got := checkwrite.RoleFor(patch); got != tt.wantRole {
				t.Errorf("role: got %s, want %s", got, tt.wantRole)
			}
		})
	}
}

func TestParseNew(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantFields string // the ValidationError's fields, "" for a good check
		malformed  bool
	}{
		{"minimal", `{"component_id":1,"kind":"tcp","target":"example.org:443","interval_seconds":30,"paused":true}`, "", false},
		{"no component and a bad interval", `{"kind":"tcp","target":"example.org:443","interval_seconds":3}`, "component_id interval_seconds", false},
		{"unknown field", `{"component_id":1,"kind":"tcp","target":"example.org:443","interval_seconds":30,"colour":"red"}`, "colour", false},
		{"not an object", `[1]`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check, err := checkwrite.ParseNew([]byte(tt.body))
			var malformed *checkwrite.MalformedError
			v, invalid := store.AsValidation(err)
			switch {
			case tt.malformed:
				if !errors.As(err, &malformed) {
					t.Errorf("got %v, want a MalformedError", err)
				}
			case tt.wantFields != "":
				var fields []string
				if invalid {
					for _, f := range strings.Fields(tt.wantFields) {
						if _, ok := v.Fields[f]; ok {
							fields = append(fields, f)
						}
					}
				}
				if got := strings.Join(fields, " "); got != tt.wantFields || len(v.Fields) != len(fields) {
					t.Errorf("got %v, want field errors on %s", err, tt.wantFields)
				}
			case err != nil || check.ComponentID != 1 || !check.Paused || check.Definition.Target != "example.org:443":
				t.Errorf("got %+v (%v), want component 1, paused, the target", check, err)
			}
		})
	}
}
