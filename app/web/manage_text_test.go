package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestManageFormsRefuseUnstorableText posts NUL, other control characters
// and invalid UTF-8 in every text field of the operator forms, and a list of
// more components than any event takes: each is a 422 naming the field and
// writes nothing, on SQLite and on PostgreSQL (whose text refuses NUL).
func TestManageFormsRefuseUnstorableText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		site := startManageSiteOn(t, s)
		op := site.signedIn(olgaOperator)
		open := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Open one"}, "impact": {"1"},
			"components": site.ids("ecs/eu-de", "ecs/eu-nl")}))
		ev := "/manage/events/" + itoa(open)
		tooMany := make([]string, 1001)
		for i := range tooMany {
			tooMany[i] = strconv.Itoa(i + 1)
		}
		tests := []struct {
			name, path string
			form       url.Values
			want       string
		}{
			{"NUL in a title", "/manage/incidents", url.Values{"title": {"a\x00b"}, "impact": {"1"}, "components": site.ids("evs/eu-nl")}, "NUL character"},
			{"NUL in a description", "/manage/incidents", url.Values{"title": {"T"}, "description": {"a\x00"}, "impact": {"1"}, "components": site.ids("evs/eu-nl")}, "NUL character"},
			{"NUL in a first message", "/manage/maintenance", url.Values{"title": {"W"}, "message": {"\x00"}, "components": site.ids("evs/eu-nl"),
				"start_date": {"2030-01-02T10:00"}, "end_date": {"2030-01-02T11:00"}}, "NUL character"},
			{"control character in a title", "/manage/incidents", url.Values{"title": {"a\x1bb"}, "impact": {"1"}, "components": site.ids("evs/eu-nl")}, "control character U+001B"},
			{"invalid UTF-8 in a title", "/manage/incidents", url.Values{"title": {"caf\xe9"}, "impact": {"1"}, "components": site.ids("evs/eu-nl")}, "valid UTF-8"},
			{"too many components", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "components": tooMany}, "at most 1000 components"},
			{"NUL in an update", ev + "/updates", url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"a\x00b"}}, "NUL character"},
			{"NUL in an edited title", ev + "/edit", url.Values{"title": {"x\x00"}}, "NUL character"},
			{"NUL in an edited description", ev + "/edit", url.Values{"title": {"ok"}, "description": {"\x00"}}, "NUL character"},
			{"NUL in an edited update text", ev + "/updates/0/edit", url.Values{"text": {"a\x00b"}}, "NUL character"},
			{"too many components to extract", ev + "/extract", url.Values{"components": tooMany}, "at most 1000 components"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := site.auditCount()
				a := op.post(tt.path, tt.form)
				if a.status != http.StatusUnprocessableEntity {
					t.Fatalf("POST %s = %d (%s), want 422", tt.path, a.status, errorText(a.body))
				}
				if got := errorText(a.body); !strings.Contains(got, tt.want) {
					t.Errorf("field errors %q, want one containing %q", got, tt.want)
				}
				if after := site.auditCount(); after != before {
					t.Errorf("refused text wrote %d audit rows", after-before)
				}
			})
		}
	})
}
