package bootstrap

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"statusdash/app/incident"
)

// decoder walks a YAML node tree by hand, so that every problem names its
// path and line and decoding goes on after the first one.
type decoder struct {
	now      time.Time
	problems []Problem
}

func (d *decoder) fail(path string, node *yaml.Node, format string, args ...any) {
	line := 0
	if node != nil {
		line = node.Line
	}
	d.problems = append(d.problems, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}

// fields is one YAML mapping's values by key, with the mapping's node for
// reporting missing keys.
type fields struct {
	node   *yaml.Node
	path   string
	values keyValues
}

// keyValues are a mapping's values by key, in file order: a catalog's
// mappings have a few keys, and the events of a large one have hundreds of
// thousands of mappings, which a map each would cost more.
type keyValues []keyValue

type keyValue struct {
	key   string
	value *yaml.Node
}

func (kv keyValues) lookup(key string) (*yaml.Node, bool) {
	for _, pair := range kv {
		if pair.key == key {
			return pair.value, true
		}
	}
	return nil, false
}

// get is the value of key, or nil.
func (kv keyValues) get(key string) *yaml.Node {
	value, _ := kv.lookup(key)
	return value
}

func (f fields) at(key string) string { return join(f.path, key) }

// has reports whether key is present and not null.
func (f fields) has(key string) bool {
	v, ok := f.values.lookup(key)
	return ok && !isNull(v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func isNull(node *yaml.Node) bool {
	return node == nil || (node.Kind == yaml.ScalarNode && node.Tag == "!!null")
}

// usable reports whether node can be read; aliases and anchors are refused
// because a catalog never needs them and they can expand without bound.
func (d *decoder) usable(node *yaml.Node, path string) bool {
	if node.Kind == yaml.AliasNode || node.Anchor != "" {
		d.fail(path, node, "YAML anchors and aliases are not supported")
		return false
	}
	return true
}

// mapping checks that node is a mapping holding only the known keys, each
// once; unknown and repeated keys are problems.
func (d *decoder) mapping(node *yaml.Node, path string, known ...string) (fields, bool) {
	f := fields{node: node, path: path, values: make(keyValues, 0, len(node.Content)/2)}
	if !d.usable(node, path) {
		return f, false
	}
	if node.Kind != yaml.MappingNode {
		d.fail(path, node, "want a mapping, got %s", kindName(node))
		return f, false
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i], node.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			d.fail(path, key, "keys must be plain strings")
			continue
		}
		if !slices.Contains(known, key.Value) {
			d.fail(join(path, key.Value), key, "unknown key (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, seen := f.values.lookup(key.Value); seen {
			d.fail(join(path, key.Value), key, "repeated key")
			continue
		}
		f.values = append(f.values, keyValue{key.Value, value})
	}
	return f, true
}

// sequence reads a list; a missing or null list is empty.
func (d *decoder) sequence(node *yaml.Node, path string) []*yaml.Node {
	if isNull(node) || !d.usable(node, path) {
		return nil
	}
	if node.Kind != yaml.SequenceNode {
		d.fail(path, node, "want a list, got %s", kindName(node))
		return nil
	}
	return node.Content
}

// text reads an optional string field; "" when absent.
func (d *decoder) text(f fields, key string) string {
	node := f.values.get(key)
	if isNull(node) || !d.usable(node, f.at(key)) {
		return ""
	}
	if node.Kind != yaml.ScalarNode {
		d.fail(f.at(key), node, "want a string, got %s", kindName(node))
		return ""
	}
	if problem := incident.TextProblem(node.Value); problem != "" {
		d.fail(f.at(key), node, "%s", problem)
	}
	return node.Value
}

// required reads a string field that must be present and not blank, trimmed.
func (d *decoder) required(f fields, key string) string {
	if !f.has(key) {
		d.fail(f.at(key), f.node, "missing")
		return ""
	}
	value := strings.TrimSpace(d.text(f, key))
	if value == "" && f.values.get(key).Kind == yaml.ScalarNode {
		d.fail(f.at(key), f.values.get(key), "must not be empty")
	}
	return value
}

// integer reads an optional integer field; ok is false when absent or bad.
func (d *decoder) integer(f fields, key string) (int, bool) {
	node := f.values.get(key)
	if isNull(node) || !d.usable(node, f.at(key)) {
		return 0, false
	}
	if node.Kind != yaml.ScalarNode || node.Tag != "!!int" {
		d.fail(f.at(key), node, "want a whole number, got %q", node.Value)
		return 0, false
	}
	n, err := strconv.Atoi(node.Value)
	if err != nil {
		d.fail(f.at(key), node, "want a whole number, got %q", node.Value)
		return 0, false
	}
	return n, true
}

// time reads a time field; ok is false when absent or bad.
func (d *decoder) time(f fields, key string) (t time.Time, relative, ok bool) {
	if !f.has(key) {
		return time.Time{}, false, false
	}
	value := d.text(f, key)
	if value == "" {
		return time.Time{}, false, false
	}
	t, relative, err := parseTime(value, d.now)
	if err != nil {
		d.fail(f.at(key), f.values.get(key), "bad time %q: %v", value, err)
		return time.Time{}, false, false
	}
	return t.UTC(), relative, true
}

func kindName(node *yaml.Node) string {
	switch node.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(node) {
			return "nothing"
		}
		return fmt.Sprintf("%q", node.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}
