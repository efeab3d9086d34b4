package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// A window called off before it began is listed as cancelled when it was,
// not with the window it no longer has.
func TestHistoryLabelsCancelledWindows(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	ctx, actor := context.Background(), store.Actor{Subject: "op-1", Name: "Olga"}
	planned, plannedEnd := time.Date(2026, 4, 2, 22, 0, 0, 0, time.UTC), time.Date(2026, 4, 3, 2, 0, 0, 0, time.UTC)
	e, err := site.store.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Core switch swap",
		ComponentIDs: []uint{site.ecsDE.ID}, StartAt: planned, EndAt: &plannedEnd}, testNow.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.store.AddUpdate(ctx, actor, e.ID, store.NewUpdate{Status: model.StatusCancelled, Message: "Not needed.", At: testNow.Add(-time.Hour)}, testNow); err != nil {
		t.Fatal(err)
	}
	page := body(t, site.get(t, "/history"))
	start := strings.Index(page, "Core switch swap")
	if start < 0 {
		t.Fatalf("GET /history does not list the cancelled window")
	}
	row := page[start:]
	row = row[:strings.Index(row, "</li>")]
	if !strings.Contains(row, `<span class="status">Cancelled</span> <time datetime="2026-03-15T11:00:00Z">15 Mar 2026, 11:00 UTC</time>`) {
		t.Errorf("row = %s, want it cancelled at 11:00", row)
	}
	if strings.Contains(row, "2 Apr 2026") || strings.Contains(page, "April 2026") {
		t.Errorf("the cancelled window is listed with its planned window: %s", row)
	}
}
