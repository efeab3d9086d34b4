package statuspage

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDocuments compares each file, byte for byte after indentation, with
// its golden copy in testdata: field names, types, nulls, order and times.
func TestDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		provision(t, s)
		e := newServer(t, s, &clock{now: testNow})
		for name := range documents {
			t.Run(name, func(t *testing.T) {
				response := get(e, "/api/v2/"+name)
				if response.Code != http.StatusOK {
					t.Fatalf("GET %s: status %d, want 200: %s", name, response.Code, response.Body)
				}
				if got := response.Header().Get("Content-Type"); got != jsonContentType {
					t.Errorf("Content-Type = %q, want %q", got, jsonContentType)
				}
				var indented bytes.Buffer
				if err := json.Indent(&indented, response.Body.Bytes(), "", "  "); err != nil {
					t.Fatalf("GET %s: not JSON: %v", name, err)
				}
				indented.WriteByte('\n')
				golden := filepath.Join("testdata", strings.ReplaceAll(name, "/", "_"))
				if *update && strings.HasSuffix(t.Name(), "sqlite/"+name) {
					if err := os.WriteFile(golden, indented.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("read golden file (run with -update): %v", err)
				}
				if got := indented.String(); got != string(want) {
					t.Errorf("GET %s:\n got %s\nwant %s", name, got, want)
				}
			})
		}
	})
}
