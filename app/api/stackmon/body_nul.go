package stackmon

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// nulField names the first string of a JSON document (a key or a value) that
// holds a NUL character: PostgreSQL text cannot store one, so such a body is
// refused with 400 before it reaches the store (SQLite would keep it).
func nulField(raw []byte) (string, bool) {
	if !bytes.Contains(raw, []byte(`\u0000`)) {
		return "", false // the only way to write NUL in valid JSON
	}
	var document any
	if err := json.Unmarshal(raw, &document); err != nil {
		return "", false
	}
	return findNUL(document, "")
}

func findNUL(value any, path string) (string, bool) {
	switch value := value.(type) {
	case string:
		return path, strings.ContainsRune(value, 0)
	case []any:
		for i, item := range value {
			if at, ok := findNUL(item, path+"["+strconv.Itoa(i)+"]"); ok {
				return at, true
			}
		}
	case map[string]any:
		for key, item := range value {
			at := key
			if path != "" {
				at = path + "." + key
			}
			if strings.ContainsRune(key, 0) {
				return strconv.Quote(at), true
			}
			if at, ok := findNUL(item, at); ok {
				return at, true
			}
		}
	}
	return "", false
}
