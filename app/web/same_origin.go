package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// sameOriginForms refuses, with 403, a form another site's page sent
// (net/http's CrossOriginProtection: Sec-Fetch-Site, else Origin against
// Host). It guards the public forms, which carry no CSRF token because the
// pages they sit on are cached for every reader: the language and time-zone
// choices and new subscriptions. Requests without those headers (curl,
// a mail client's one-click unsubscribe) pass, as they are not a browser
// acting for another site. CrossOriginProtection lets every GET pass; GET
// /timezone, kept for links made before its form became a POST, stores a
// choice too, so a GET that a browser says comes from another site is
// refused as well.
func (s *Server) sameOriginForms(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.crossOrigin.Check(c.Request()); err != nil || fromAnotherSite(c.Request()) {
			return localizedError(http.StatusForbidden, "error.cross_origin")
		}
		return next(c)
	}
}

// fromAnotherSite tells whether the browser's fetch metadata says another
// site (or another origin of this site) started the request; a request
// typed, bookmarked or sent by a client without the header is not.
func fromAnotherSite(request *http.Request) bool {
	switch request.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return false
	}
	return true
}

// newCrossOriginProtection trusts the public URL's origin besides the
// request's Host, for a proxy that rewrites Host.
func newCrossOriginProtection(baseURL string) (*http.CrossOriginProtection, error) {
	protection := http.NewCrossOriginProtection()
	base, err := url.Parse(baseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return protection, nil // config.Validate refuses such a URL before serve
	}
	if err := protection.AddTrustedOrigin(base.Scheme + "://" + base.Host); err != nil {
		return nil, fmt.Errorf("web: SDB_BASE_URL as a trusted origin: %w", err)
	}
	return protection, nil
}
