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

func TestGrowStreamStackAnswersAsTheHandler(t *testing.T) {
	for _, major := range []int{1, 2} {
		handler := growStreamStack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTeapot)
		}))
		request := httptest.NewRequest(http.MethodGet, "/pot", nil)
		request.ProtoMajor = major
		recorder := httptest.NewRecorder()
		handler.ServeHTTP(recorder, request)
		if got, want := recorder.Code, http.StatusTeapot; got != want {
			t.Errorf("HTTP/%d: status = %d, want %d", major, got, want)
		}
	}
}
