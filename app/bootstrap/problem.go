package bootstrap

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a catalog, named by its YAML path.
type Problem struct {
	Path    string // e.g. "components[3].attributes.region"
	Line    int    // 1-based line in the file; 0 when unknown
	Message string // e.g. "missing"
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", p.Line)
	}
	return b.String()
}

// ValidationError lists every problem found in a catalog, in file order.
type ValidationError struct {
	Source   string // the file name, or empty
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("bootstrap: invalid catalog")
	if e.Source != "" {
		b.WriteString(" ")
		b.WriteString(e.Source)
	}
	fmt.Fprintf(&b, " (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
