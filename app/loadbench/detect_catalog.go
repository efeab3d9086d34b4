package main

import (
	"fmt"
	"os"
	"strings"
)

// detectService is the detection catalog's one service.
const detectService = "Monitored Service"

// detectRegion is the region whose component run (counted from 1) watches.
// Each run has a component and a check of its own: a check that went down
// and up three times within an hour is flapping (decide.Rules), and a
// flapping check holds its status instead of recovering.
func detectRegion(run int) string { return fmt.Sprintf("Run %d", run) }

// detectCatalog is a catalog in the native form: one category and one
// service offered in one region per run.
func detectCatalog(runs int) string {
	var b strings.Builder
	b.WriteString("categories:\n  - name: Detection\nregions:\n")
	names := make([]string, 0, runs)
	for run := 1; run <= runs; run++ {
		fmt.Fprintf(&b, "  - name: %s\n    slug: run-%d\n", detectRegion(run), run)
		names = append(names, detectRegion(run))
	}
	fmt.Fprintf(&b, "services:\n  - name: %s\n    slug: monitored\n    category: Detection\n    regions: [%s]\n",
		detectService, strings.Join(names, ", "))
	return b.String()
}

// writeDetectCatalog writes the detection catalog for runs to path.
func writeDetectCatalog(path string, runs int) error {
	if err := os.WriteFile(path, []byte(detectCatalog(runs)), 0o644); err != nil {
		return fmt.Errorf("write the detection catalog: %w", err)
	}
	return nil
}
