package bootstrap

import "bytes"

// splitCatalog is a catalog's text cut in two for decoding in pieces: the
// head, everything up to and including a top-level "events:" line, and the
// events that follow as chunks of whole list items, each a YAML list of its
// own.
type splitCatalog struct {
	head []byte
	// eventsLine is the 1-based line of the "events:" key in head.
	eventsLine int
	chunks     [][]byte
}

// splitEvents cuts data into a splitCatalog of chunks of at most perChunk
// events, or reports false when the text is not plainly laid out that way:
// a line "events:" at column 0 (with no directive before it) followed, to
// the end of data, by a block list whose items all start at one column,
// every other line being blank, a comment or indented deeper.
//
// The cut never changes what the text means, when every piece parses: an
// item's block and plain scalars end at any line indented no deeper than
// its dash, and a quoted scalar or a flow collection cut in two leaves a
// piece that does not parse. Anchors, which could reach across pieces, are
// problems anyway. The caller falls back to decoding data whole on any
// problem, so problems and their lines come from that one path.
func splitEvents(data []byte, perChunk int) (splitCatalog, bool) {
	var split splitCatalog
	offset, line := 0, 0
	for offset < len(data) {
		text, next := lineAt(data, offset)
		line++
		if len(text) > 0 && text[0] == '%' {
			// A directive could give tags a meaning the chunks would not share.
			return split, false
		}
		offset = next
		if string(bytes.TrimRight(text, " \r")) == "events:" {
			split.head, split.eventsLine = data[:offset], line
			break
		}
	}
	if split.head == nil {
		return split, false
	}
	itemColumn := -1
	chunkStart, items := offset, 0
	for offset < len(data) {
		text, next := lineAt(data, offset)
		column := indentOf(text)
		rest := text[column:]
		if len(bytes.TrimRight(rest, " \r")) == 0 || rest[0] == '#' {
			offset = next
			continue
		}
		if itemColumn < 0 {
			itemColumn = column
		}
		switch {
		case column > itemColumn:
		case column < itemColumn || !isListItem(rest):
			return split, false
		case items == perChunk:
			split.chunks = append(split.chunks, data[chunkStart:offset])
			chunkStart, items = offset, 1
		default:
			items++
		}
		offset = next
	}
	if items == 0 {
		// Only blank lines and comments: the head parses them.
		split.head = data
		return split, true
	}
	split.chunks = append(split.chunks, data[chunkStart:])
	return split, true
}

// lineAt is the line starting at offset, without its newline, and the
// offset of the next line.
func lineAt(data []byte, offset int) (text []byte, next int) {
	end := bytes.IndexByte(data[offset:], '\n')
	if end < 0 {
		return data[offset:], len(data)
	}
	return data[offset : offset+end], offset + end + 1
}

// indentOf counts the spaces a line starts with.
func indentOf(text []byte) int {
	n := 0
	for n < len(text) && text[n] == ' ' {
		n++
	}
	return n
}

// isListItem reports whether text (from its first non-space) starts a block
// list item: a dash followed by a space or the end of the line.
func isListItem(text []byte) bool {
	return len(text) > 0 && text[0] == '-' && (len(text) == 1 || text[1] == ' ' || (text[1] == '\r' && len(text) == 2))
}
