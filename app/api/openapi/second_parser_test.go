package openapi_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"gopkg.in/yaml.v3"

	"statusdash/app/api/openapi"
)

// TestDocumentHasNoMergeKeysOrAliases: YAML merge keys are no part of YAML
// 1.2, and swagger-parser drops what they bring (the alias paths lost their
// responses); anchors and aliases are left out with them, so any parser
// reads the document as written.
func TestDocumentHasNoMergeKeysOrAliases(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal(openapi.Document, &root); err != nil {
		t.Fatalf("openapi.yaml is not YAML: %v", err)
	}
	var walk func(node *yaml.Node)
	walk = func(node *yaml.Node) {
		switch {
		case node.Kind == yaml.AliasNode:
			t.Errorf("line %d: alias *%s", node.Line, node.Value)
		case node.Anchor != "":
			t.Errorf("line %d: anchor &%s", node.Line, node.Anchor)
		}
		for i, child := range node.Content {
			if node.Kind == yaml.MappingNode && i%2 == 0 && child.Value == "<<" {
				t.Errorf("line %d: merge key <<", child.Line)
			}
			walk(child)
		}
	}
	walk(&root)
}

// TestSecondParserReadsTheSameDocument builds the document with libopenapi,
// a parser independent of kin-openapi: it must build without errors or
// unresolved references, and find the same operations, each with the same
// responses as kin-openapi (none without).
func TestSecondParserReadsTheSameDocument(t *testing.T) {
	document, err := libopenapi.NewDocument(openapi.Document)
	if err != nil {
		t.Fatalf("libopenapi: %v", err)
	}
	model, err := document.BuildV3Model()
	if err != nil {
		t.Fatalf("libopenapi cannot build the OpenAPI 3 model: %v", err)
	}
	for _, err := range model.Index.GetReferenceIndexErrors() {
		t.Errorf("libopenapi: %v", err)
	}
	for _, err := range model.Index.GetResolver().GetResolvingErrors() {
		t.Errorf("libopenapi: %v", err)
	}
	second := map[string]string{} // "METHOD path" to its response codes
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, operation := range item.GetOperations().FromOldest() {
			key := strings.ToUpper(method) + " " + path
			if operation.Responses == nil || operation.Responses.Codes == nil || operation.Responses.Codes.Len() == 0 {
				t.Errorf("libopenapi: %s (%s) has no responses", key, operation.OperationId)
				continue
			}
			codes := slices.Sorted(operation.Responses.Codes.KeysFromOldest())
			second[key] = operation.OperationId + " " + strings.Join(codes, ",")
		}
	}
	first := map[string]string{}
	for path, item := range loadDocument(t).Paths.Map() {
		for method, operation := range item.Operations() {
			codes := slices.Sorted(maps.Keys(operation.Responses.Map()))
			first[method+" "+path] = operation.OperationID + " " + strings.Join(codes, ",")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(first)) {
		if second[key] != first[key] {
			t.Errorf("%s: kin-openapi reads %q, libopenapi %q", key, first[key], second[key])
		}
	}
	for key := range second {
		if _, ok := first[key]; !ok {
			t.Errorf("%s: only libopenapi reads it", key)
		}
	}
	if len(first) < 30 {
		t.Errorf("kin-openapi reads %d operations, want every one of the API (30 or more)", len(first))
	}
}
