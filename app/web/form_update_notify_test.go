package web

import (
	"net/url"
	"testing"
)

func TestUpdateFormNotifyBox(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values url.Values
		quiet  bool
	}{
		{"box checked", url.Values{"notify": {"off", "on"}}, false},
		{"box unchecked", url.Values{"notify": {"off"}}, true},
		{"no box (an older page)", url.Values{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseUpdateForm(tt.values).Quiet; got != tt.quiet {
				t.Errorf("got quiet %v, want %v", got, tt.quiet)
			}
		})
	}
}
