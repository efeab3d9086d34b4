package typed_test

import (
	"context"
	"strings"
	"testing"

	statusthingv1 "statusdash/app/api/gen/statusthing/v1"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestStatusThing drives the statusthing.v1 services as a StatusThing
// client would: items are components, statuses the fixed vocabulary,
// UpdateItem reports through the component-report rules, notes are updates.
func TestStatusThing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		c := h.clients(protocols[0])
		ctx := context.Background()

		statuses, err := c.status.ListStatus(ctx, request(&statusthingv1.ListStatusRequest{Kinds: []statusthingv1.StatusKind{statusthingv1.StatusKind_STATUS_KIND_WARNING}}, ""))
		if err != nil || len(statuses.Msg.GetStatuses()) != 2 {
			t.Fatalf("warning statuses: %v %v", statuses, err)
		}
		item := func(id string) *statusthingv1.Item {
			t.Helper()
			resp, err := c.items.GetItem(ctx, request(&statusthingv1.GetItemRequest{ItemId: id}, ""))
			if err != nil {
				t.Fatalf("GetItem %s: %v", id, err)
			}
			return resp.Msg.GetItem()
		}
		if got := item("3"); got.GetName() != "Virtual Private Cloud (EU-DE)" || got.GetStatus().GetKind() != statusthingv1.StatusKind_STATUS_KIND_UP {
			t.Errorf("item 3: %v", got)
		}

		// A status change reports the component; the same again is already_exists.
		if _, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "3", StatusId: "outage"}, h.operator)); err != nil {
			t.Fatalf("UpdateItem outage: %v", err)
		}
		if got := item("3"); got.GetStatus().GetKind() != statusthingv1.StatusKind_STATUS_KIND_DOWN || len(got.GetNotes()) != 1 {
			t.Errorf("item 3 after outage: %v", got)
		}
		_, err = c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "3", StatusId: "major"}, h.operator))
		if codeOf(err).String() != "already_exists" {
			t.Errorf("lower report: got %v, want already_exists", err)
		}
		down, err := c.items.ListItems(ctx, request(&statusthingv1.ListItemsRequest{Kinds: []statusthingv1.StatusKind{statusthingv1.StatusKind_STATUS_KIND_DOWN}, Extended: true}, ""))
		if err != nil || len(down.Msg.GetItems()) != 1 || len(down.Msg.GetItems()[0].GetNotes()) != 1 {
			t.Fatalf("down items: %v %v", down, err)
		}
		if _, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "3", Name: "Virtual Private Cloud (EU-DE)", StatusId: "operational"}, h.operator)); err != nil {
			t.Fatalf("UpdateItem operational: %v", err)
		}
		if got := item("3"); got.GetStatus().GetId() != "operational" {
			t.Errorf("item 3 after operational: %v", got)
		}

		// Notes: AddNote posts an info notice; UpdateNote edits its text.
		added, err := c.notes.AddNote(ctx, request(&statusthingv1.AddNoteRequest{ItemId: "1", NoteText: "Firmware rollout tonight"}, h.operator))
		if err != nil {
			t.Fatalf("AddNote: %v", err)
		}
		note := added.Msg.GetNote()
		if _, err := c.notes.UpdateNote(ctx, request(&statusthingv1.UpdateNoteRequest{NoteId: note.GetId(), NoteText: "Firmware rollout tomorrow"}, h.operator)); err != nil {
			t.Fatalf("UpdateNote: %v", err)
		}
		got, err := c.notes.GetNote(ctx, request(&statusthingv1.GetNoteRequest{NoteId: note.GetId()}, ""))
		if err != nil || got.Msg.GetNote().GetText() != "Firmware rollout tomorrow" {
			t.Errorf("GetNote: %v %v", got, err)
		}
		notes, err := c.notes.ListNotes(ctx, request(&statusthingv1.ListNotesRequest{ItemId: "1"}, ""))
		if err != nil || len(notes.Msg.GetNotes()) != 1 {
			t.Errorf("ListNotes: %v %v", notes, err)
		}

		tests := []struct {
			name, code, says string
			call             func() error
		}{
			{"add status", "failed_precondition", "fixed vocabulary", func() error {
				_, err := c.status.AddStatus(ctx, request(&statusthingv1.AddStatusRequest{Name: "Meh"}, h.operator))
				return err
			}},
			{"delete status", "failed_precondition", "fixed vocabulary", func() error {
				_, err := c.status.DeleteStatus(ctx, request(&statusthingv1.DeleteStatusRequest{StatusId: "minor"}, h.operator))
				return err
			}},
			{"delete item", "failed_precondition", "components", func() error {
				_, err := c.items.DeleteItem(ctx, request(&statusthingv1.DeleteItemRequest{ItemId: "1"}, h.operator))
				return err
			}},
			{"delete note", "failed_precondition", "append-only", func() error {
				_, err := c.notes.DeleteNote(ctx, request(&statusthingv1.DeleteNoteRequest{NoteId: note.GetId()}, h.operator))
				return err
			}},
			{"maintenance status", "failed_precondition", "CreateEvent", func() error {
				_, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "1", StatusId: "maintenance"}, h.operator))
				return err
			}},
			{"rename", "failed_precondition", "catalog", func() error {
				_, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "1", Name: "ECS", StatusId: "minor"}, h.operator))
				return err
			}},
			{"unknown status", "invalid_argument", "status_id:", func() error {
				_, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "1", StatusId: "purple"}, h.operator))
				return err
			}},
			{"unknown item", "not_found", "item", func() error {
				_, err := c.items.GetItem(ctx, request(&statusthingv1.GetItemRequest{ItemId: "x"}, ""))
				return err
			}},
			{"bad note id", "invalid_argument", "note_id:", func() error {
				_, err := c.notes.GetNote(ctx, request(&statusthingv1.GetNoteRequest{NoteId: "7"}, ""))
				return err
			}},
			{"update without credential", "unauthenticated", "Bearer", func() error {
				_, err := c.items.UpdateItem(ctx, request(&statusthingv1.UpdateItemRequest{ItemId: "1", StatusId: "minor"}, ""))
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				if codeOf(err).String() != tt.code || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("got %v, want %s saying %q", err, tt.code, tt.says)
				}
			})
		}
	})
}
