// Package bootstrap reads a catalog file (categories, regions, services,
// their components and optional demo events) into the store.CatalogSpec
// that provisioning writes.
//
// Two YAML forms are accepted, told apart by their top-level keys.
//
// The stackmon form, as exported by the stackmon status dashboards:
//
//	components:
//	  - name: Elastic Cloud Server          # the service's name
//	    attributes:                         # a mapping ...
//	      region: EU-DE                     # region name; slug derived
//	      category: Compute                 # category name; slug derived
//	      type: ecs                         # the service's slug
//	  - name: Elastic Cloud Server
//	    attributes:                         # ... or a list of name/value pairs
//	      - {name: region, value: EU-NL}
//	      - {name: category, value: Compute}
//	      - {name: type, value: ecs}
//	events: [...]                           # optional, as in the native form
//
// The native form:
//
//	categories:                  # display order is file order
//	  - name: Compute
//	    slug: compute            # optional; derived from the name
//	regions:
//	  - name: EU-DE
//	    slug: eu-de              # optional
//	services:
//	  - name: Elastic Cloud Server
//	    slug: ecs                # optional; derived from the name
//	    category: Compute        # a category's name or slug
//	    description: Virtual machines   # optional
//	    regions: [EU-DE, eu-nl]  # names or slugs; one component per region
//	    checks:                  # optional: monitoring, one check per region
//	      - kind: http           # the fields of POST /api/v3/checks, without component_id
//	        target: https://ecs.{region}.example.org/health   # {region}, {service}: slugs
//	        interval_seconds: 30
//	        regions: [eu-de]     # optional; absent: every region of the service
//	events:                      # optional
//	  - type: incident           # incident, maintenance or info
//	    title: ECS API errors
//	    description: "Markdown"  # optional
//	    impact: 2                # incidents 1-3 (minor, major, outage); others 0 or absent
//	    status: analysing        # optional; see below
//	    start: -3h               # RFC 3339, "now", or an offset: -90m, +2d, -1d12h
//	    end: -1h                 # optional for incidents (absent: open) and info;
//	                             # required for maintenance
//	    components:              # at least one
//	      - service: ecs         # a service's slug or name
//	        region: eu-de        # a region's name or slug; absent: every region of the service
//	    updates:                 # optional, oldest first
//	      - status: detected
//	        text: "Markdown"
//	        at: -3h
//
// A check entry is made once per region, with {region} and {service}
// replaced in every string value, and validated as the API validates it;
// problems name the entry and the field. Heartbeat checks are refused: their
// secret token must not live in a file. Provisioning recognises a check by
// its component, kind and target, corrects its other settings in place and
// keeps its paused flag; it never deletes a check the file no longer lists.
//
// An event's status must be one the type allows (model.OpenStatuses; a
// closed incident is resolved or changed, an open one is not resolved).
// Without a status, an event takes its last update's status, else incidents
// are detected (resolved when they have an end) and maintenance and info
// notices are planned, in progress/active or completed by their window.
// Events whose start is relative are "floating": provisioning recognises
// them again by type and title and moves them, so a demo always looks
// current; others are recognised by type, title and start.
//
// Decoding is strict: unknown keys, repeated keys, anchors and aliases are
// problems, and every problem is collected with its YAML path and line into
// one *ValidationError.
package bootstrap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"gopkg.in/yaml.v3"

	"statusdash/app/store"
)

// Form names the YAML form a catalog was written in.
type Form string

// The two catalog forms.
const (
	FormStackmon Form = "stackmon"
	FormNative   Form = "native"
)

// Catalog is a parsed, validated catalog: the store's CatalogSpec, ready
// to provision, with every reference resolved to a slug and lists in file
// order, which is display order; events and updates carry Author.
type Catalog struct {
	Form Form
	store.CatalogSpec
}

// Author is written as the creator of provisioned events and updates.
const Author = "catalog"

// maxFileSize bounds what LoadFile reads. A catalog alone is a few hundred
// KB, but one that carries a large installation's history is not: 1,000
// components with 100,000 past events and their updates come to about
// 60 MB. 256 MB leaves room for several times that, while still refusing a
// file that is plainly not a catalog before reading it whole.
const maxFileSize = 256 << 20

// LoadFile reads and parses the catalog file at path, resolving relative
// times against now.
func LoadFile(path string, now time.Time) (*Catalog, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bootstrap: %w", err)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("bootstrap: read %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("bootstrap: %s is larger than %d bytes", path, maxFileSize)
	}
	catalog, err := Parse(data, now)
	var invalid *ValidationError
	if errors.As(err, &invalid) {
		invalid.Source = path
	}
	return catalog, err
}

// Parse reads a catalog in either form. On any problem it returns a
// *ValidationError listing all of them.
func Parse(data []byte, now time.Time) (*Catalog, error) {
	// Relative times count from the minute, so a demo shows round times.
	from := now.UTC().Truncate(time.Minute)
	catalog, ok := parseInChunks(data, from, eventsPerChunk)
	if !ok {
		d := &decoder{now: from}
		catalog = d.parse(data)
		if len(d.problems) > 0 {
			return nil, &ValidationError{Problems: d.problems}
		}
	}
	// A safety net: the decoder checks all of this with lines already.
	if err := catalog.Validate(now); err != nil {
		return nil, err
	}
	return catalog, nil
}

func (d *decoder) parse(data []byte) *Catalog {
	top := d.root(data)
	if top == nil {
		return nil
	}
	catalog, _ := d.catalog(top)
	return catalog
}

// root decodes the one YAML document in data into its top node, or nil
// with a problem.
func (d *decoder) root(data []byte) *yaml.Node {
	yamlDecoder := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := yamlDecoder.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			d.fail("", nil, "the catalog is empty")
		} else {
			d.fail("", nil, "not valid YAML: %v", err)
		}
		return nil
	}
	var next yaml.Node
	if err := yamlDecoder.Decode(&next); !errors.Is(err, io.EOF) {
		d.fail("", &next, "want one YAML document, found more")
		return nil
	}
	if len(root.Content) != 1 {
		d.fail("", &root, "the catalog is empty")
		return nil
	}
	return root.Content[0]
}

// catalog reads the top node in the form its keys tell, and returns what
// events may refer to along with it.
func (d *decoder) catalog(top *yaml.Node) (*Catalog, *catalogRefs) {
	if top.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "components" {
				return d.stackmon(top)
			}
		}
	}
	return d.native(top)
}
