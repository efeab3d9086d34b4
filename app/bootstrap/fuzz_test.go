package bootstrap

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// FuzzParse checks that no input panics, that every rejection is a
// *ValidationError with at least one problem, that every accepted
// catalog obeys Validate, and that decoding in chunks of one event gives
// what decoding the whole gives whenever it does not decline.
func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input it finds, and on the
	// whole 8 KB catalogs that minimising took nearly all of a 30 s run.
	f.Add(headLines(readTestdata(f, "otc-production.yaml"), 20))
	f.Add([]byte(nativeHead + "events:\n- type: maintenance\n  title: Upgrade\n  start: +1d\n  end: +1d2h\n" +
		"  components: [{service: ecs, region: EU-DE}]\n  updates:\n  - {status: planned, text: '**Soon**', at: -1h}\n"))
	f.Add([]byte(nativeHead))
	f.Add([]byte(nativeHead + "  checks:\n  - {kind: http, target: 'https://{service}.{region}.example.org/', interval_seconds: 30, headers: {X: '{region}'}}\n" +
		"  - {kind: tcp, target: 'db:5432', interval_seconds: 60, regions: [EU-DE], locations: [a, b], quorum: 2}\n"))
	f.Add([]byte("components:\n- name: ECS\n  attributes:\n  - {name: region, value: EU-DE}\n  - {name: category, value: Compute}\n  - {name: type, value: ecs}\n"))
	f.Add([]byte(nativeHead + "events:\n- {type: info, title: Hello, start: -1h, components: [{service: ecs}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if chunked, ok := parseInChunks(data, testNow, 1); ok {
			whole := &decoder{now: testNow}
			if want := whole.parse(data); len(whole.problems) > 0 || !reflect.DeepEqual(chunked, want) {
				t.Fatalf("chunked gave %+v, whole gave %+v with problems %v", chunked, want, whole.problems)
			}
		}
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
