package main

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// overviewCell is a component's cell in the overview's status matrix.
type overviewCell struct {
	// Health is the key of the health it shows (model.Health.Key, e.g. "outage").
	Health string
	// IncidentID is the event the cell links to as the cause, 0 when none.
	IncidentID uint
}

var (
	cellHealthPattern   = regexp.MustCompile(`class="health health--([a-z]+)"`)
	cellIncidentPattern = regexp.MustCompile(`href="/incidents/([0-9]+)"`)
)

// findCell finds the cell of the region's column in the overview's HTML,
// as templates/pages/overview.html writes it: <td data-label="REGION">.
// The page must have one service in that region (the detection catalog):
// the first such cell is taken. The banner and the legend, which carry
// health classes too, are outside every cell.
func findCell(page []byte, region string) (overviewCell, error) {
	open := []byte(`<td data-label="` + html.EscapeString(region) + `">`)
	start := bytes.Index(page, open)
	if start < 0 {
		return overviewCell{}, fmt.Errorf("the overview has no cell for region %q", region)
	}
	cell := page[start+len(open):]
	end := bytes.Index(cell, []byte("</td>"))
	if end < 0 {
		return overviewCell{}, fmt.Errorf("the overview's cell for region %q does not end", region)
	}
	cell = cell[:end]
	health := cellHealthPattern.FindSubmatch(cell)
	if health == nil {
		return overviewCell{}, fmt.Errorf("the overview's cell for region %q shows no health: %s", region, strings.TrimSpace(string(cell)))
	}
	found := overviewCell{Health: string(health[1])}
	if incident := cellIncidentPattern.FindSubmatch(cell); incident != nil {
		id, err := strconv.ParseUint(string(incident[1]), 10, 32)
		if err != nil {
			return overviewCell{}, fmt.Errorf("the overview's cell for region %q: incident id: %w", region, err)
		}
		found.IncidentID = uint(id)
	}
	return found, nil
}
