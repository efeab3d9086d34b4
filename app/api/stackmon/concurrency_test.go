package stackmon_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestConcurrentV1Reports fires 50 v1 POSTs at once for five components,
// on each database: each component must end in exactly one open incident,
// of the highest impact reported for it.
func TestConcurrentV1Reports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, testConcurrentV1Reports)
}

func testConcurrentV1Reports(t *testing.T, s *store.Storage) {
	h := newHarness(t, s, nil, nil)
	components := []struct{ name, region string }{
		{"Elastic Cloud Server", "EU-DE"}, {"Elastic Cloud Server", "EU-NL"},
		{"Virtual Private Cloud", "EU-DE"}, {"Virtual Private Cloud", "EU-NL"}, {"Object Storage Service", "EU-DE"},
	}
	highest := map[uint]model.Impact{}
	type request struct {
		component uint
		impact    int
	}
	var requests []request
	for i := range 50 {
		c := i % len(components)
		impact := 1 + (i*7+c)%3
		requests = append(requests, request{uint(c + 1), impact})
		highest[uint(c+1)] = max(highest[uint(c+1)], model.Impact(impact))
	}
	statuses := make([]int, len(requests))
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for i, r := range requests {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			c := components[r.component-1]
			body := report(c.name, c.region, r.impact, fmt.Sprintf("Report %d", i))
			ready.Done()
			<-gate
			statuses[i] = h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, body).status
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	for i, status := range statuses {
		if status != http.StatusCreated && status != http.StatusConflict {
			t.Errorf("request %d answered %d, want 201 or 409", i, status)
		}
	}
	open, _, err := h.store.APIEvents(context.Background(), store.APIEventFilter{Active: true, Types: []model.EventType{model.TypeIncident}}, h.clock())
	if err != nil {
		t.Fatal(err)
	}
	holding := map[uint][]*model.Event{}
	for _, e := range open {
		for _, c := range e.Components {
			holding[c.ID] = append(holding[c.ID], e)
		}
	}
	for id, want := range highest {
		events := holding[id]
		if len(events) != 1 {
			t.Errorf("component %d is in %d open incidents, want 1", id, len(events))
			continue
		}
		if events[0].Impact != want {
			t.Errorf("component %d is in incident %d of impact %v, want %v", id, events[0].ID, events[0].Impact, want)
		}
	}
	for _, e := range open {
		if len(e.Components) == 0 {
			t.Errorf("open incident %d holds no component", e.ID)
		}
	}
}
