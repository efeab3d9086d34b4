package web

import "net/http"

// Header values shared by every response; the slices are never appended to.
var (
	contentSecurityPolicy = []string{"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}
	noSniff               = []string{"nosniff"}
	referrerPolicy        = []string{"strict-origin-when-cross-origin"}
	frameOptions          = []string{"DENY"}
)

// securityHeaders sets the headers every response carries before Echo sees
// the request, so error pages, static files, 404s and the API have them too.
// It wraps Echo rather than being Echo middleware: Echo builds its
// middleware chain anew for every request, which costs allocations on every
// cached page.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := w.Header()
		header["Content-Security-Policy"] = contentSecurityPolicy
		header["X-Content-Type-Options"] = noSniff
		header["Referrer-Policy"] = referrerPolicy
		header["X-Frame-Options"] = frameOptions
		next.ServeHTTP(w, r)
	})
}
