package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// streamFixture stores 11 events over 4 components, several starting at
// the same instant (the id decides their order) and some in several
// components, each with updates; component 4 has none.
func streamFixture(t *testing.T, s *store.Storage) {
	t.Helper()
	b := rows(t, s)
	catalog := b.Catalog(2, 1, 2)
	c := catalog.Components
	start := readNow.Add(-72 * time.Hour)
	for i := range 11 {
		at := start.Add(time.Duration(i/3) * time.Hour) // three events an hour
		components := []*model.Component{c[i%3]}
		if i%4 == 0 {
			components = append(components, c[(i+1)%3])
		}
		e := b.Event(model.Event{Type: model.TypeIncident, Title: fmt.Sprintf("event %d", i), Impact: model.ImpactMinor,
			Status: model.StatusResolved, StartAt: at, EndAt: ptr(at.Add(time.Hour))}, components...)
		for u := range i % 3 {
			b.Update(e, model.StatusAnalysing, fmt.Sprintf("update %d", u), at.Add(time.Duration(u)*time.Minute))
		}
	}
}

// TestStreamEventsInChunks: the chunks hold at most the size asked and
// together list every event, with its updates, in APIEvents' order.
func TestStreamEventsInChunks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		streamFixture(t, s)
		ctx := context.Background()
		want, _, err := s.APIEvents(ctx, store.APIEventFilter{}, readNow)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 2, 3, 11, 12, store.StreamChunk} {
			var got []*model.Event
			chunks := 0
			err := s.StreamEvents(ctx, size, func(chunk []*model.Event) error {
				chunks++
				if len(chunk) > size {
					t.Errorf("size %d: a chunk of %d events", size, len(chunk))
				}
				got = append(got, chunk...)
				return nil
			})
			if err != nil {
				t.Fatalf("size %d: StreamEvents: %v", size, err)
			}
			if wantChunks := (len(want) + size - 1) / size; chunks != wantChunks {
				t.Errorf("size %d: %d chunks, want %d", size, chunks, wantChunks)
			}
			if a, b := eventSummaries(got), eventSummaries(want); !slices.Equal(a, b) {
				t.Errorf("size %d: streamed\n%v\nwant\n%v", size, a, b)
			}
		}
	})
}

// TestStreamComponentEventsInChunks: under each component in id order, its
// events oldest first, in chunks of at most the size asked.
func TestStreamComponentEventsInChunks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		streamFixture(t, s)
		ctx := context.Background()
		events, _, err := s.APIEvents(ctx, store.APIEventFilter{}, readNow)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		components, err := s.ComponentsWithServiceRegion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, component := range components {
			for i := len(events) - 1; i >= 0; i-- { // APIEvents is newest first
				if slices.ContainsFunc(events[i].Components, func(c model.Component) bool { return c.ID == component.ID }) {
					want = append(want, fmt.Sprintf("%d:%s", component.ID, eventSummary(events[i])))
				}
			}
		}
		for _, size := range []int{1, 2, 5, len(want), store.StreamChunk} {
			var got []string
			err := s.StreamComponentEvents(ctx, nil, size, func(chunk []store.ComponentEvent) error {
				if len(chunk) > size {
					t.Errorf("size %d: a chunk of %d events", size, len(chunk))
				}
				for _, pair := range chunk {
					got = append(got, fmt.Sprintf("%d:%s", pair.ComponentID, eventSummary(pair.Event)))
				}
				return nil
			})
			if err != nil {
				t.Fatalf("size %d: StreamComponentEvents: %v", size, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("size %d: streamed\n%v\nwant\n%v", size, got, want)
			}
		}
		// Asked for components 1 and 3, it lists theirs alone.
		var kept, got []string
		for _, pair := range want {
			if strings.HasPrefix(pair, "1:") || strings.HasPrefix(pair, "3:") {
				kept = append(kept, pair)
			}
		}
		err = s.StreamComponentEvents(ctx, []uint{1, 3}, 2, func(chunk []store.ComponentEvent) error {
			for _, pair := range chunk {
				got = append(got, fmt.Sprintf("%d:%s", pair.ComponentID, eventSummary(pair.Event)))
			}
			return nil
		})
		if err != nil || !slices.Equal(got, kept) {
			t.Errorf("components 1 and 3: streamed %v, %v\nwant\n%v", got, err, kept)
		}
	})
}

// TestStreamStopsAtTheYieldError: a caller that fails (its client gone)
// ends the read there.
func TestStreamStopsAtTheYieldError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		streamFixture(t, s)
		stop := fmt.Errorf("client gone")
		calls := 0
		err := s.StreamEvents(context.Background(), 2, func([]*model.Event) error { calls++; return stop })
		if err != stop || calls != 1 {
			t.Errorf("StreamEvents = %v after %d chunks, want %v after 1", err, calls, stop)
		}
	})
}

func eventSummaries(events []*model.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = eventSummary(e)
	}
	return out
}

// eventSummary names the event and its updates in order.
func eventSummary(e *model.Event) string {
	out := fmt.Sprintf("%d %s", e.ID, e.Title)
	for _, u := range e.Updates {
		out += fmt.Sprintf(" [%s %s %s]", u.Status, u.Text, u.At.UTC().Format(time.RFC3339))
	}
	return out
}

// TestStreamReadsLookUpUpdatesByIndex: a chunk's updates are looked up by
// the index on event_id, not read by a scan of every update (once per
// chunk, which grows with the history).
func TestStreamReadsLookUpUpdatesByIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(time.Now().UTC(), 1000), time.Now()); err != nil {
			t.Fatalf("provision: %v", err)
		}
		plans, err := store.ExplainStreamReadsForTest(ctx, s, 50)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		for i, plan := range plans {
			if strings.Contains(plan, "Seq Scan on event_updates") || strings.Contains(plan, "SCAN u\n") {
				t.Errorf("read %d scans every update:\n%s", i, plan)
			}
			if !strings.Contains(plan, "event_updates_event_id_idx") {
				t.Errorf("read %d does not use event_updates_event_id_idx:\n%s", i, plan)
			}
		}
	})
}
