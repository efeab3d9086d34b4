package typed

import "testing"

// FuzzParseNoteID: any note id is refused with an error or parses to an
// event and an update index that print as a note id parsing back to them;
// never a panic.
func FuzzParseNoteID(f *testing.F) {
	for _, seed := range []string{"1.0", "12.3", "", ".", "1.", ".1", "0.0", "1.-1", "+1.+0", "4294967296.0", "1.2.3", "x.y"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		eventID, index, err := parseNoteID(raw)
		if err != nil {
			return
		}
		if eventID == 0 || index < 0 {
			t.Fatalf("parseNoteID(%q) = %d, %d", raw, eventID, index)
		}
		again, againIndex, err := parseNoteID(noteID(eventID, index))
		if err != nil || again != eventID || againIndex != index {
			t.Fatalf("parseNoteID(%q) = %d, %d, which does not read back: %d, %d, %v", raw, eventID, index, again, againIndex, err)
		}
	})
}
