package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// Provisioning checks: created once, recognised by component, kind and
// target on the next run, their settings corrected in place (keeping the
// id, the paused flag and the results), never deleted when the file drops
// them, and a check made through the API with another target left alone.
func TestProvisionCatalogChecks(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	ecsDE, ecsNL := store.ComponentSpec{Service: "ecs", Region: "eu-de"}, store.ComponentSpec{Service: "ecs", Region: "eu-nl"}
	health := func(region string, interval time.Duration) probe.Definition {
		return probe.Definition{Kind: probe.KindHTTP, Target: "https://ecs." + region + ".example.org/health", Interval: interval,
			HTTP: probe.HTTPSettings{Headers: map[string]string{"X-Region": region}}}
	}
	database := probe.Definition{Kind: probe.KindTCP, Target: "db.example.org:5432", Interval: time.Minute}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		spec := sampleSpec(start)
		spec.Checks = []store.CheckSpec{
			{Component: ecsDE, Definition: health("eu-de", 30*time.Second)},
			{Component: ecsNL, Definition: health("eu-nl", 30*time.Second)},
			{Component: ecsDE, Definition: database},
		}
		provision := func(want store.ProvisionCounts) []store.Check {
			t.Helper()
			result, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, start)
			if err != nil {
				t.Fatalf("provision: %v", err)
			}
			if result.Checks != want {
				t.Errorf("got checks %+v, want %+v", result.Checks, want)
			}
			checks, err := s.Checks(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			return checks
		}
		first := provision(store.ProvisionCounts{Created: 3})
		if len(first) != 3 || !reflect.DeepEqual(first[0].Definition, health("eu-de", 30*time.Second)) || !reflect.DeepEqual(first[2].Definition, database) {
			t.Fatalf("got checks %+v, want the three of the spec in order", first)
		}
		if again := provision(store.ProvisionCounts{Unchanged: 3}); !reflect.DeepEqual(again, first) {
			t.Errorf("a second run changed the checks:\n got %+v\nwant %+v", again, first)
		}

		paused := true
		if _, err := s.UpdateCheck(ctx, store.BootstrapActor, first[1].ID, store.CheckPatch{Paused: &paused}, start); err != nil {
			t.Fatal(err)
		}
		if err := s.AddCheckResults(ctx, []store.CheckResult{{CheckID: first[1].ID, Location: "local", StartedAt: start, Outcome: probe.OutcomeUp}}); err != nil {
			t.Fatal(err)
		}
		byAPI := probe.Definition{Kind: probe.KindHTTP, Target: "https://ecs.eu-nl.example.org/other", Interval: time.Minute}
		if _, err := s.CreateCheck(ctx, store.BootstrapActor, store.NewCheck{ComponentID: first[1].ComponentID, Definition: byAPI}, start); err != nil {
			t.Fatal(err)
		}

		spec.Checks = spec.Checks[1:2]
		spec.Checks[0].Definition.Interval = 45 * time.Second
		after := provision(store.ProvisionCounts{Updated: 1})
		if len(after) != 4 {
			t.Fatalf("got %d checks, want 4: none deleted, the API's kept", len(after))
		}
		changed := after[1]
		if changed.ID != first[1].ID || changed.Definition.Interval != 45*time.Second || !changed.Paused {
			t.Errorf("got %+v, want check %d with a 45 s interval, still paused", changed, first[1].ID)
		}
		if results, err := s.CheckResults(ctx, changed.ID, time.Time{}, 0); err != nil || len(results) != 1 {
			t.Errorf("results after the update: %d, %v; want 1", len(results), err)
		}
		if !reflect.DeepEqual(after[0], first[0]) || !reflect.DeepEqual(after[2], first[2]) || after[3].Definition.Target != byAPI.Target {
			t.Errorf("checks the spec no longer lists changed: %+v", after)
		}
	})
}

// A heartbeat in a spec is refused: its token cannot come from a file.
func TestProvisionCatalogRefusesHeartbeat(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		spec := sampleSpec(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC))
		spec.Checks = []store.CheckSpec{{Component: store.ComponentSpec{Service: "ecs", Region: "eu-de"},
			Definition: probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}}}
		if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now()); err == nil {
			t.Fatal("provisioned a heartbeat check")
		}
		if rows := countRows(t, s); rows["categories"] != 0 {
			t.Errorf("a refused provisioning wrote %v", rows)
		}
	})
}
