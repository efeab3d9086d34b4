package stackmon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// jsonWriter writes a JSON document piece by piece with the bytes c.JSON
// would give the whole value under the web server's serializer: HTML
// characters not escaped (a SYSTEM update's "<a href>" stays as it is),
// indented by indent under ?pretty, a newline at the end. Lists of any
// length are written one element at a time, so only one element is ever
// held.
type jsonWriter struct {
	out     io.Writer
	indent  string
	buf     bytes.Buffer
	encoder *json.Encoder
}

func newJSONWriter(out io.Writer, indent string) *jsonWriter {
	j := &jsonWriter{out: out, indent: indent}
	j.encoder = json.NewEncoder(&j.buf)
	j.encoder.SetEscapeHTML(false)
	return j
}

// encode returns v encoded as a value on a line indented by prefix; the
// bytes are valid until the next call.
func (j *jsonWriter) encode(prefix string, v any) ([]byte, error) {
	j.buf.Reset()
	if j.indent != "" {
		j.encoder.SetIndent(prefix, j.indent)
	}
	if err := j.encoder.Encode(v); err != nil {
		return nil, fmt.Errorf("stackmon: encode: %w", err)
	}
	return bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")), nil
}

func (j *jsonWriter) write(b []byte) error {
	_, err := j.out.Write(b)
	return err
}

func (j *jsonWriter) writeString(s string) error {
	_, err := io.WriteString(j.out, s)
	return err
}

// end finishes the document with the encoder's newline.
func (j *jsonWriter) end() error { return j.writeString("\n") }

// jsonArray is an array being written whose "[" sits on a line indented by
// prefix.
type jsonArray struct {
	j      *jsonWriter
	prefix string
	count  int
}

func (j *jsonWriter) openArray(prefix string) (*jsonArray, error) {
	return &jsonArray{j: j, prefix: prefix}, j.writeString("[")
}

// elementPrefix is the indentation of the array's elements.
func (a *jsonArray) elementPrefix() string { return a.prefix + a.j.indent }

// next starts an element: the comma after the previous one and the new line.
func (a *jsonArray) next() error {
	separator := ","
	if a.count == 0 {
		separator = ""
	}
	a.count++
	if a.j.indent != "" {
		separator += "\n" + a.elementPrefix()
	}
	return a.j.writeString(separator)
}

// element writes v as the next element.
func (a *jsonArray) element(v any) error {
	if err := a.next(); err != nil {
		return err
	}
	encoded, err := a.j.encode(a.elementPrefix(), v)
	if err != nil {
		return err
	}
	return a.j.write(encoded)
}

// close writes "]", on a line of its own when indented and not empty.
func (a *jsonArray) close() error {
	if a.count > 0 && a.j.indent != "" {
		return a.j.writeString("\n" + a.prefix + "]")
	}
	return a.j.writeString("]")
}

// splitAtLastArray splits an encoded object whose last field is an empty
// array into what comes before its "[" and after its "]", so that the array
// can be written element by element between the two.
func splitAtLastArray(encoded []byte) (head, tail []byte, err error) {
	at := bytes.LastIndex(encoded, []byte("[]"))
	if at < 0 {
		return nil, nil, fmt.Errorf("stackmon: encode: no empty array in %.40q", encoded)
	}
	return bytes.Clone(encoded[:at]), bytes.Clone(encoded[at+2:]), nil
}
