package redirect

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestLocal(t *testing.T) {
	tests := []struct{ target, want string }{
		{"", "/"},
		{"/", "/"},
		{"/history?page=2&type=incident", "/history?page=2&type=incident"},
		{"/manage/events/7#updates", "/manage/events/7#updates"},
		{"/services/caf%C3%A9", "/services/caf%C3%A9"},
		{"/services/café", "/services/café"},
		{"/history?region=eu-de&next=%2Fmanage", "/history?region=eu-de&next=%2Fmanage"},
		{"admin", "/"},
		{"https://evil.example/", "/"},
		{"HTTPS://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"//evil.example/path", "/"},
		{"/\\evil.example", "/"},
		{"/a\\b", "/"},
		// Browsers drop TAB, CR and LF anywhere: each of these is //evil.example to them.
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"\t//evil.example", "/"},
		{" /evil", "/"},
		{"/a\r\nSet-Cookie: x=1", "/"},
		{"/a b", "/"},
		{"/a\x00b", "/"},
		{"/a\x7fb", "/"},
		{"/a\u0085b", "/"},
		{"/a\u200bb", "/"},
		{"/a\u2028b", "/"},
		{"/a\xffb", "/"},
		// The same, percent-encoded once or more.
		{"/%09/evil.example", "/"},
		{"/%0d%0a/evil.example", "/"},
		{"/%2509/evil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%252F%252Fevil.example", "/"},
		{"/%20evil", "/"},
		{"/%ff", "/"},
		{"/%zz", "/"},
		{"/" + strings.Repeat("a", maxLength), "/"},
	}
	for _, tt := range tests {
		if got := Local(tt.target); got != tt.want {
			t.Errorf("Local(%q) = %q, want %q", tt.target, got, tt.want)
		}
	}
}

func TestSeeOther(t *testing.T) {
	tests := []struct{ target, want string }{
		{"/history?page=2", "/history?page=2"},
		{"/\t/evil.example", "/"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
		if err := SeeOther(c, tt.target); err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tt.want {
			t.Errorf("SeeOther(%q): %d to %q, want 303 to %q", tt.target, rec.Code, rec.Header().Get("Location"), tt.want)
		}
	}
}

// FuzzLocal: whatever Local accepts stays on this site once a browser has
// cleaned it (and once it is percent-decoded, should anything decode it).
func FuzzLocal(f *testing.F) {
	for _, seed := range []string{"/", "/history?page=2", "/\t/evil.example", "/%09/evil.example", "//evil.example",
		"/\\evil", "https://evil.example", "/%2F%2Fevil", "/a#b", "/.//evil.example", "/..//evil.example"} {
		f.Add(seed)
	}
	base, err := url.Parse("https://status.example/page")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, target string) {
		got := Local(target)
		if got != target && got != Home {
			t.Fatalf("Local(%q) = %q, want the target or %q", target, got, Home)
		}
		forms := []string{got}
		if decoded, err := url.PathUnescape(got); err == nil {
			forms = append(forms, decoded)
		}
		for _, form := range forms {
			cleaned := browserClean(form)
			u, err := url.Parse(cleaned)
			if err != nil {
				t.Fatalf("Local(%q) = %q, which net/url cannot parse after cleaning (%q): %v", target, got, cleaned, err)
			}
			if u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
				t.Fatalf("Local(%q) = %q, which a browser reads as %q: scheme %q, host %q", target, got, cleaned, u.Scheme, u.Host)
			}
			if resolved := base.ResolveReference(u); resolved.Host != base.Host || resolved.Scheme != base.Scheme {
				t.Fatalf("Local(%q) = %q resolves to %s, off this site", target, got, resolved)
			}
		}
	})
}

// browserClean does to a Location what the WHATWG URL parser does first:
// trim leading and trailing C0 controls and spaces, drop every TAB, CR and
// LF, and read a backslash as a slash (as it does for http and https).
func browserClean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	return strings.ReplaceAll(s, "\\", "/")
}
