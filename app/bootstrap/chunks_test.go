package bootstrap

import (
	"reflect"
	"strings"
	"testing"
)

const twoEvents = `- type: incident
  title: ECS slow
  impact: 1
  start: -2h
  components: [{service: ecs}]
- type: info
  title: Hello
  description: |
    A note.
    - a dash in the text, deeper than the item's
  start: -1h
  end: -30m
  components:
  - service: ecs
`

func TestSplitEvents(t *testing.T) {
	tests := []struct {
		name   string
		yaml   string
		ok     bool
		chunks []string
	}{
		{"no events", nativeHead, false, nil},
		{"events with nothing after", nativeHead + "events:\n", true, nil},
		{"events null, a comment", nativeHead + "events:  \n  # none yet\n", true, nil},
		{"one per chunk", nativeHead + "events:\n" + twoEvents, true,
			[]string{twoEvents[:strings.Index(twoEvents, "- type: info")], twoEvents[strings.Index(twoEvents, "- type: info"):]}},
		{"indented items, comments between", nativeHead + "events:\n# first\n  - {type: info}\n\n# second\n  - {type: info}\n", true,
			[]string{"# first\n  - {type: info}\n\n# second\n", "  - {type: info}\n"}},
		{"CRLF", "regions: []\r\nevents:\r\n- a\r\n-\r\n  b\r\n", true, []string{"- a\r\n", "-\r\n  b\r\n"}},
		{"a flow list", nativeHead + "events: [{type: info}]\n", false, nil},
		{"a comment on the key", nativeHead + "events: # past ones\n- {type: info}\n", false, nil},
		{"a key after the events", "events:\n- {type: info}\nregions: []\n", false, nil},
		{"a second document", "events:\n- {type: info}\n---\n- {type: info}\n", false, nil},
		{"an item less indented", "events:\n  - {type: info}\n - {type: info}\n", false, nil},
		{"text at the items' column", "events:\n  - {type: info}\n  type: info\n", false, nil},
		{"a line that starts with a tab", "events:\n- {type: info}\n\t- {type: info}\n", false, nil},
		{"a directive", "%YAML 1.2\n---\nevents:\n- {type: info}\n", false, nil},
		{"events nested, not at column 0", "catalog:\n  events:\n  - {type: info}\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			split, ok := splitEvents([]byte(tt.yaml), 1)
			if ok != tt.ok {
				t.Fatalf("got ok %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if got := string(split.head) + strings.Join(asStrings(split.chunks), ""); got != tt.yaml {
				t.Errorf("head and chunks make %q, want the text back", got)
			}
			if got := asStrings(split.chunks); !reflect.DeepEqual(got, tt.chunks) {
				t.Errorf("got chunks %q, want %q", got, tt.chunks)
			}
		})
	}
}

func asStrings(chunks [][]byte) []string {
	var list []string
	for _, chunk := range chunks {
		list = append(list, string(chunk))
	}
	return list
}

// Decoding in chunks gives what decoding the whole gives, or declines; a
// catalog with any problem is left to the whole decode, which names them.
func TestParseInChunksMatchesWhole(t *testing.T) {
	manyEvents := nativeHead + "events:\n"
	for _, title := range []string{"One", "Two", "Three", "Four", "Five"} {
		manyEvents += "  - type: maintenance\n    title: " + title + "\n    start: +1d\n    end: +1d2h\n" +
			"    components: [{service: ecs, region: EU-DE}]\n    updates:\n      - {status: planned, text: '**Soon**', at: -1h}\n"
	}
	tests := []struct {
		name    string
		yaml    string
		chunked bool
	}{
		{"two events", nativeHead + "events:\n" + twoEvents, true},
		{"five events, indented", manyEvents, true},
		{"stackmon", "components:\n- name: ECS\n  attributes: {region: EU-DE, category: Compute, type: ecs}\nevents:\n" + twoEvents, true},
		{"the sample catalog", string(readFile(t, "../../instance/catalog.yaml")), true},
		{"no events", string(readTestdata(t, "otc-production.yaml")), false},
		{"a problem in the head", strings.Replace(nativeHead, "category: Compute", "category: Nope", 1) + "events:\n" + twoEvents, false},
		{"a problem in an event", nativeHead + "events:\n" + strings.Replace(twoEvents, "impact: 1", "impact: 9", 1), false},
		{"a duplicate across chunks", nativeHead + "events:\n" + twoEvents + twoEvents, false},
		{"an alias across chunks", nativeHead + "events:\n- &first {type: info, title: A, start: -1h, components: [{service: ecs}]}\n- *first\n", false},
		{"a quoted text cut at an item", nativeHead + "events:\n- type: info\n  title: \"A\n- type: info\"\n  start: -1h\n  components: [{service: ecs}]\n", false},
		{"a flow list cut at an item", nativeHead + "events:\n- type: info\n  title: A\n  start: -1h\n  components: [{service: ecs},\n- {service: ecs}]\n", false},
		{"events decoded twice", nativeHead + "events:\n" + twoEvents + "events:\n", false},
		{"the head is a scalar", "--- |\nevents:\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.yaml)
			chunked, ok := parseInChunks(data, testNow, 1)
			if ok != tt.chunked {
				t.Fatalf("got chunked %v, want %v", ok, tt.chunked)
			}
			whole := &decoder{now: testNow}
			want := whole.parse(data)
			if ok && (len(whole.problems) > 0 || !reflect.DeepEqual(chunked, want)) {
				t.Errorf("chunked gave %+v, whole gave %+v with problems %v", chunked, want, whole.problems)
			}
		})
	}
}
