package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestYieldAfterEachRequestAnswersAsTheHandler(t *testing.T) {
	t.Parallel()
	handler := yieldAfterEachRequest(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Seen", r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte("short and stout"))
	}))
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/pot", nil))
	if got, want := recorder.Code, http.StatusTeapot; got != want {
		t.Errorf("status = %d, want %d", got, want)
	}
	if got, want := recorder.Header().Get("X-Seen"), "/pot"; got != want {
		t.Errorf("X-Seen = %q, want %q", got, want)
	}
	if got, want := recorder.Body.String(), "short and stout"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}
