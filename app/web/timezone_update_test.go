package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTimeZoneReturnStaysOnSite sends the zone form back with return
// targets a browser would read as another host: each one lands on /.
func TestTimeZoneReturnStaysOnSite(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct{ query, want string }{
		{"return=/history%3Fpage%3D2", "/history?page=2"},
		{"return=/%09/evil.example", "/"},
		{"return=/%0A/evil.example", "/"},
		{"return=/%0D/evil.example", "/"},
		{"return=%09//evil.example", "/"},
		{"return=/%5Cevil.example", "/"},
		{"return=/%2509/evil.example", "/"},
		{"return=//evil.example", "/"},
		{"return=https://evil.example", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			response := site.get(t, "/timezone?tz=UTC&"+tt.query)
			if got := response.Header.Get("Location"); response.StatusCode != http.StatusSeeOther || got != tt.want {
				t.Errorf("GET /timezone?%s = %d to %q, want 303 to %q", tt.query, response.StatusCode, got, tt.want)
			}
			form := strings.NewReader("tz=UTC&" + tt.query)
			request := httptest.NewRequest(http.MethodPost, "/timezone", form)
			request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			recorder := httptest.NewRecorder()
			site.server.Handler().ServeHTTP(recorder, request)
			if got := recorder.Header().Get("Location"); recorder.Code != http.StatusSeeOther || got != tt.want {
				t.Errorf("POST /timezone %s = %d to %q, want 303 to %q", tt.query, recorder.Code, got, tt.want)
			}
		})
	}
}
