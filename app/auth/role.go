package auth

import "strings"

// Role is what a signed-in person may do; the zero value may do nothing.
type Role string

const (
	// RoleNone is a signed-in person in neither operator nor admin groups.
	RoleNone Role = ""
	// RoleOperator may open and update events.
	RoleOperator Role = "operator"
	// RoleAdmin may also manage the catalog, see the audit log and manage API tokens.
	RoleAdmin Role = "admin"
)

// Allows reports whether a holder of r may do what needs role need; admins
// may do everything operators may.
func (r Role) Allows(need Role) bool {
	switch need {
	case RoleNone:
		return true
	case RoleOperator:
		return r == RoleOperator || r == RoleAdmin
	case RoleAdmin:
		return r == RoleAdmin
	}
	return false
}

// RoleForGroups maps the groups a provider sent to a role. Group names match
// with or without a leading "/" (Keycloak sends full paths such as "/ops").
func RoleForGroups(groups, operatorGroups, adminGroups []string) Role {
	member := make(map[string]bool, len(groups))
	for _, group := range groups {
		member[normalizeGroup(group)] = true
	}
	inAny := func(wanted []string) bool {
		for _, group := range wanted {
			if name := normalizeGroup(group); name != "" && member[name] {
				return true
			}
		}
		return false
	}
	switch {
	case inAny(adminGroups):
		return RoleAdmin
	case inAny(operatorGroups):
		return RoleOperator
	}
	return RoleNone
}

// GroupsFromClaim reads a groups claim that is a list of strings or a single
// string; anything else gives no groups.
func GroupsFromClaim(claim any) []string {
	switch value := claim.(type) {
	case string:
		if strings.TrimSpace(value) == "" {
			return nil
		}
		return []string{value}
	case []string:
		return value
	case []any:
		groups := make([]string, 0, len(value))
		for _, item := range value {
			if name, ok := item.(string); ok && name != "" {
				groups = append(groups, name)
			}
		}
		return groups
	}
	return nil
}

func normalizeGroup(group string) string {
	return strings.TrimPrefix(strings.TrimSpace(group), "/")
}
