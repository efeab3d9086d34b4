package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func TestReadEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 1, 2)
		event := b.Event(model.Event{Type: model.TypeIncident, Title: "API errors", Impact: model.ImpactMinor, StartAt: readNow.Add(-time.Hour)},
			catalog.Components[3], catalog.Components[0])
		b.Update(event, model.StatusFixing, "second", readNow.Add(-10*time.Minute))
		b.Update(event, model.StatusDetected, "first", readNow.Add(-50*time.Minute))

		got, err := s.ReadEvent(context.Background(), event.ID)
		if err != nil {
			t.Fatalf("ReadEvent: %v", err)
		}
		if got.Title != "API errors" {
			t.Errorf("title = %q, want API errors", got.Title)
		}
		if len(got.Updates) != 2 || got.Updates[0].Text != "first" || got.Updates[1].Text != "second" {
			t.Errorf("updates = %+v, want first then second", got.Updates)
		}
		if len(got.Components) != 2 || got.Components[0].Service == nil || got.Components[0].Region == nil || got.Components[0].Service.Category == nil {
			t.Fatalf("components = %+v, want two with service, category and region", got.Components)
		}
		if got.Components[0].ID != catalog.Components[0].ID {
			t.Errorf("first component = %d, want %d (catalog order)", got.Components[0].ID, catalog.Components[0].ID)
		}
		if got := len(store.EventServicesForTest(got)); got != 2 {
			t.Errorf("services = %d, want 2", got)
		}

		if _, err := s.ReadEvent(context.Background(), event.ID+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ReadEvent(unknown) error = %v, want ErrNotFound", err)
		}
	})
}

func TestReadHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 2, 1) // components: category 1 in region 1, 2; category 2 in region 1, 2
		closed := func(title string, typ model.EventType, start time.Time, components ...*model.Component) *model.Event {
			status := model.StatusResolved
			if typ != model.TypeIncident {
				status = model.StatusCompleted
			}
			return b.Event(model.Event{Type: typ, Title: title, Impact: model.ImpactMinor, Status: status, StartAt: start, EndAt: ptr(start.Add(time.Hour))}, components...)
		}
		january := closed("January incident", model.TypeIncident, time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC), catalog.Components[0])
		february := closed("February maintenance", model.TypeMaintenance, time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), catalog.Components[3])
		march := closed("March incident", model.TypeIncident, time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), catalog.Components[1], catalog.Components[2])
		b.Update(march, model.StatusResolved, "fixed", time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		b.Event(model.Event{Type: model.TypeIncident, Title: "Open", Impact: model.ImpactMinor, StartAt: readNow.Add(-time.Hour)}, catalog.Components[0])

		tests := []struct {
			name   string
			filter store.HistoryFilter
			want   []uint
			total  int64
		}{
			{"all", store.HistoryFilter{}, []uint{march.ID, february.ID, january.ID}, 3},
			{"page 2 of 2", store.HistoryFilter{Page: 2, PerPage: 2}, []uint{january.ID}, 3},
			{"region 1", store.HistoryFilter{RegionID: catalog.Regions[0].ID}, []uint{march.ID, january.ID}, 2},
			{"region 2", store.HistoryFilter{RegionID: catalog.Regions[1].ID}, []uint{march.ID, february.ID}, 2},
			{"category 2", store.HistoryFilter{CategoryID: catalog.Categories[1].ID}, []uint{march.ID, february.ID}, 2},
			{"service 1", store.HistoryFilter{ServiceID: catalog.Services[0].ID}, []uint{march.ID, january.ID}, 2},
			{"maintenance", store.HistoryFilter{Type: model.TypeMaintenance}, []uint{february.ID}, 1},
			{"region 1 and category 2", store.HistoryFilter{RegionID: catalog.Regions[0].ID, CategoryID: catalog.Categories[1].ID}, []uint{march.ID}, 1},
			{"region 1 and maintenance", store.HistoryFilter{RegionID: catalog.Regions[0].ID, Type: model.TypeMaintenance}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := s.ReadHistory(context.Background(), readNow, tt.filter)
				if err != nil {
					t.Fatalf("ReadHistory: %v", err)
				}
				var got []uint
				for _, summary := range page.Events {
					got = append(got, summary.Event.ID)
				}
				if !equalIDs(got, tt.want) || page.Total != tt.total {
					t.Errorf("events = %v (total %d), want %v (total %d)", got, page.Total, tt.want, tt.total)
				}
			})
		}
		page, err := s.ReadHistory(context.Background(), readNow, store.HistoryFilter{PerPage: 2})
		if err != nil {
			t.Fatalf("ReadHistory: %v", err)
		}
		if page.Pages() != 2 {
			t.Errorf("pages = %d, want 2", page.Pages())
		}
		if latest := page.Events[0].Latest; latest == nil || latest.Text != "fixed" {
			t.Errorf("latest update of March = %+v, want fixed", latest)
		}
	})
}

func equalIDs(a, b []uint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 1, 2)
		service := catalog.Services[0]
		open := b.Event(model.Event{Type: model.TypeIncident, Title: "Open one", Impact: model.ImpactOutage, StartAt: readNow.Add(-time.Hour)}, catalog.Components[1])
		past := b.Event(model.Event{Type: model.TypeIncident, Title: "Past one", Impact: model.ImpactMinor, Status: model.StatusResolved, StartAt: readNow.Add(-48 * time.Hour), EndAt: ptr(readNow.Add(-47 * time.Hour))}, catalog.Components[0])
		b.Event(model.Event{Type: model.TypeIncident, Title: "Other service", Impact: model.ImpactMinor, StartAt: readNow.Add(-time.Hour)}, catalog.Components[2])

		detail, err := s.ReadService(context.Background(), service.Slug, readNow)
		if err != nil {
			t.Fatalf("ReadService: %v", err)
		}
		if detail.Service.ID != service.ID || detail.Health != model.HealthOutage {
			t.Errorf("service %d health %v, want %d outage", detail.Service.ID, detail.Health.Key(), service.ID)
		}
		if len(detail.Components) != 2 || detail.Components[1].Health != model.HealthOutage || detail.Components[0].Health != model.HealthOperational {
			t.Errorf("components = %+v, want operational then outage", detail.Components)
		}
		if len(detail.Current) != 1 || detail.Current[0].Event.ID != open.ID {
			t.Errorf("current = %v, want the open incident", detail.Current)
		}
		if len(detail.Past) != 1 || detail.Past[0].Event.ID != past.ID {
			t.Errorf("past = %v, want the past incident", detail.Past)
		}
		if _, err := s.ReadService(context.Background(), "nope", readNow); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ReadService(nope) error = %v, want ErrNotFound", err)
		}
	})
}
