package incident

import (
	"slices"
	"strings"
)

// FieldErrors maps a field name to the message shown next to it. Field
// names are the v2 JSON names: type, title, description, impact,
// components, start_date, end_date, status, message, update_date, text.
type FieldErrors map[string]string

// Add records a message for field, keeping the first one given.
func (f FieldErrors) Add(field, message string) {
	if _, ok := f[field]; !ok {
		f[field] = message
	}
}

// Error lists the messages sorted by field: "impact: ...; title: ...".
func (f FieldErrors) Error() string {
	fields := make([]string, 0, len(f))
	for field := range f {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	parts := make([]string, 0, len(fields))
	for _, field := range fields {
		parts = append(parts, field+": "+f[field])
	}
	return strings.Join(parts, "; ")
}

// Err is nil when there is no error, else f itself.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// First names the alphabetically first field in error and its message, for
// answers that carry one message only.
func (f FieldErrors) First() (field, message string) {
	for candidate := range f {
		if field == "" || candidate < field {
			field = candidate
		}
	}
	return field, f[field]
}
