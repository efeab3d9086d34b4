package bootstrap

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse checks that no input panics, that every rejection is a
// *ValidationError with at least one problem, and that every accepted
// catalog obeys Validate.
func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, and on the
	// whole 8 KB catalogs that minimising took nearly all of a 30 s run.
	f.Add(headLines(readTestdata(f, "otc-production.yaml"), 20))
	f.Add([]byte(nativeHead + "events:\n- type: maintenance\n  title: Upgrade\n  start: +1d\n  end: +1d2h\n" +
		"  components: [{service: ecs, region: EU-DE}]\n  updates:\n  - {status: planned, text: '**Soon**', at: -1h}\n"))
	f.Add([]byte(nativeHead))
	f.Add([]byte("components:\n- name: ECS\n  attributes:\n  - {name: region, value: EU-DE}\n  - {name: category, value: Compute}\n  - {name: type, value: ecs}\n"))
	f.Add([]byte(nativeHead + "events:\n- {type: info, title: Hello, start: -1h, components: [{service: ecs}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		catalog, err := Parse(data, testNow)
		if err != nil {
			var invalid *ValidationError
			if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
				t.Fatalf("got error %v, want a *ValidationError with problems", err)
			}
			return
		}
		if err := catalog.Validate(testNow); err != nil {
			t.Fatalf("accepted a catalog that does not validate: %v", err)
		}
	})
}

// headLines is the first n lines of data.
func headLines(data []byte, n int) []byte {
	lines := bytes.SplitAfterN(data, []byte("\n"), n+1)
	return bytes.Join(lines[:min(n, len(lines))], nil)
}
