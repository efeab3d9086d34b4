package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryVariableIsDocumented: the README's configuration table and both
// example files name every variable Load reads, so a new setting cannot go
// undocumented.
func TestEveryVariableIsDocumented(t *testing.T) {
	root := filepath.Join("..", "..")
	documents := []struct {
		file string
		name func(variable string) string
	}{
		{"README.md", func(v string) string { return "`" + v + "`" }},
		{filepath.Join("config", "example.env"), func(v string) string { return v + "=" }},
		{filepath.Join("config", "statusdash.example.yaml"), func(v string) string { return strings.ToLower(strings.TrimPrefix(v, "SDB_")) + ":" }},
	}
	for _, document := range documents {
		text, err := os.ReadFile(filepath.Join(root, document.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, variable := range Variables() {
			if variable == "SDB_CONFIG" && document.file != "README.md" {
				continue // names the file itself
			}
			if !strings.Contains(string(text), document.name(variable)) {
				t.Errorf("%s does not mention %s", document.file, document.name(variable))
			}
		}
	}
}
