package typed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestEventLifecycle opens, updates, raises, extracts from and resolves an
// incident through EventService, reads it back with the v2 filters, and
// checks the audit rows name the credential.
func TestEventLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		c := h.clients(protocols[0])
		ctx := context.Background()
		at := func(minutes int) *timestamppb.Timestamp {
			return timestamppb.New(start.Add(time.Duration(minutes) * time.Minute))
		}

		// The component list is kept encoded per data version: read it (gRPC and
		// JSON) before the writes, then after them below.
		before, err := c.catalog.ListComponents(ctx, request(&statusdashv1.ListComponentsRequest{}, ""))
		if err != nil || before.Msg.GetComponents()[0].GetStatus() != statusdashv1.ComponentStatus_COMPONENT_STATUS_OPERATIONAL {
			t.Fatalf("component 1 before the incident: %v %v", before, err)
		}
		if _, body := post(t, h, "/statusdash.v1.CatalogService/ListComponents", "application/json", "", "{}"); strings.Contains(body, "OUTAGE") {
			t.Fatalf("JSON list before the incident: %s", body)
		}
		created, err := c.events.CreateEvent(ctx, request(&statusdashv1.CreateEventRequest{Title: "Slow disks", Impact: statusdashv1.Impact_IMPACT_MINOR,
			ComponentIds: []uint32{1, 2}, StartTime: at(-30)}, h.operator))
		if err != nil {
			t.Fatalf("CreateEvent: %v", err)
		}
		id := created.Msg.GetResults()[0].GetEventId()
		if _, err := c.events.PostEventUpdate(ctx, request(&statusdashv1.PostEventUpdateRequest{EventId: id, Status: "analysing", Message: "Looking", UpdateTime: at(-20)}, h.operator)); err != nil {
			t.Fatalf("PostEventUpdate: %v", err)
		}
		raised, err := c.events.ChangeEventImpact(ctx, request(&statusdashv1.ChangeEventImpactRequest{EventId: id, Impact: statusdashv1.Impact_IMPACT_MAJOR, Message: "Worse", UpdateTime: at(-10)}, h.operator))
		if err != nil || raised.Msg.GetEvent().GetImpact() != statusdashv1.Impact_IMPACT_MAJOR {
			t.Fatalf("ChangeEventImpact: %v %v", raised, err)
		}
		extracted, err := c.events.ExtractComponents(ctx, request(&statusdashv1.ExtractComponentsRequest{EventId: id, ComponentIds: []uint32{2}}, h.operator))
		if err != nil || len(extracted.Msg.GetEvent().GetComponentIds()) != 1 || extracted.Msg.GetEvent().GetComponentIds()[0] != 2 {
			t.Fatalf("ExtractComponents: %v %v", extracted, err)
		}
		components, err := c.catalog.ListComponents(ctx, request(&statusdashv1.ListComponentsRequest{}, ""))
		if err != nil {
			t.Fatal(err)
		}
		if got := components.Msg.GetComponents()[0]; got.GetStatus() != statusdashv1.ComponentStatus_COMPONENT_STATUS_PARTIAL_OUTAGE || got.GetCauseEventId() != id {
			t.Errorf("component 1 while in the incident: %v", got)
		}
		if _, body := post(t, h, "/statusdash.v1.CatalogService/ListComponents", "application/json", "", "{}"); !strings.Contains(body, "COMPONENT_STATUS_PARTIAL_OUTAGE") {
			t.Errorf("JSON list while in the incident: %s", body)
		}
		resolved, err := c.events.ResolveEvent(ctx, request(&statusdashv1.ResolveEventRequest{EventId: id, Message: "Fixed", UpdateTime: at(0)}, h.operator))
		if err != nil || resolved.Msg.GetEvent().GetEndTime() == nil || resolved.Msg.GetEvent().GetStatus() != "resolved" {
			t.Fatalf("ResolveEvent: %v %v", resolved, err)
		}

		list := func(req *statusdashv1.ListEventsRequest) []uint32 {
			t.Helper()
			resp, err := c.events.ListEvents(ctx, request(req, ""))
			if err != nil {
				t.Fatalf("ListEvents %v: %v", req, err)
			}
			var ids []uint32
			for _, e := range resp.Msg.GetEvents() {
				ids = append(ids, e.GetId())
			}
			return ids
		}
		if got := list(&statusdashv1.ListEventsRequest{Active: true}); len(got) != 1 || got[0] == id {
			t.Errorf("active events: %v, want only the extracted one", got)
		}
		if got := list(&statusdashv1.ListEventsRequest{ComponentIds: []uint32{1}}); len(got) != 1 || got[0] != id {
			t.Errorf("events of component 1: %v, want [%d]", got, id)
		}
		if got := list(&statusdashv1.ListEventsRequest{Types: []statusdashv1.EventType{statusdashv1.EventType_EVENT_TYPE_MAINTENANCE}}); len(got) != 0 {
			t.Errorf("maintenance: %v, want none", got)
		}
		got, err := c.events.GetEvent(ctx, request(&statusdashv1.GetEventRequest{Id: id}, ""))
		if err != nil || len(got.Msg.GetEvent().GetUpdates()) < 4 {
			t.Fatalf("GetEvent: %v %v", got, err)
		}
		entries, _, err := s.AuditEntries(ctx, 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		audited := 0
		for _, entry := range entries {
			if strings.Contains(entry.Actor, "ops-script") {
				audited++
			}
		}
		if audited < 5 {
			t.Errorf("%d audit rows name the token, want at least 5", audited)
		}

		// Bad input names the field; a closed incident refuses another resolve.
		tests := []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"no impact", func() error {
				_, err := c.events.CreateEvent(ctx, request(&statusdashv1.CreateEventRequest{Title: "x", ComponentIds: []uint32{1}, StartTime: at(0)}, h.operator))
				return err
			}, "invalid_argument", "impact:"},
			{"future incident", func() error {
				_, err := c.events.CreateEvent(ctx, request(&statusdashv1.CreateEventRequest{Title: "x", Impact: statusdashv1.Impact_IMPACT_MINOR, ComponentIds: []uint32{1}, StartTime: at(600)}, h.operator))
				return err
			}, "invalid_argument", "start_time:"},
			{"unknown component", func() error {
				_, err := c.events.CreateEvent(ctx, request(&statusdashv1.CreateEventRequest{Title: "x", Impact: statusdashv1.Impact_IMPACT_MINOR, ComponentIds: []uint32{99}, StartTime: at(0)}, h.operator))
				return err
			}, "invalid_argument", "component_ids:"},
			{"unknown event", func() error {
				_, err := c.events.ResolveEvent(ctx, request(&statusdashv1.ResolveEventRequest{EventId: 99, Message: "x"}, h.operator))
				return err
			}, "not_found", "event 99"},
			{"bad limit", func() error {
				_, err := c.events.ListEvents(ctx, request(&statusdashv1.ListEventsRequest{Limit: 7}, ""))
				return err
			}, "invalid_argument", "limit:"},
			{"closed incident", func() error {
				_, err := c.events.ResolveEvent(ctx, request(&statusdashv1.ResolveEventRequest{EventId: id, Message: "again"}, h.operator))
				return err
			}, "invalid_argument", "status:"},
			{"no credential", func() error {
				_, err := c.events.ResolveEvent(ctx, request(&statusdashv1.ResolveEventRequest{EventId: id, Message: "x"}, ""))
				return err
			}, "unauthenticated", "Bearer"},
			{"checks need a credential", func() error {
				_, err := c.checks.ListChecks(ctx, request(&statusdashv1.ListChecksRequest{}, ""))
				return err
			}, "unauthenticated", "Bearer"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				if codeOf(err).String() != tt.code || !strings.Contains(err.Error(), tt.field) {
					t.Errorf("got %v, want %s naming %s", err, tt.code, tt.field)
				}
			})
		}
		checks, err := c.checks.ListChecks(ctx, request(&statusdashv1.ListChecksRequest{}, h.operator))
		if err != nil || len(checks.Msg.GetChecks()) != 0 {
			t.Errorf("ListChecks: %v %v", checks, err)
		}
		availability, err := c.avail.GetAvailability(ctx, request(&statusdashv1.GetAvailabilityRequest{}, ""))
		if err != nil || len(availability.Msg.GetComponents()) != 4 {
			t.Errorf("GetAvailability: %v %v", availability, err)
		}
	})
}
