package probe_test

import (
	"encoding/json"
	"slices"
	"testing"

	"statusdash/app/monitor/probe"
)

func TestParseStatusRanges(t *testing.T) {
	tests := []struct {
		text      string
		want      string
		wantError string
	}{
		{"200", "200", ""},
		{"200-299", "200-299", ""},
		{" 200 - 299 , 301,404 ", "200-299,301,404", ""},
		{"100-599", "100-599", ""},
		{"", "", "must list at least one status code"},
		{"200,", "", `"" is not a status code`},
		{"abc", "", `"abc" is not a status code`},
		{"+200", "", `"+200" is not a status code`},
		{"2000", "", `"2000" is not a status code`},
		{"99", "", "status codes run from 100 to 599, not 99"},
		{"600", "", "status codes run from 100 to 599, not 600"},
		{"299-200", "", "range 299-200 runs backwards"},
		{"200-299-300", "", `"299-300" is not a status code`},
		{"-200", "", `"" is not a status code`},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := probe.ParseStatusRanges(tt.text)
			gotError := ""
			if err != nil {
				gotError = err.Error()
			}
			if got.String() != tt.want || gotError != tt.wantError {
				t.Errorf("got %q, error %q; want %q, error %q", got.String(), gotError, tt.want, tt.wantError)
			}
		})
	}
}

func TestStatusRangesContains(t *testing.T) {
	ranges, err := probe.ParseStatusRanges("200-204,301,400-499")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, code := range []int{199, 200, 204, 205, 300, 301, 302, 399, 400, 499, 500} {
		if ranges.Contains(code) {
			got = append(got, code)
		}
	}
	if want := []int{200, 204, 301, 400, 499}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestStatusRangesJSON(t *testing.T) {
	tests := []struct {
		json      string
		want      string
		wantError string
	}{
		{`"200-299,301"`, "200-299,301", ""},
		{`[200, "300-302", 404]`, "200,300-302,404", ""},
		{`null`, "", ""},
		{`[]`, "", "must list at least one status code"},
		{`["200,201"]`, "", `"200,201" is not a status code or range`},
		{`[true]`, "", "true is not a status code or range"},
		{`[700]`, "", "status codes run from 100 to 599, not 700"},
		{`200`, "", `must be a string such as "200-299,301" or a list of codes and ranges`},
		{`{}`, "", `must be a string such as "200-299,301" or a list of codes and ranges`},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var got probe.StatusRanges
			err := json.Unmarshal([]byte(tt.json), &got)
			gotError := ""
			if err != nil {
				gotError = err.Error()
			}
			if got.String() != tt.want || gotError != tt.wantError {
				t.Errorf("got %q, error %q; want %q, error %q", got.String(), gotError, tt.want, tt.wantError)
			}
		})
	}
}

// FuzzParseStatusRanges checks that whatever parses is valid and reads back
// the same from its own String.
func FuzzParseStatusRanges(f *testing.F) {
	for _, seed := range []string{"200", "200-299", " 200 - 299 , 301", "", ",", "-", "099-100", "599-100", "1-2-3", "\x00", "200-299,3٠1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ranges, err := probe.ParseStatusRanges(text)
		if err != nil {
			return
		}
		if err := ranges.Validate(); err != nil {
			t.Fatalf("ParseStatusRanges(%q) = %v, which fails Validate: %v", text, ranges, err)
		}
		again, err := probe.ParseStatusRanges(ranges.String())
		if err != nil || !slices.Equal(again, ranges) {
			t.Fatalf("ParseStatusRanges(%q) = %v; its String %q reads back as %v, %v", text, ranges, ranges.String(), again, err)
		}
	})
}
