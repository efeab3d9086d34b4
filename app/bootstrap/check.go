package bootstrap

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Placeholders a check's string values may hold, replaced for each
// component by its region's and its service's slug.
const (
	regionPlaceholder  = "{region}"
	servicePlaceholder = "{service}"
)

// checkRegionsKey restricts a catalog check to some of its service's regions.
const checkRegionsKey = "regions"

// heartbeatRefusal says why a catalog cannot hold a heartbeat check.
const heartbeatRefusal = "heartbeat checks are not provisioned from the catalog: their secret token must not live in a file; " +
	"create them with POST /api/v3/checks or on /manage/checks"

// checkIdentity is what tells two checks of the catalog apart, as
// provisioning recognises them: the component, the kind and the target.
type checkIdentity struct {
	component    store.ComponentSpec
	kind, target string
}

// nativeChecks reads a service's checks. Each entry is a definition with
// the API's field names, made once for every region of the service (or of
// the entry's own regions) with {region} and {service} replaced in its
// string values. Problems name the entry's path and the field.
func (d *decoder) nativeChecks(node *yaml.Node, path, service string, serviceRegions []string, refs *catalogRefs,
	seen map[checkIdentity]int) []store.CheckSpec {
	var specs []store.CheckSpec
	for i, entry := range d.sequence(node, path) {
		specs = append(specs, d.nativeCheck(entry, index(path, i), service, serviceRegions, refs, seen)...)
	}
	return specs
}

func (d *decoder) nativeCheck(node *yaml.Node, path, service string, serviceRegions []string, refs *catalogRefs,
	seen map[checkIdentity]int) []store.CheckSpec {
	if !d.usable(node, path) {
		return nil
	}
	if node.Kind != yaml.MappingNode {
		d.fail(path, node, "want a mapping (a check definition), got %s", kindName(node))
		return nil
	}
	before := len(d.problems)
	keys := map[string]*yaml.Node{}
	definition := map[string]any{}
	var regionsNode *yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i], node.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			d.fail(path, key, "keys must be plain strings")
			continue
		}
		at := join(path, key.Value)
		if _, repeated := keys[key.Value]; repeated {
			d.fail(at, key, "repeated key")
			continue
		}
		keys[key.Value] = key
		if key.Value == checkRegionsKey {
			regionsNode = value
			continue
		}
		if converted, ok := d.jsonValue(value, at); ok {
			definition[key.Value] = converted
		}
	}
	regions := d.checkRegions(regionsNode, join(path, checkRegionsKey), serviceRegions, refs)
	if len(d.problems) > before {
		return nil
	}
	if definition[probe.FieldKind] == string(probe.KindHeartbeat) {
		d.fail(join(path, probe.FieldKind), keys[probe.FieldKind], "%s", heartbeatRefusal)
		return nil
	}
	line := func(field string) *yaml.Node {
		if key, ok := keys[field]; ok {
			return key
		}
		return node
	}
	reported := map[string]bool{}
	var specs []store.CheckSpec
	for _, region := range regions {
		def, problems := checkFor(definition, region, service)
		for _, problem := range problems {
			if reported[problem.field+"\x00"+problem.message] {
				continue
			}
			reported[problem.field+"\x00"+problem.message] = true
			message := problem.message
			if len(regions) > 1 && templated(definition) {
				message += " (region " + region + ")"
			}
			d.fail(join(path, problem.field), line(problem.field), "%s", message)
		}
		if len(problems) > 0 {
			continue
		}
		component := store.ComponentSpec{Service: service, Region: region}
		identity := checkIdentity{component, string(def.Kind), def.Target}
		if earlier, dup := seen[identity]; dup {
			d.fail(path, node, "a %s check of %s in %s with target %q is already defined on line %d", def.Kind, service, region, def.Target, earlier)
			continue
		}
		seen[identity] = node.Line
		specs = append(specs, store.CheckSpec{Component: component, Definition: def})
	}
	return specs
}

// checkRegions reads an entry's regions: names or slugs of regions the
// service runs in. Absent, the entry covers every region of the service.
func (d *decoder) checkRegions(node *yaml.Node, path string, serviceRegions []string, refs *catalogRefs) []string {
	if isNull(node) {
		return serviceRegions
	}
	list := d.sequence(node, path)
	if node.Kind == yaml.SequenceNode && len(list) == 0 {
		d.fail(path, node, "must list at least one region, or be left out for all of the service's regions")
	}
	var regions []string
	for j, regionNode := range list {
		at := index(path, j)
		if !d.usable(regionNode, at) {
			continue
		}
		if regionNode.Kind != yaml.ScalarNode || isNull(regionNode) {
			d.fail(at, regionNode, "want a region name or slug, got %s", kindName(regionNode))
			continue
		}
		region, known := refs.regions.resolve(regionNode.Value)
		switch {
		case !known:
			d.fail(at, regionNode, "unknown region %q", regionNode.Value)
		case !slices.Contains(serviceRegions, region):
			d.fail(at, regionNode, "the service does not run in %s", region)
		case slices.Contains(regions, region):
			d.fail(at, regionNode, "region %s is listed twice", region)
		default:
			regions = append(regions, region)
		}
	}
	return regions
}

// checkProblem is one thing wrong with a definition, by its field.
type checkProblem struct{ field, message string }

// checkFor makes the definition of one component from the entry's fields.
func checkFor(definition map[string]any, region, service string) (probe.Definition, []checkProblem) {
	data, err := json.Marshal(substitute(definition, region, service))
	if err != nil {
		return probe.Definition{}, []checkProblem{{"", fmt.Sprintf("cannot read the definition: %v", err)}}
	}
	def, err := probe.ParseDefinition(data)
	var fields incident.FieldErrors
	switch {
	case errors.As(err, &fields):
		problems := make([]checkProblem, 0, len(fields))
		for field, message := range fields {
			problems = append(problems, checkProblem{field, message})
		}
		slices.SortFunc(problems, func(a, b checkProblem) int { return strings.Compare(a.field, b.field) })
		return probe.Definition{}, problems
	case err != nil:
		return probe.Definition{}, []checkProblem{{"", err.Error()}}
	}
	return def, nil
}

// substitute replaces the placeholders in every string of value.
func substitute(value any, region, service string) any {
	switch v := value.(type) {
	case string:
		return strings.NewReplacer(regionPlaceholder, region, servicePlaceholder, service).Replace(v)
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = substitute(item, region, service)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, item := range v {
			out[key] = substitute(item, region, service)
		}
		return out
	}
	return value
}

// templated reports whether any string of value holds a placeholder.
func templated(value any) bool {
	switch v := value.(type) {
	case string:
		return strings.Contains(v, regionPlaceholder) || strings.Contains(v, servicePlaceholder)
	case []any:
		return slices.ContainsFunc(v, templated)
	case map[string]any:
		for _, item := range v {
			if templated(item) {
				return true
			}
		}
	}
	return false
}

// jsonValue turns a YAML node into the value JSON encodes the same way:
// strings, numbers, booleans, null, lists and mappings with string keys.
// Other tags (timestamps, binary) stay the text they were written as.
func (d *decoder) jsonValue(node *yaml.Node, path string) (any, bool) {
	if !d.usable(node, path) {
		return nil, false
	}
	switch node.Kind {
	case yaml.ScalarNode:
		return d.jsonScalar(node, path)
	case yaml.SequenceNode:
		list := make([]any, 0, len(node.Content))
		for i, item := range node.Content {
			value, ok := d.jsonValue(item, index(path, i))
			if !ok {
				return nil, false
			}
			list = append(list, value)
		}
		return list, true
	case yaml.MappingNode:
		object := make(map[string]any, len(node.Content)/2)
		for i := 0; i+1 < len(node.Content); i += 2 {
			key := node.Content[i]
			if key.Kind != yaml.ScalarNode {
				d.fail(path, key, "keys must be plain strings")
				return nil, false
			}
			if _, repeated := object[key.Value]; repeated {
				d.fail(join(path, key.Value), key, "repeated key")
				return nil, false
			}
			value, ok := d.jsonValue(node.Content[i+1], join(path, key.Value))
			if !ok {
				return nil, false
			}
			object[key.Value] = value
		}
		return object, true
	}
	d.fail(path, node, "want a value, got %s", kindName(node))
	return nil, false
}

func (d *decoder) jsonScalar(node *yaml.Node, path string) (any, bool) {
	switch node.Tag {
	case "!!null":
		return nil, true
	case "!!bool":
		var b bool
		if err := node.Decode(&b); err != nil {
			d.fail(path, node, "want true or false, got %q", node.Value)
			return nil, false
		}
		return b, true
	case "!!int":
		n, err := strconv.ParseInt(strings.ReplaceAll(node.Value, "_", ""), 0, 64)
		if err != nil {
			d.fail(path, node, "want a whole number, got %q", node.Value)
			return nil, false
		}
		return n, true
	case "!!float":
		var f float64
		if err := node.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.fail(path, node, "want a number, got %q", node.Value)
			return nil, false
		}
		return f, true
	}
	return node.Value, true
}
