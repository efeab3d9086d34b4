package stackmon_test

import (
	"net/http"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestControlCharactersInTextsAreRefused: the text rule of package incident
// holds for v1 titles and v2 texts as for the forms.
func TestControlCharactersInTextsAreRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		before := len(h.auditActors())
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, `{"name":"Elastic Cloud Server","impact":1,"text":"bell \u0007","attributes":[{"name":"region","value":"EU-DE"}]}`).expect(t, 400,
			`{"message":"text: may not contain the control character U+0007"}`)
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"esc \u001b[31m","impact":1,"components":[1],"start_date":"2026-05-20T11:00:00Z"}`).expect(t, 400,
			`{"errMsg":"title: may not contain the control character U+001B"}`)
		if actors := h.auditActors(); len(actors) != before {
			t.Errorf("refused texts wrote: %v after %d rows", actors, before)
		}
	})
}

// TestResolveAtTheStartAsShown: an incident a report opened at a time with
// sub-second precision is resolved by a client at its start_date as the API
// shows it (to the second): 200, and it ends at its start.
func TestResolveAtTheStartAsShown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.advance(500 * time.Millisecond)
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 2, "Disk")).expect(t, http.StatusCreated, "")
		var shown struct {
			StartDate string `json:"start_date"`
		}
		h.do(http.MethodGet, "/v2/events/1", "", "").decode(t, &shown)
		if shown.StartDate != "2026-05-20T12:00:00Z" {
			t.Fatalf("start_date = %q, want 2026-05-20T12:00:00Z", shown.StartDate)
		}
		resolved := h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"fixed","status":"resolved","update_date":"`+shown.StartDate+`"}`)
		resolved.expect(t, http.StatusOK, "")
		e, err := s.ReadEvent(t.Context(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if e.EndAt == nil || e.EndAt.Before(e.StartAt) {
			t.Errorf("resolved incident: start %v, end %v, want an end not before the start", e.StartAt, e.EndAt)
		}
	})
}
