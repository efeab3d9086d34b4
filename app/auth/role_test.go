package auth

import (
	"slices"
	"testing"
)

func TestRoleForGroups(t *testing.T) {
	operators := []string{"ops", "/sre"}
	admins := []string{"status-admins"}
	tests := []struct {
		name   string
		groups []string
		want   Role
	}{
		{"no groups", nil, RoleNone},
		{"unrelated groups", []string{"marketing", "/design"}, RoleNone},
		{"operator plain", []string{"ops"}, RoleOperator},
		{"operator keycloak path", []string{"/ops"}, RoleOperator},
		{"configured with slash, sent without", []string{"sre"}, RoleOperator},
		{"admin", []string{"/status-admins"}, RoleAdmin},
		{"admin wins over operator", []string{"ops", "status-admins"}, RoleAdmin},
		{"nested keycloak path is not the group", []string{"/parent/ops"}, RoleNone},
		{"case matters", []string{"OPS"}, RoleNone},
		{"empty names never match", []string{"", "/"}, RoleNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RoleForGroups(tt.groups, operators, admins); got != tt.want {
				t.Errorf("RoleForGroups(%q) = %q, want %q", tt.groups, got, tt.want)
			}
		})
	}
	if got := RoleForGroups([]string{""}, []string{""}, nil); got != RoleNone {
		t.Errorf("an empty configured group matched an empty claim: got %q", got)
	}
}

func TestGroupsFromClaim(t *testing.T) {
	tests := []struct {
		name  string
		claim any
		want  []string
	}{
		{"missing", nil, nil},
		{"single string", "/ops", []string{"/ops"}},
		{"blank string", "  ", nil},
		{"json list", []any{"ops", "/admins", 3, ""}, []string{"ops", "/admins"}},
		{"string slice", []string{"a"}, []string{"a"}},
		{"number", 42.0, nil},
		{"object", map[string]any{"ops": true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GroupsFromClaim(tt.claim)
			if !slices.Equal(got, tt.want) {
				t.Errorf("GroupsFromClaim(%#v) = %q, want %q", tt.claim, got, tt.want)
			}
		})
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{RoleNone, RoleNone, true},
		{RoleNone, RoleOperator, false},
		{RoleNone, RoleAdmin, false},
		{RoleOperator, RoleOperator, true},
		{RoleOperator, RoleAdmin, false},
		{RoleAdmin, RoleOperator, true},
		{RoleAdmin, RoleAdmin, true},
		{Role("superuser"), RoleOperator, false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("Role(%q).Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}
