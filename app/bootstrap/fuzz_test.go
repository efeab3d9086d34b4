package bootstrap

import (
	"errors"
	"testing"
)

// FuzzParse checks that no input panics, that every rejection is a
// *ValidationError with at least one problem, and that every accepted
// catalog obeys Validate.
func FuzzParse(f *testing.F) {
	f.Add(readTestdata(f, "otc-production.yaml"))
	f.Add(readFile(f, "../../instance/catalog.yaml"))
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
		_ = catalog.Spec()
	})
}
