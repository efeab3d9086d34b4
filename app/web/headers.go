package web

import "github.com/labstack/echo/v4"

// Header values shared by every response; the slices are never appended to.
var (
	contentSecurityPolicy = []string{"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}
	noSniff               = []string{"nosniff"}
	referrerPolicy        = []string{"strict-origin-when-cross-origin"}
	frameOptions          = []string{"DENY"}
)

// securityHeaders sets the headers every response carries, before routing,
// so error pages, static files and 404s have them too.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		header := c.Response().Header()
		header["Content-Security-Policy"] = contentSecurityPolicy
		header["X-Content-Type-Options"] = noSniff
		header["Referrer-Policy"] = referrerPolicy
		header["X-Frame-Options"] = frameOptions
		return next(c)
	}
}
