package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestJSONKeepsHTMLLinksAsTheyAre(t *testing.T) {
	t.Parallel()
	e := echo.New()
	e.JSONSerializer = jsonSerializer{}
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/v1/incidents", nil), rec)
	text := "Elastic Cloud Server (EU-DE) moved to <a href='/incidents/7'>Outage & more</a>"
	if err := c.JSON(http.StatusOK, map[string]string{"text": text}); err != nil {
		t.Fatal(err)
	}
	if got := rec.Body.String(); !strings.Contains(got, text) {
		t.Errorf("body = %q, want the link unescaped: %q", got, text)
	}
}
