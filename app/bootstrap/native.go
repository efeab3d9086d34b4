package bootstrap

import (
	"gopkg.in/yaml.v3"

	"statusdash/app/model"
	"statusdash/app/store"
)

func (d *decoder) native(top *yaml.Node) (*Catalog, *catalogRefs) {
	f, ok := d.mapping(top, "", "categories", "regions", "services", "events")
	if !ok {
		return nil, nil
	}
	c := &Catalog{Form: FormNative}
	refs := newCatalogRefs()
	categories := newLookup()
	for i, node := range d.sequence(f.values.get("categories"), "categories") {
		if name, slug, ok := d.named(node, index("categories", i), categories, "category"); ok {
			c.Categories = append(c.Categories, store.CategorySpec{Name: name, Slug: slug})
		}
	}
	for i, node := range d.sequence(f.values.get("regions"), "regions") {
		if name, slug, ok := d.named(node, index("regions", i), refs.regions, "region"); ok {
			c.Regions = append(c.Regions, store.RegionSpec{Name: name, Slug: slug})
		}
	}
	checks := map[checkIdentity]int{}
	for i, node := range d.sequence(f.values.get("services"), "services") {
		d.nativeService(c, node, index("services", i), categories, refs, checks)
	}
	c.Events = d.events(f, refs)
	return c, refs
}

// named reads a category or region: a name and an optional slug.
func (d *decoder) named(node *yaml.Node, path string, known *lookup, kind string) (name, slug string, ok bool) {
	f, ok := d.mapping(node, path, "name", "slug")
	if !ok {
		return "", "", false
	}
	before := len(d.problems)
	name = d.required(f, "name")
	slug = d.slug(f, name)
	if len(d.problems) > before {
		return "", "", false
	}
	if earlier, dup := known.line(slug); dup {
		d.fail(path, node, "duplicate %s %q, first defined on line %d", kind, slug, earlier)
		return "", "", false
	}
	known.add(name, slug, node.Line)
	return name, slug, true
}

// slug reads the optional slug field, or derives one from name.
func (d *decoder) slug(f fields, name string) string {
	if f.has("slug") {
		slug := d.text(f, "slug")
		if !validSlug(slug) {
			d.fail(f.at("slug"), f.values.get("slug"), "bad slug %q: want lower-case letters, digits, '-' and '_'", slug)
			return ""
		}
		return slug
	}
	if name == "" {
		return ""
	}
	slug := model.Slug(name)
	if !validSlug(slug) {
		d.fail(f.at("name"), f.values.get("name"), "cannot derive a slug from %q; give a slug", name)
		return ""
	}
	return slug
}

func (d *decoder) nativeService(c *Catalog, node *yaml.Node, path string, categories *lookup, refs *catalogRefs, seenChecks map[checkIdentity]int) {
	f, ok := d.mapping(node, path, "name", "slug", "category", "description", "regions", "checks")
	if !ok {
		return
	}
	before := len(d.problems)
	name := d.required(f, "name")
	slug := d.slug(f, name)
	description := d.text(f, "description")
	category := ""
	if ref := d.required(f, "category"); ref != "" {
		var known bool
		if category, known = categories.resolve(ref); !known {
			d.fail(f.at("category"), f.values.get("category"), "unknown category %q", ref)
		}
	}
	if slug != "" {
		if earlier, dup := refs.services.line(slug); dup {
			d.fail(path, node, "duplicate service %q, first defined on line %d", slug, earlier)
			return
		}
	}
	if !f.has("regions") {
		d.fail(f.at("regions"), node, "missing: list the regions the service runs in")
	}
	var components []store.ComponentSpec
	for j, regionNode := range d.sequence(f.values.get("regions"), f.at("regions")) {
		at := index(f.at("regions"), j)
		if !d.usable(regionNode, at) {
			continue
		}
		if regionNode.Kind != yaml.ScalarNode || isNull(regionNode) {
			d.fail(at, regionNode, "want a region name or slug, got %s", kindName(regionNode))
			continue
		}
		region, known := refs.regions.resolve(regionNode.Value)
		if !known {
			d.fail(at, regionNode, "unknown region %q", regionNode.Value)
			continue
		}
		component := store.ComponentSpec{Service: slug, Region: region}
		if slug == "" {
			continue
		}
		if earlier, fresh := refs.addComponent(component, regionNode.Line); !fresh {
			d.fail(at, regionNode, "duplicate component %s in %s, first listed on line %d", slug, region, earlier)
			continue
		}
		components = append(components, component)
	}
	if len(d.problems) > before {
		return
	}
	regions := make([]string, len(components))
	for i, component := range components {
		regions[i] = component.Region
	}
	checks := d.nativeChecks(f.values.get("checks"), f.at("checks"), slug, regions, refs, seenChecks)
	if len(d.problems) > before {
		return
	}
	refs.services.add(name, slug, node.Line)
	c.Services = append(c.Services, store.ServiceSpec{Name: name, Slug: slug, Category: category, Description: description})
	c.Components = append(c.Components, components...)
	c.Checks = append(c.Checks, checks...)
}
