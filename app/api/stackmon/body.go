package stackmon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// MaxBody is the largest request body accepted; larger bodies get 413.
const MaxBody = 1 << 20

// decodeBody reads the JSON body into dst. A Content-Type other than JSON
// is 415 (a missing one is taken as JSON, as some clients send none); a body
// over MaxBody is 413; malformed JSON, a value of the wrong type, trailing
// data, a NUL character in a string and, when strict, an unknown field are
// 400 naming the problem.
func decodeBody(c echo.Context, f family, dst any, strict bool) error {
	req := c.Request()
	if contentType := req.Header.Get(echo.HeaderContentType); contentType != "" {
		mediaType, _, err := mime.ParseMediaType(contentType)
		if err != nil || (mediaType != echo.MIMEApplicationJSON && !strings.HasSuffix(mediaType, "+json")) {
			return f.fail(http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type must be application/json, got %q", contentType))
		}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, MaxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return f.fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", MaxBody))
	}
	if err != nil {
		return f.fail(http.StatusBadRequest, "could not read the request body")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return f.fail(http.StatusBadRequest, "the request body is empty; send a JSON object")
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		decoder.DisallowUnknownFields()
	}
	if err := decoder.Decode(dst); err != nil {
		return f.fail(http.StatusBadRequest, jsonProblem(err))
	}
	if _, err := decoder.Token(); !errors.Is(err, io.EOF) {
		return f.fail(http.StatusBadRequest, "malformed JSON: unexpected data after the object")
	}
	if field, ok := nulField(raw); ok {
		return f.fail(http.StatusBadRequest, field+": may not contain the NUL character (\\u0000)")
	}
	return nil
}

// jsonProblem names what is wrong with a body in words a client can act on.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends too early"
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return fmt.Sprintf("the body must be a JSON object, not %s", typeErr.Value)
		}
		return fmt.Sprintf("%s: must be %s, not %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "malformed JSON: " + err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "uint", "uint64", "float64":
		return "a whole number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "struct", "map":
		return "an object"
	}
	return "of another type"
}
