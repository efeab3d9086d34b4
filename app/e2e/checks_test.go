package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// TestE2EOperatorPausesACheck: an operator finds a check on /manage/checks
// with its last results, pauses it and resumes it from its page, with
// JavaScript off and no script on either page.
func TestE2EOperatorPausesACheck(t *testing.T) {
	b := startBrowser(t)
	site := startOperatorSite(t)
	ctx := b.tab(t)
	assertJavaScriptOff(t, ctx)
	component := twoFreeComponents(t, site.store)[0]
	check, err := site.store.CreateCheck(context.Background(), store.BootstrapActor, store.NewCheck{ComponentID: component.ID,
		Definition: probe.Definition{Kind: probe.KindHTTP, Target: "https://e2e.example.org/health", Interval: 30 * time.Second}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := site.store.AddCheckResults(context.Background(), []store.CheckResult{{CheckID: check.ID, Location: "local",
		StartedAt: time.Now(), Outcome: probe.OutcomeDown, Reason: "connection refused"}}); err != nil {
		t.Fatal(err)
	}

	site.idp.QueueUser(operatorAtIDP())
	open(t, ctx, site.url+"/manage/checks")
	assertNoScript(t, ctx)
	body := text(t, ctx, "body")
	for _, want := range []string{"https://e2e.example.org/health", component.Service.Name, "connection refused", "down"} {
		if !strings.Contains(body, want) {
			t.Errorf("the checks list lacks %q", want)
		}
	}
	if strings.Contains(body, "New check") {
		t.Errorf("an operator is offered to create a check")
	}
	submit(t, ctx, "Pause")
	if body := text(t, ctx, "body"); !strings.Contains(body, "Paused") || !strings.Contains(body, "Resume") {
		t.Errorf("after pausing the list does not say so: %.300s", body)
	}

	open(t, ctx, site.url+"/manage/checks/"+strconv.FormatUint(uint64(check.ID), 10))
	assertNoScript(t, ctx)
	if body := text(t, ctx, "body"); !strings.Contains(body, "Recent failures") || !strings.Contains(body, "connection refused") {
		t.Errorf("the check's page lacks its failures: %.300s", body)
	}
	submit(t, ctx, "Resume")
	got, err := site.store.Check(context.Background(), check.ID)
	if err != nil || got.Paused {
		t.Errorf("after resuming: %+v, %v; want running", got, err)
	}
}
