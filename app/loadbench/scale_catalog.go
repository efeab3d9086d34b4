package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"gopkg.in/yaml.v3"

	"statusdash/app/store"
)

// scaleSize is the shape of a large installation's catalog: 250 services in
// 4 regions (1,000 components) in 10 categories, as issue 11 measured it.
type scaleSize struct {
	Categories int
	Services   int
	Regions    int
}

// largeInstallation is the catalog size of the scale run.
var largeInstallation = scaleSize{Categories: 10, Services: 250, Regions: 4}

// The generated catalog in the native form (app/bootstrap/catalog.go), with
// absolute times so that provisioning the same file twice changes nothing.
type (
	scaleFile struct {
		Categories []scaleNamed   `yaml:"categories"`
		Regions    []scaleNamed   `yaml:"regions"`
		Services   []scaleService `yaml:"services"`
		Events     []scaleEvent   `yaml:"events"`
	}
	scaleNamed struct {
		Name string `yaml:"name"`
		Slug string `yaml:"slug"`
	}
	scaleService struct {
		Name        string   `yaml:"name"`
		Slug        string   `yaml:"slug"`
		Category    string   `yaml:"category"`
		Description string   `yaml:"description,omitempty"`
		Regions     []string `yaml:"regions,flow"`
	}
	scaleEvent struct {
		Type        string           `yaml:"type"`
		Title       string           `yaml:"title"`
		Description string           `yaml:"description,omitempty"`
		Impact      int              `yaml:"impact"`
		Status      string           `yaml:"status"`
		Start       string           `yaml:"start"`
		End         string           `yaml:"end,omitempty"`
		Components  []scaleComponent `yaml:"components,flow"`
		Updates     []scaleUpdate    `yaml:"updates,flow"`
	}
	scaleComponent struct {
		Service string `yaml:"service"`
		Region  string `yaml:"region"`
	}
	scaleUpdate struct {
		Status string `yaml:"status"`
		Text   string `yaml:"text"`
		At     string `yaml:"at"`
	}
)

var (
	scaleCategoryNames = []string{"Compute", "Storage", "Networking", "Database", "Security", "Containers", "Analytics", "Management", "Application", "Media"}
	scaleRegionNames   = []string{"EU-DE", "EU-NL", "EU-CH", "EU-FR"}
	scaleServiceWords  = []string{"Elastic", "Object", "Block", "Managed", "Distributed", "Dedicated", "Cloud", "Virtual", "Serverless", "Global"}
)

// writeScaleCatalog writes the generated catalog of size with counts's
// closed past events (three updates an incident, two a maintenance window:
// 2.8 on average) and open incidents, dated before now. The same arguments
// give the same bytes.
func writeScaleCatalog(w io.Writer, size scaleSize, counts seedCounts, now time.Time) error {
	var file scaleFile
	for i := range size.Categories {
		name := scaleCategoryNames[i%len(scaleCategoryNames)]
		if i >= len(scaleCategoryNames) {
			name = fmt.Sprintf("%s %d", name, i/len(scaleCategoryNames)+1)
		}
		file.Categories = append(file.Categories, scaleNamed{Name: name, Slug: fmt.Sprintf("category-%02d", i+1)})
	}
	var regions []string
	for i := range size.Regions {
		name := scaleRegionNames[i%len(scaleRegionNames)]
		if i >= len(scaleRegionNames) {
			name = fmt.Sprintf("%s-%d", name, i/len(scaleRegionNames)+1)
		}
		slug := fmt.Sprintf("region-%02d", i+1)
		file.Regions = append(file.Regions, scaleNamed{Name: name, Slug: slug})
		regions = append(regions, slug)
	}
	var components []store.ComponentSpec
	for i := range size.Services {
		slug := fmt.Sprintf("service-%03d", i+1)
		file.Services = append(file.Services, scaleService{
			Name:        fmt.Sprintf("%s Service %03d", scaleServiceWords[i%len(scaleServiceWords)], i+1),
			Slug:        slug,
			Category:    file.Categories[i%len(file.Categories)].Slug,
			Description: "A generated service of the scale run.",
			Regions:     regions,
		})
		for _, region := range regions {
			components = append(components, store.ComponentSpec{Service: slug, Region: region})
		}
	}
	// The same fixed seed as the benchmark's own history.
	random := rand.New(rand.NewPCG(2, 4))
	events := pastEvents(random, components, counts.PastEvents, now)
	events = append(events, openIncidents(random, components, counts.OpenIncidents, now)...)
	for _, event := range events {
		file.Events = append(file.Events, scaleEventOf(event))
	}
	encoder := yaml.NewEncoder(w)
	encoder.SetIndent(2)
	if err := encoder.Encode(file); err != nil {
		return fmt.Errorf("write the scale catalog: %w", err)
	}
	return encoder.Close()
}

// scaleEventOf is the catalog entry of a generated event.
func scaleEventOf(event store.EventSpec) scaleEvent {
	entry := scaleEvent{
		Type: string(event.Type), Title: event.Title, Description: event.Description,
		Impact: int(event.Impact), Status: event.Status, Start: event.StartAt.UTC().Format(time.RFC3339),
	}
	if event.EndAt != nil {
		entry.End = event.EndAt.UTC().Format(time.RFC3339)
	}
	for _, component := range event.Components {
		entry.Components = append(entry.Components, scaleComponent{Service: component.Service, Region: component.Region})
	}
	for _, update := range event.Updates {
		entry.Updates = append(entry.Updates, scaleUpdate{Status: update.Status, Text: update.Text, At: update.At.UTC().Format(time.RFC3339)})
	}
	return entry
}
