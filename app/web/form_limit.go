package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// maxFormBody bounds an operator form: the largest valid one (title,
// description and message at their limits, percent-encoded, and every
// component ticked) stays far below it.
const maxFormBody = 2 << 20

// limitFormBody refuses a form body over maxFormBody with 413 and caps what
// is read of a body without a length.
func limitFormBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		request := c.Request()
		if request.ContentLength > maxFormBody {
			return &HTTPError{Status: http.StatusRequestEntityTooLarge,
				Message: "The form is too large. Titles may have 200 characters and texts 10,000."}
		}
		if request.Body != nil {
			request.Body = http.MaxBytesReader(c.Response(), request.Body, maxFormBody)
		}
		return next(c)
	}
}
