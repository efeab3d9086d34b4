package bootstrap

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, "testdata/"+name)
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseOTCProduction(t *testing.T) {
	catalog, err := Parse(readTestdata(t, "otc-production.yaml"), testNow)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	counts := []struct {
		name      string
		got, want int
	}{
		{"components", len(catalog.Components), 100},
		{"services", len(catalog.Services), 50},
		{"regions", len(catalog.Regions), 2},
		{"categories", len(catalog.Categories), 9},
		{"events", len(catalog.Events), 0},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("got %d %s, want %d", c.got, c.name, c.want)
		}
	}
	if catalog.Form != FormStackmon {
		t.Errorf("got form %q, want stackmon", catalog.Form)
	}
	if got, want := catalog.Services[0], (store.ServiceSpec{Name: "Anti DDoS", Slug: "antiddos", Category: "security-services"}); got != want {
		t.Errorf("got first service %+v, want %+v", got, want)
	}
	if got, want := catalog.Regions, []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}}; !slices.Equal(got, want) {
		t.Errorf("got regions %v, want %v", got, want)
	}
	if !slices.ContainsFunc(catalog.Categories, func(c store.CategorySpec) bool { return c.Slug == "management-deployment" }) {
		t.Errorf("got categories %v, want one with slug management-deployment", catalog.Categories)
	}
}

func TestParseAcceptsBothForms(t *testing.T) {
	hour := func(h int) time.Time { return testNow.Add(time.Duration(h) * time.Hour) }
	tests := []struct {
		name  string
		yaml  string
		check func(t *testing.T, c *Catalog)
	}{
		{
			name: "stackmon attributes as a list",
			yaml: `
components:
- name: Elastic Cloud Server
  attributes:
  - {name: region, value: EU-DE}
  - {name: category, value: Compute}
  - {name: type, value: ecs}
- name: Elastic Cloud Server
  attributes:
  - {name: type, value: ecs}
  - {name: region, value: Swiss}
  - {name: category, value: Compute}
`,
			check: func(t *testing.T, c *Catalog) {
				want := []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "swiss"}}
				if !slices.Equal(c.Components, want) {
					t.Errorf("got components %v, want %v", c.Components, want)
				}
			},
		},
		{
			name: "stackmon with an event",
			yaml: `
components:
- name: Object Storage
  attributes: {region: EU-DE, category: Storage, type: obs}
events:
- type: incident
  title: OBS slow
  impact: 1
  start: -2h
  components: [{service: obs, region: EU-DE}]
`,
			check: func(t *testing.T, c *Catalog) {
				if len(c.Events) != 1 || !c.Events[0].StartAt.Equal(hour(-2)) || c.Events[0].Status != model.StatusDetected || !c.Events[0].Floating {
					t.Errorf("got events %+v, want one floating detected incident two hours ago", c.Events)
				}
			},
		},
		{
			name: "native with derived slugs and every event type",
			yaml: `
categories:
- name: Compute & Containers
regions:
- name: EU-DE
- name: EU-NL
  slug: nl
services:
- name: Elastic Cloud Server
  slug: ecs
  category: compute-containers
  description: Virtual machines
  regions: [EU-DE, nl]
- name: Cloud Container Engine
  category: Compute & Containers
  regions: [eu-de]
events:
- type: incident
  title: ECS API errors
  impact: 2
  start: 2025-06-15T09:00:00Z
  end: 2025-06-15T10:30:00+01:00
  components: [{service: ecs}]
  updates:
  - {status: analysing, text: "We **look** into it.", at: 2025-06-15T09:05:00Z}
  - {status: resolved, text: Fixed., at: 2025-06-15T09:30:00Z}
- type: maintenance
  title: Network upgrade
  start: +1d
  end: +1d2h
  components: [{service: Cloud Container Engine, region: EU-DE}]
- type: info
  title: New region
  impact: 0
  start: -1d
  components: [{service: ecs, region: nl}]
`,
			check: func(t *testing.T, c *Catalog) {
				if got, want := c.Categories, []store.CategorySpec{{Name: "Compute & Containers", Slug: "compute-containers"}}; !slices.Equal(got, want) {
					t.Errorf("got categories %v, want %v", got, want)
				}
				if got, want := c.Services[1].Slug, "cloud-container-engine"; got != want {
					t.Errorf("got slug %q, want %q", got, want)
				}
				incident, maintenance, info := c.Events[0], c.Events[1], c.Events[2]
				if got, want := incident.Components, []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "nl"}}; !slices.Equal(got, want) {
					t.Errorf("got incident components %v, want %v", got, want)
				}
				if incident.Status != model.StatusResolved || incident.Floating || !incident.EndAt.Equal(time.Date(2025, 6, 15, 9, 30, 0, 0, time.UTC)) {
					t.Errorf("got incident %+v, want resolved at 09:30 UTC, not floating", incident)
				}
				if maintenance.Status != model.StatusPlanned || !maintenance.EndAt.Equal(hour(26)) {
					t.Errorf("got maintenance %+v, want planned, ending in 26 hours", maintenance)
				}
				if info.Status != model.StatusActive {
					t.Errorf("got info status %q, want active", info.Status)
				}
			},
		},
		{
			name: "empty lists",
			yaml: "categories: []\nregions: []\nservices: []\n",
			check: func(t *testing.T, c *Catalog) {
				if c.Form != FormNative || len(c.Services) != 0 {
					t.Errorf("got %+v, want an empty native catalog", c)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			catalog, err := Parse([]byte(tt.yaml), testNow)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			tt.check(t, catalog)
		})
	}
}

const nativeHead = `categories:
- name: Compute
regions:
- name: EU-DE
services:
- name: ECS
  slug: ecs
  category: Compute
  regions: [EU-DE]
`

func TestParseRejectsWithPathAndLine(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{
			name: "stackmon missing attributes",
			yaml: `components:
- name: ECS
  attributes: {region: EU-DE, category: Compute, type: ecs}
- name: EVS
  attributes: {category: Storage}
- attributes: {region: EU-DE, category: Compute, type: bms}
`,
			want: []string{
				"components[1].attributes.region: missing (line 5)",
				"components[1].attributes.type: missing (line 5)",
				"components[2].name: missing (line 6)",
			},
		},
		{
			name: "stackmon list attributes",
			yaml: `components:
- name: ECS
  attributes:
  - {name: region, value: EU-DE}
  - {name: colour, value: red}
  - {name: region, value: EU-NL}
  - {name: category}
`,
			want: []string{
				`components[0].attributes[1].name: unknown attribute "colour" (known: region, category, type) (line 5)`,
				`components[0].attributes[2].name: repeated attribute "region" (line 6)`,
				"components[0].attributes[3].value: missing (line 7)",
			},
		},
		{
			name: "stackmon duplicates and disagreements",
			yaml: `components:
- name: ECS
  attributes: {region: EU-DE, category: Compute, type: ecs}
- name: ECS
  attributes: {region: EU-DE, category: Compute, type: ecs}
- name: Elastic
  attributes: {region: EU-NL, category: Compute, type: ecs}
- name: ECS
  attributes: {region: EU-NL, category: Storage, type: ecs}
- name: Bad
  attributes: {region: EU-NL, category: Storage, type: "Bad Type"}
`,
			want: []string{
				"components[1]: duplicate component ecs in eu-de, first listed on line 2 (line 4)",
				`components[2].name: "Elastic" differs from "ECS" given for service ecs on line 2 (line 6)`,
				`components[3].attributes.category: "Storage" differs from the category given for service ecs on line 2 (line 9)`,
				`components[4].attributes.type: bad service type "Bad Type": want lower-case letters, digits, '-' and '_' (line 11)`,
			},
		},
		{
			name: "strict keys",
			yaml: `components:
- name: ECS
  colour: red
  attributes: {region: EU-DE, category: Compute, type: ecs, zone: a}
`,
			want: []string{
				"components[0].colour: unknown key (known: name, attributes) (line 3)",
				"components[0].attributes.zone: unknown key (known: region, category, type) (line 4)",
			},
		},
		{
			name: "native references and duplicates",
			yaml: `categories:
- name: Compute
- name: compute
regions:
- name: EU-DE
  slug: Not A Slug
services:
- name: ECS
  category: Storage
  regions: [EU-DE, Mars]
- name: ECS
  category: Compute
- name: "!!!"
  category: Compute
  regions: []
extra: 1
`,
			want: []string{
				`extra: unknown key (known: categories, regions, services, events) (line 16)`,
				`categories[1]: duplicate category "compute", first defined on line 2 (line 3)`,
				`regions[0].slug: bad slug "Not A Slug": want lower-case letters, digits, '-' and '_' (line 6)`,
				`services[0].category: unknown category "Storage" (line 9)`,
				`services[0].regions[0]: unknown region "EU-DE" (line 10)`,
				`services[0].regions[1]: unknown region "Mars" (line 10)`,
				`services[1].regions: missing: list the regions the service runs in (line 11)`,
				`services[2].name: cannot derive a slug from "!!!"; give a slug (line 13)`,
			},
		},
		{
			name: "events",
			yaml: nativeHead + `events:
- type: maintenance
  title: Upgrade
  impact: 2
  start: +2h
  end: +1h
  status: detected
  components: [{service: ecs}]
- type: incident
  title: Down
  impact: 4
  start: -1h
  status: resolved
  components: [{service: evs}, {service: ecs, region: eu-nl}]
- type: incident
  title: Later
  start: +1h
  impact: one
  components: []
- type: outage
  title: X
- type: info
  title: Times
  start: yesterday
  end: -5x
  components: [{service: ecs, region: eu-de}, {service: ECS}]
  updates:
  - {status: active, text: hello, at: -1h}
  - {status: fixing, text: "", at: -2h}
`,
			want: []string{
				"events[0].impact: must be 0 or absent for maintenance, got 2 (line 13)",
				"events[0].end: 2025-06-15T13:00:00Z is before the start 2025-06-15T14:00:00Z (line 15)",
				`events[0].status: unknown maintenance status "detected" (known: planned, in progress, modified, completed, cancelled) (line 16)`,
				`events[1].components[0].service: unknown service "evs" (line 23)`,
				`events[1].components[1].region: unknown region "eu-nl" (line 23)`,
				`events[2].impact: want a whole number, got "one" (line 27)`,
				`events[3].type: unknown type "outage" (known: incident, maintenance, info) (line 29)`,
				`events[4].start: bad time "yesterday": ` + errBadTime.Error() + ` (line 33)`,
				`events[4].end: bad time "-5x": ` + errBadTime.Error() + ` (line 34)`,
				"events[4].components[1]: component ecs in eu-de listed twice (line 35)",
				"events[4].updates[1].text: must not be empty (line 38)",
			},
		},
		{
			name: "event rules",
			yaml: nativeHead + `events:
- type: incident
  title: Down
  impact: 0
  start: -1h
  status: resolved
  components: [{service: ecs}]
- type: incident
  title: Future
  impact: 1
  start: +1h
  end: +2h
  status: fixing
  components: [{service: ecs}]
  updates:
  - {status: planned, text: a, at: -1h}
  - {status: fixing, text: b, at: -2h}
- type: maintenance
  title: Window
  start: +1h
  components: [{service: ecs}]
- type: incident
  title: Down
  impact: 1
  start: -1h
  components: [{service: ecs}]
`,
			want: []string{
				"events[0].impact: 0 is not an incident impact: want 1 (minor), 2 (major) or 3 (outage) (line 13)",
				`events[0].status: "resolved" needs an end (line 15)`,
				"events[1].start: an incident cannot start in the future (2025-06-15T13:00:00Z) (line 20)",
				`events[1].status: "fixing" on an incident with an end: want resolved or changed (line 22)`,
				`events[1].updates[0].status: unknown incident status "planned" (known: detected, analysing, fixing, impact changed, observing, resolved, reopened, changed) (line 25)`,
				"events[1].updates[1].at: before the previous update; list updates oldest first (line 26)",
				"events[2].end: missing: a maintenance window needs an end (line 27)",
			},
		},
		{
			name: "duplicate events",
			yaml: nativeHead + `events:
- {type: info, title: Hello, start: -1h, components: [{service: ecs}]}
- {type: info, title: Hello, start: -2h, components: [{service: ecs}]}
- {type: info, title: Fixed, start: 2025-06-01T00:00:00Z, components: [{service: ecs}]}
- {type: info, title: Fixed, start: 2025-06-02T00:00:00Z, components: [{service: ecs}]}
- {type: info, title: Fixed, start: 2025-06-01T02:00:00+02:00, components: [{service: ecs}]}
`,
			want: []string{
				`events[1]: duplicate info "Hello", first defined on line 11: events with relative times need distinct titles (line 12)`,
				`events[4]: duplicate info "Fixed" with the same start, first defined on line 13 (line 15)`,
			},
		},
		{name: "not YAML", yaml: "components: [", want: []string{"not valid YAML: yaml: line 1: did not find expected node content"}},
		{name: "empty", yaml: "# nothing\n", want: []string{"the catalog is empty"}},
		{name: "two documents", yaml: "categories: []\n---\nregions: []\n", want: []string{"want one YAML document, found more (line 2)"}},
		{name: "a list at the top", yaml: "- a\n", want: []string{"want a mapping, got a list (line 1)"}},
		{
			name: "aliases",
			yaml: "categories:\n- &c {name: A}\n- *c\n",
			want: []string{"categories[0]: YAML anchors and aliases are not supported (line 2)", "categories[1]: YAML anchors and aliases are not supported (line 3)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			catalog, err := Parse([]byte(tt.yaml), testNow)
			var invalid *ValidationError
			if !errors.As(err, &invalid) {
				t.Fatalf("got catalog %+v, error %v; want a *ValidationError", catalog, err)
			}
			var got []string
			for _, problem := range invalid.Problems {
				got = append(got, problem.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got problems\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		text         string
		want         time.Time
		wantRelative bool
		wantErr      bool
	}{
		{"now", testNow, true, false},
		{"-3h", testNow.Add(-3 * time.Hour), true, false},
		{"+2d", testNow.Add(48 * time.Hour), true, false},
		{"-90m", testNow.Add(-90 * time.Minute), true, false},
		{"-1d12h30s", testNow.Add(-36*time.Hour - 30*time.Second), true, false},
		{"2025-01-31T14:00:00+01:00", time.Date(2025, 1, 31, 13, 0, 0, 0, time.UTC), false, false},
		{"2025-01-31", time.Time{}, false, true},
		{"-", time.Time{}, false, true},
		{"+3", time.Time{}, false, true},
		{"-h", time.Time{}, false, true},
		{"-3w", time.Time{}, false, true},
		{"+9999999d", time.Time{}, false, true},
		{"+99999d99999d", time.Time{}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, relative, err := parseTime(tt.text, testNow)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if !got.Equal(tt.want) || relative != tt.wantRelative {
				t.Errorf("got %v relative %v, want %v relative %v", got, relative, tt.want, tt.wantRelative)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ name, want string }{
		{"EU-DE", "eu-de"},
		{"Management & Deployment", "management-deployment"},
		{"  Big Data and Data Analysis ", "big-data-and-data-analysis"},
		{"Zürich 2", "z-rich-2"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := model.Slug(tt.name); got != tt.want {
			t.Errorf("model.Slug(%q): got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseTrimsNamesAndRejectsBlankOnes(t *testing.T) {
	catalog, err := Parse([]byte("categories:\n- name: \" Compute \"\n"), testNow)
	if err != nil || catalog.Categories[0] != (store.CategorySpec{Name: "Compute", Slug: "compute"}) {
		t.Fatalf("got %+v, %v; want the name trimmed", catalog, err)
	}
	_, err = Parse([]byte(nativeHead+"events:\n- {type: info, title: \"  \", start: -1h, components: [{service: ecs}]}\n"), testNow)
	if err == nil || !strings.Contains(err.Error(), "events[0].title: must not be empty (line 11)") {
		t.Errorf("got %v, want a blank title rejected", err)
	}
}
