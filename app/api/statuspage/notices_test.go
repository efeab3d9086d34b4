package statuspage

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// maintenanceList is what every file listing maintenance says of it.
type maintenanceList struct {
	ScheduledMaintenances []struct {
		ID             string  `json:"id"`
		Name           string  `json:"name"`
		Status         string  `json:"status"`
		ScheduledFor   string  `json:"scheduled_for"`
		ScheduledUntil *string `json:"scheduled_until"`
		ResolvedAt     *string `json:"resolved_at"`
	} `json:"scheduled_maintenances"`
	Status struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	} `json:"status"`
}

func getList(t *testing.T, s *store.Storage, now time.Time, name string) maintenanceList {
	t.Helper()
	response := get(newServer(t, s, &clock{now: now}), "/api/v2/"+name)
	if response.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", name, response.Code, response.Body)
	}
	var list maintenanceList
	if err := json.Unmarshal(response.Body.Bytes(), &list); err != nil {
		t.Fatalf("GET %s: %v", name, err)
	}
	return list
}

// An info notice is no maintenance: Statuspage readers would say
// "maintenance" for it, and Atlassian's widget shows it as one.
func TestNoticesAreNotMaintenance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx, actor := context.Background(), store.Actor{Subject: "ops"}
		_, err := s.ProvisionCatalog(ctx, store.BootstrapActor, store.CatalogSpec{
			Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}},
			Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}},
			Services:   []store.ServiceSpec{{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"}},
			Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}},
		}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, notice := range []struct {
			title      string
			start, end time.Time
		}{
			{"New region opens", testNow.Add(-time.Hour), testNow.Add(time.Hour)},
			{"Price change", testNow.Add(24 * time.Hour), testNow.Add(48 * time.Hour)},
		} {
			if _, err := s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeInfo, Title: notice.title, ComponentIDs: []uint{1},
				StartAt: notice.start, EndAt: &notice.end}, testNow.Add(-2*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"summary.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"} {
			if got := getList(t, s, testNow, name).ScheduledMaintenances; len(got) != 0 {
				t.Errorf("%s lists %d maintenance (%s), want none: notices are not maintenance", name, len(got), got[0].Name)
			}
		}
		for _, name := range []string{"summary.json", "status.json"} {
			if got := getList(t, s, testNow, name).Status; got.Indicator != "none" || got.Description != "All systems operational" {
				t.Errorf("%s status = %+v, want none, All systems operational", name, got)
			}
		}
	})
}

// A cancelled maintenance ends when it was cancelled, in every file.
func TestCancelledMaintenanceEndsWhenCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		provision(t, s)
		ctx, actor := context.Background(), store.Actor{Subject: "ops"}
		cancelledAt := testNow.Add(-30 * time.Minute)
		// Event 5: OBS upgrade, planned for tomorrow; event 4: ECS upgrade, its window begun.
		for _, id := range []uint{4, 5} {
			if _, err := s.AddUpdate(ctx, actor, id, store.NewUpdate{Status: model.StatusCancelled, Message: "Called off.", At: cancelledAt}, testNow); err != nil {
				t.Fatalf("cancel event %d: %v", id, err)
			}
		}
		for _, name := range []string{"summary.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"} {
			for _, m := range getList(t, s, testNow, name).ScheduledMaintenances {
				if m.ID == "4" || m.ID == "5" {
					t.Errorf("%s lists cancelled %q as %s", name, m.Name, m.Status)
				}
			}
		}
		want := cancelledAt.UTC().Format(stampLayout)
		found := 0
		for _, m := range getList(t, s, testNow, "scheduled-maintenances.json").ScheduledMaintenances {
			if m.ID != "4" && m.ID != "5" {
				continue
			}
			found++
			if m.Status != "completed" || m.ScheduledUntil == nil || *m.ScheduledUntil != want || m.ResolvedAt == nil || *m.ResolvedAt != want {
				t.Errorf("%q: status %s, scheduled_until %v, resolved_at %v; want completed, both %s", m.Name, m.Status, deref(m.ScheduledUntil), deref(m.ResolvedAt), want)
			}
			if m.ID == "5" && m.ScheduledFor != want {
				t.Errorf("%q called off before it began: scheduled_for %s, want %s", m.Name, m.ScheduledFor, want)
			}
		}
		if found != 2 {
			t.Errorf("scheduled-maintenances.json lists %d of the cancelled windows, want 2", found)
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
