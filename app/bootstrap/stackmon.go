package bootstrap

import (
	"slices"

	"gopkg.in/yaml.v3"

	"statusdash/app/model"
	"statusdash/app/store"
)

// stackmonAttributes are the attributes every stackmon component carries.
var stackmonAttributes = []string{"region", "category", "type"}

// stackmonService remembers where a service was first seen, to catch
// components that disagree on its name or category.
type stackmonService struct {
	name, category string
	line           int
}

func (d *decoder) stackmon(top *yaml.Node) (*Catalog, *catalogRefs) {
	f, ok := d.mapping(top, "", "components", "events")
	if !ok {
		return nil, nil
	}
	c := &Catalog{Form: FormStackmon}
	refs := newCatalogRefs()
	categories := newLookup()
	services := map[string]stackmonService{}
	for i, node := range d.sequence(f.values.get("components"), "components") {
		path := index("components", i)
		cf, ok := d.mapping(node, path, "name", "attributes")
		if !ok {
			continue
		}
		before := len(d.problems)
		name := d.required(cf, "name")
		attributes := d.stackmonAttributes(cf)
		if len(d.problems) > before {
			continue
		}
		at := func(attribute string) string { return join(cf.at("attributes"), attribute) }
		serviceSlug := attributes["type"].Value
		if !validSlug(serviceSlug) {
			d.fail(at("type"), attributes["type"], "bad service type %q: want lower-case letters, digits, '-' and '_'", serviceSlug)
			continue
		}
		regionSlug := d.derivedSlug(attributes["region"], at("region"))
		categorySlug := d.derivedSlug(attributes["category"], at("category"))
		if regionSlug == "" || categorySlug == "" {
			continue
		}
		if first, seen := services[serviceSlug]; seen {
			if first.name != name {
				d.fail(cf.at("name"), cf.values.get("name"), "%q differs from %q given for service %s on line %d", name, first.name, serviceSlug, first.line)
				continue
			}
			if first.category != categorySlug {
				d.fail(at("category"), attributes["category"], "%q differs from the category given for service %s on line %d", attributes["category"].Value, serviceSlug, first.line)
				continue
			}
		}
		component := store.ComponentSpec{Service: serviceSlug, Region: regionSlug}
		if earlier, fresh := refs.addComponent(component, node.Line); !fresh {
			d.fail(path, node, "duplicate component %s in %s, first listed on line %d", serviceSlug, regionSlug, earlier)
			continue
		}
		if _, seen := categories.line(categorySlug); !seen {
			categories.add(attributes["category"].Value, categorySlug, node.Line)
			c.Categories = append(c.Categories, store.CategorySpec{Name: attributes["category"].Value, Slug: categorySlug})
		}
		if _, seen := refs.regions.line(regionSlug); !seen {
			refs.regions.add(attributes["region"].Value, regionSlug, node.Line)
			c.Regions = append(c.Regions, store.RegionSpec{Name: attributes["region"].Value, Slug: regionSlug})
		}
		if _, seen := services[serviceSlug]; !seen {
			services[serviceSlug] = stackmonService{name: name, category: categorySlug, line: node.Line}
			refs.services.add(name, serviceSlug, node.Line)
			c.Services = append(c.Services, store.ServiceSpec{Name: name, Slug: serviceSlug, Category: categorySlug})
		}
		c.Components = append(c.Components, component)
	}
	c.Events = d.events(f, refs)
	return c, refs
}

// stackmonAttributes reads a component's attributes, written either as a
// mapping or as a list of {name, value} pairs, into their value nodes.
func (d *decoder) stackmonAttributes(cf fields) map[string]*yaml.Node {
	path := cf.at("attributes")
	node := cf.values.get("attributes")
	if isNull(node) {
		d.fail(path, cf.node, "missing")
		return nil
	}
	values := map[string]*yaml.Node{}
	before := len(d.problems)
	switch node.Kind {
	case yaml.SequenceNode:
		for i, pair := range d.sequence(node, path) {
			pf, ok := d.mapping(pair, index(path, i), "name", "value")
			if !ok {
				continue
			}
			name := d.required(pf, "name")
			if name == "" {
				continue
			}
			if !slices.Contains(stackmonAttributes, name) {
				d.fail(pf.at("name"), pf.values.get("name"), "unknown attribute %q (known: region, category, type)", name)
				continue
			}
			if _, seen := values[name]; seen {
				d.fail(pf.at("name"), pf.values.get("name"), "repeated attribute %q", name)
				continue
			}
			if d.required(pf, "value") != "" {
				values[name] = pf.values.get("value")
			}
		}
	default:
		af, ok := d.mapping(node, path, stackmonAttributes...)
		if !ok {
			return nil
		}
		for _, name := range stackmonAttributes {
			if d.required(af, name) != "" {
				values[name] = af.values.get(name)
			}
		}
		return values
	}
	if len(d.problems) > before {
		return values
	}
	for _, name := range stackmonAttributes {
		if _, ok := values[name]; !ok {
			d.fail(join(path, name), node, "missing")
		}
	}
	return values
}

// derivedSlug derives a region's or category's slug from its name.
func (d *decoder) derivedSlug(node *yaml.Node, path string) string {
	slug := model.Slug(node.Value)
	if !validSlug(slug) {
		d.fail(path, node, "cannot derive a slug from %q", node.Value)
		return ""
	}
	return slug
}
