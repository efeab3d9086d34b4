package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/model"
	"statusdash/app/store"
)

// seedCounts is how much history the benchmark writes on top of the catalog.
type seedCounts struct {
	PastEvents    int
	OpenIncidents int
}

// seed migrates the database at url, provisions the catalog at catalogPath
// and adds generated past events and open incidents, all through the store
// in one provisioning transaction.
func seed(ctx context.Context, url, catalogPath string, counts seedCounts, now time.Time) (store.ProvisionResult, error) {
	s, err := store.Open(ctx, url)
	if err != nil {
		return store.ProvisionResult{}, err
	}
	defer s.Close()
	if _, err := s.MigrateUp(ctx); err != nil {
		return store.ProvisionResult{}, err
	}
	catalog, err := bootstrap.LoadFile(catalogPath, now)
	if err != nil {
		return store.ProvisionResult{}, err
	}
	spec := catalog.CatalogSpec
	if len(spec.Components) == 0 {
		return store.ProvisionResult{}, fmt.Errorf("catalog %s has no components", catalogPath)
	}
	// A fixed seed keeps every run's data the same.
	random := rand.New(rand.NewPCG(2, 4))
	spec.Events = append(spec.Events, pastEvents(random, spec.Components, counts.PastEvents, now)...)
	spec.Events = append(spec.Events, openIncidents(random, spec.Components, counts.OpenIncidents, now)...)
	return s.ProvisionCatalog(ctx, store.BootstrapActor, spec, now)
}

var incidentTitles = []string{
	"Increased API error rate", "Slow console responses", "Instances fail to start",
	"Elevated latency", "Volume attach failures", "Authentication errors", "Packet loss",
}

// pastEvents generates n closed incidents and completed maintenance windows
// over the three years before now.
func pastEvents(random *rand.Rand, components []store.ComponentSpec, n int, now time.Time) []store.EventSpec {
	events := make([]store.EventSpec, 0, n)
	span := 3 * 365 * 24 * time.Hour
	for i := range n {
		start := now.Add(-time.Duration(random.Int64N(int64(span)))).Add(-time.Hour).Truncate(time.Minute)
		end := start.Add(time.Duration(10+random.IntN(8*60)) * time.Minute)
		affected := pick(random, components, 1+random.IntN(3))
		if i%5 == 4 {
			events = append(events, store.EventSpec{
				Type: model.TypeMaintenance, Title: fmt.Sprintf("Planned upgrade %d", i),
				Description: "Rolling upgrade of the **control plane**; running resources are not affected.",
				Impact:      model.ImpactMaintenance, Status: model.StatusCompleted,
				StartAt: start, EndAt: &end, CreatedBy: "loadbench", Components: affected,
				Updates: []store.UpdateSpec{
					{Status: model.StatusPlanned, Text: "Scheduled.", At: start.Add(-48 * time.Hour), Author: "loadbench"},
					{Status: model.StatusCompleted, Text: "Done.", At: end, Author: "loadbench"},
				},
			})
			continue
		}
		title := fmt.Sprintf("%s %d", incidentTitles[i%len(incidentTitles)], i)
		events = append(events, store.EventSpec{
			Type: model.TypeIncident, Title: title,
			Description: "Some requests failed. See the [runbook](https://example.com/runbook).",
			Impact:      model.Impact(1 + random.IntN(3)), Status: model.StatusResolved,
			StartAt: start, EndAt: &end, CreatedBy: "loadbench", Components: affected,
			Updates: []store.UpdateSpec{
				{Status: model.StatusAnalysing, Text: "We are looking into it.", At: start, Author: "loadbench"},
				{Status: model.StatusFixing, Text: "The cause is found; a fix is **rolling out**.", At: start.Add(end.Sub(start) / 2), Author: "loadbench"},
				{Status: model.StatusResolved, Text: "Resolved.", At: end, Author: "loadbench"},
			},
		})
	}
	return events
}

// openIncidents generates n incidents that started in the last hours and are still open.
func openIncidents(random *rand.Rand, components []store.ComponentSpec, n int, now time.Time) []store.EventSpec {
	events := make([]store.EventSpec, 0, n)
	for i := range n {
		start := now.Add(-time.Duration(30+random.IntN(300)) * time.Minute).Truncate(time.Minute)
		events = append(events, store.EventSpec{
			Type: model.TypeIncident, Title: fmt.Sprintf("Open incident %d: %s", i+1, incidentTitles[i%len(incidentTitles)]),
			Description: "Requests to the API fail intermittently. We are investigating.",
			Impact:      model.Impact(1 + i%3), Status: model.StatusAnalysing,
			StartAt: start, CreatedBy: "loadbench", Components: pick(random, components, 1+random.IntN(3)),
			Updates: []store.UpdateSpec{
				{Status: model.StatusDetected, Text: "Monitoring reports errors.", At: start, Author: "loadbench"},
				{Status: model.StatusAnalysing, Text: "We are **analysing** the cause.", At: start.Add(10 * time.Minute), Author: "loadbench"},
			},
		})
	}
	return events
}

// pick returns n distinct components chosen at random.
func pick(random *rand.Rand, components []store.ComponentSpec, n int) []store.ComponentSpec {
	n = min(n, len(components))
	chosen := make([]store.ComponentSpec, 0, n)
	for _, i := range random.Perm(len(components))[:n] {
		chosen = append(chosen, components[i])
	}
	return chosen
}
