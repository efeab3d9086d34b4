package typed

import (
	"context"
	"strconv"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	statusthingv1 "statusdash/app/api/gen/statusthing/v1"
	"statusdash/app/api/gen/statusthing/v1/statusthingv1connect"
	"statusdash/app/auth"
	"statusdash/app/model"
	"statusdash/app/store"
)

// notesPerItem bounds an item's notes: the updates of its newest events.
const notesPerItem = 50

// noteTitle is the title of the info notice AddNote posts.
const noteTitle = "Note"

// notesService is statusthing.v1.NotesService: a note is an update of an
// event touching the item; its id is "<event id>.<update index>".
type notesService struct{ *API }

var _ statusthingv1connect.NotesServiceHandler = notesService{}

// noteID names an update as a note.
func noteID(eventID uint, index int) string {
	return strconv.FormatUint(uint64(eventID), 10) + "." + strconv.Itoa(index)
}

// parseNoteID reads "<event id>.<update index>".
func parseNoteID(raw string) (eventID uint, index int, err error) {
	if raw == "" {
		return 0, 0, invalid("note_id", "is required")
	}
	event, update, ok := strings.Cut(raw, ".")
	id, errID := strconv.ParseUint(event, 10, 32)
	i, errIndex := strconv.ParseUint(update, 10, 31)
	if !ok || errID != nil || errIndex != nil || id == 0 {
		return 0, 0, invalid("note_id", "must be <event id>.<update index>, got %q", truncate(raw))
	}
	return uint(id), int(i), nil
}

// noteOf is one update as a note.
func noteOf(e *model.Event, index int) *statusthingv1.Note {
	u := e.Updates[index]
	return &statusthingv1.Note{Id: noteID(e.ID, index), Text: u.Text,
		Timestamps: &statusthingv1.Timestamps{Created: timestamppb.New(u.At), Updated: timestamppb.New(u.UpdatedAt)}}
}

// notesOf lists the updates of the newest events touching the component,
// newest event first, each event's updates oldest first.
func (a *API) notesOf(ctx context.Context, componentID uint) ([]*statusthingv1.Note, error) {
	events, _, err := a.store.APIEvents(ctx, store.APIEventFilter{ComponentIDs: []uint{componentID}, Page: 1, PerPage: notesPerItem}, a.now())
	if err != nil {
		return nil, err
	}
	notes := []*statusthingv1.Note{}
	for _, e := range events {
		for i := range e.Updates {
			notes = append(notes, noteOf(e, i))
		}
	}
	return notes, nil
}

func (s notesService) GetNote(ctx context.Context, req *connect.Request[statusthingv1.GetNoteRequest]) (*connect.Response[statusthingv1.GetNoteResponse], error) {
	eventID, index, err := parseNoteID(req.Msg.GetNoteId())
	if err != nil {
		return nil, err
	}
	e, err := s.event(ctx, "note_id", uint32(eventID))
	if err != nil {
		return nil, err
	}
	if index >= len(e.Updates) {
		return nil, notFound("note %q does not exist: event %d has %d updates", req.Msg.GetNoteId(), eventID, len(e.Updates))
	}
	return connect.NewResponse(&statusthingv1.GetNoteResponse{Note: noteOf(e, index)}), nil
}

func (s notesService) ListNotes(ctx context.Context, req *connect.Request[statusthingv1.ListNotesRequest]) (*connect.Response[statusthingv1.ListNotesResponse], error) {
	item, err := itemsService(s).item(ctx, req.Msg.GetItemId())
	if err != nil {
		return nil, err
	}
	id, _ := strconv.ParseUint(item.Id, 10, 32)
	notes, err := s.notesOf(ctx, uint(id))
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusthingv1.ListNotesResponse{Notes: notes}), nil
}

// AddNote posts an info notice on the item, starting now, whose first
// update is the note.
func (s notesService) AddNote(ctx context.Context, req *connect.Request[statusthingv1.AddNoteRequest]) (*connect.Response[statusthingv1.AddNoteResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleOperator, true)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Msg.GetNoteText()) == "" {
		return nil, invalid("note_text", "is required")
	}
	item, err := itemsService(s).item(ctx, req.Msg.GetItemId())
	if err != nil {
		return nil, err
	}
	id, _ := strconv.ParseUint(item.Id, 10, 32)
	created, err := s.store.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeInfo, Title: noteTitle, Description: req.Msg.GetNoteText(),
		Impact: model.ImpactMaintenance, ComponentIDs: []uint{uint(id)}, StartAt: s.now(), Message: req.Msg.GetNoteText()}, s.now())
	if err != nil {
		return nil, notesField(err)
	}
	if len(created.Updates) == 0 {
		if created, err = s.store.ReadEvent(ctx, created.ID); err != nil {
			return nil, err
		}
	}
	return connect.NewResponse(&statusthingv1.AddNoteResponse{Note: noteOf(created, 0)}), nil
}

// UpdateNote edits the update's text, as PATCH /v2/events/{id}/updates/{index}.
func (s notesService) UpdateNote(ctx context.Context, req *connect.Request[statusthingv1.UpdateNoteRequest]) (*connect.Response[statusthingv1.UpdateNoteResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleOperator, true)
	if err != nil {
		return nil, err
	}
	eventID, index, err := parseNoteID(req.Msg.GetNoteId())
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Msg.GetNoteText()) == "" {
		return nil, invalid("note_text", "is required")
	}
	if _, err := s.store.EditUpdateText(ctx, actor, eventID, index, req.Msg.GetNoteText(), s.now()); err != nil {
		return nil, notesField(err)
	}
	return connect.NewResponse(&statusthingv1.UpdateNoteResponse{}), nil
}

func (s notesService) DeleteNote(context.Context, *connect.Request[statusthingv1.DeleteNoteRequest]) (*connect.Response[statusthingv1.DeleteNoteResponse], error) {
	return nil, preconditionFailed("notes are updates of an event's status history, which is append-only: correct one with UpdateNote instead")
}

// notesField names note_text where the store names the update's text.
func notesField(err error) error {
	if v, ok := store.AsValidation(err); ok {
		for _, field := range []string{"text", "message", "description"} {
			if message, ok := v.Fields[field]; ok {
				return invalid("note_text", "%s", message)
			}
		}
	}
	return err
}
