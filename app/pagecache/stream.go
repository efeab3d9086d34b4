package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"time"
)

// A large document (the stackmon v1 lists run to tens of megabytes) is kept
// only compressed: Stream builds it by streaming its encoder into a gzip
// writer, hashing and counting the plain bytes on the way, so neither the
// build nor the cache ever holds the plain body; Write sends the gzip bytes
// as they are, or decompresses them into the response for a reader that
// does not accept gzip. A page held this way costs its compressed size.

// Stream returns a page built by write, kept only compressed: its Body is
// nil, its Gzip the compressed body and its ETag the one ETag would give the
// plain body. write's error is returned as it is.
func (p *Pages) Stream(contentType string, builtAt time.Time, write func(io.Writer) error) (*Page, error) {
	var compressed bytes.Buffer
	writer := p.gzip.writer(&compressed)
	defer p.gzip.writers.Put(writer)
	body := &countingWriter{to: writer, hash: sha256.New()}
	if err := write(body); err != nil {
		return nil, err
	}
	if err := writer.Close(); err != nil {
		return nil, fmt.Errorf("pagecache: compress: %w", err)
	}
	sum := body.hash.Sum(nil)
	return &Page{
		Gzip:           bytes.Clone(compressed.Bytes()), // the buffer's spare capacity is up to half of it
		ETag:           `"` + hex.EncodeToString(sum[:16]) + `"`,
		ContentType:    contentType,
		BuiltAt:        builtAt,
		compressedOnly: true,
		plainLength:    body.length,
	}, nil
}

// countingWriter hashes and counts the plain bytes on their way to the compressor.
type countingWriter struct {
	to     io.Writer
	hash   hash.Hash
	length int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.hash.Write(b) // a hash never fails
	w.length += int64(len(b))
	return w.to.Write(b)
}

// CompressedOnly reports whether the page holds its body only compressed.
func (p *Page) CompressedOnly() bool { return p.compressedOnly }

// PlainLength is the length of the uncompressed body.
func (p *Page) PlainLength() int64 {
	if p.compressedOnly {
		return p.plainLength
	}
	return int64(len(p.Body))
}

// WritePlain writes the uncompressed body to w, decompressing it as it goes
// when the page holds it only compressed.
func (p *Page) WritePlain(w io.Writer) error {
	if !p.compressedOnly {
		_, err := w.Write(p.Body)
		return err
	}
	reader, err := gzip.NewReader(bytes.NewReader(p.Gzip))
	if err != nil {
		return fmt.Errorf("pagecache: decompress: %w", err)
	}
	if _, err := io.Copy(w, reader); err != nil {
		return fmt.Errorf("pagecache: decompress: %w", err)
	}
	return nil
}

// writeBody ends an answer of status 200: the gzip bytes when compressed,
// else the plain body, nothing for HEAD.
func (p *Page) writeBody(w http.ResponseWriter, request *http.Request, compressed bool) error {
	w.WriteHeader(http.StatusOK)
	switch {
	case request.Method == http.MethodHead:
		return nil
	case compressed:
		_, err := w.Write(p.Gzip)
		return err
	}
	return p.WritePlain(w)
}

// plainLengthHeader is the Content-Length of the plain body.
func (p *Page) plainLengthHeader() []string {
	if p.bodyLength != nil {
		return p.bodyLength
	}
	return []string{strconv.FormatInt(p.PlainLength(), 10)}
}
