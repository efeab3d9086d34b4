package bootstrap

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gopkg.in/yaml.v3"

	"statusdash/app/store"
)

// eventsPerChunk is how many events one chunk's node tree holds: a few MB,
// where the whole tree of a catalog with 100,000 events takes about 2 GB.
const eventsPerChunk = 500

// parseInChunks decodes a catalog whose events come last, as a block list,
// from a node tree for its head and one per chunk of perChunk events, decoded on
// every core: a catalog that carries an installation's history decodes
// faster and in a fraction of the memory. It reports false when the text
// is not laid out that way or has any problem at all: decoding the whole
// then reports every problem, in file order with its line.
func parseInChunks(data []byte, now time.Time, perChunk int) (*Catalog, bool) {
	split, ok := splitEvents(data, perChunk)
	if !ok {
		return nil, false
	}
	d := &decoder{now: now}
	top := d.root(split.head)
	if top == nil || !endsWithEmptyEvents(top, split.eventsLine) {
		return nil, false
	}
	catalog, refs := d.catalog(top)
	if len(d.problems) > 0 {
		return nil, false
	}
	events, ok := decodeEventChunks(split.chunks, refs, now)
	if !ok || hasDuplicateEvent(events) {
		return nil, false
	}
	catalog.Events = events
	return catalog, true
}

// endsWithEmptyEvents reports whether top is a mapping whose last key is
// the "events:" that splitEvents cut at, with nothing after it.
func endsWithEmptyEvents(top *yaml.Node, line int) bool {
	n := len(top.Content)
	if top.Kind != yaml.MappingNode || n < 2 {
		return false
	}
	key, value := top.Content[n-2], top.Content[n-1]
	return key.Kind == yaml.ScalarNode && key.Value == "events" && key.Line == line && key.Column == 1 && isNull(value)
}

// decodeEventChunks decodes the chunks into their events in file order,
// on as many goroutines as there are cores; false on any problem.
func decodeEventChunks(chunks [][]byte, refs *catalogRefs, now time.Time) ([]store.EventSpec, bool) {
	decoded := make([][]store.EventSpec, len(chunks))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Go(func() {
			d := &decoder{now: now}
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(chunks) {
					return
				}
				events, ok := d.eventChunk(chunks[i], refs)
				if !ok {
					failed.Store(true)
					return
				}
				decoded[i] = events
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return nil, false
	}
	var events []store.EventSpec
	for _, chunk := range decoded {
		events = append(events, chunk...)
	}
	return events, true
}

// eventChunk decodes one chunk, a YAML list of events; false on any problem.
func (d *decoder) eventChunk(chunk []byte, refs *catalogRefs) ([]store.EventSpec, bool) {
	var root yaml.Node
	yamlDecoder := yaml.NewDecoder(bytes.NewReader(chunk))
	if err := yamlDecoder.Decode(&root); err != nil {
		return nil, false
	}
	var next yaml.Node
	if err := yamlDecoder.Decode(&next); !errors.Is(err, io.EOF) || len(root.Content) != 1 {
		return nil, false
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode || !d.usable(list, "events") {
		return nil, false
	}
	events := make([]store.EventSpec, 0, len(list.Content))
	for _, node := range list.Content {
		// Paths and lines only matter in problems, which the whole decode reports.
		event, ok := d.event(node, "events", refs)
		if !ok || len(d.problems) > 0 {
			return nil, false
		}
		events = append(events, event)
	}
	return events, true
}

// hasDuplicateEvent reports whether two events share what tells them apart.
func hasDuplicateEvent(events []store.EventSpec) bool {
	seen := make(map[eventKey]bool, len(events))
	for _, event := range events {
		if seen[keyOf(event)] {
			return true
		}
		seen[keyOf(event)] = true
	}
	return false
}
