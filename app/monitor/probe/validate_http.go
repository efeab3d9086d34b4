package probe

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"statusdash/app/incident"
)

// HTTPMethods lists the methods an http check may send.
func HTTPMethods() []string {
	return []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
}

func validateHTTP(errs incident.FieldErrors, s HTTPSettings) {
	if s.Method != "" && !slices.Contains(HTTPMethods(), s.Method) {
		errs.Add(FieldMethod, "must be one of "+strings.Join(HTTPMethods(), ", "))
	}
	if len(s.Headers) > MaxHeaders {
		errs.Add(FieldHeaders, fmt.Sprintf("may hold at most %d headers", MaxHeaders))
	}
	for _, name := range sortedKeys(s.Headers) {
		if problem := checkHeader(name, s.Headers[name]); problem != "" {
			errs.Add(FieldHeaders, problem)
		}
	}
	if len(s.Body) > MaxBodyLength {
		errs.Add(FieldBody, fmt.Sprintf("may be at most %d bytes", MaxBodyLength))
	}
	if s.ExpectedStatus != nil {
		if len(s.ExpectedStatus) == 0 {
			errs.Add(FieldExpectedStatus, "must list at least one status code")
		} else if err := s.ExpectedStatus.Validate(); err != nil {
			errs.Add(FieldExpectedStatus, err.Error())
		}
	}
	if len(s.BodyContains) > MaxMatchLength {
		errs.Add(FieldBodyContains, fmt.Sprintf("may be at most %d bytes", MaxMatchLength))
	}
	if len(s.BodyRegexp) > MaxMatchLength {
		errs.Add(FieldBodyRegexp, fmt.Sprintf("may be at most %d bytes", MaxMatchLength))
	} else if _, err := regexp.Compile(s.BodyRegexp); err != nil {
		errs.Add(FieldBodyRegexp, "is not a valid regular expression: "+strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
}

// checkHeader returns what is wrong with one request header, or "".
func checkHeader(name, value string) string {
	switch {
	case name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) }):
		return fmt.Sprintf("%q is not a header name", name)
	case len(name)+len(value) > MaxHeaderLength:
		return fmt.Sprintf("header %s is longer than %d bytes", name, MaxHeaderLength)
	case strings.ContainsAny(value, "\r\n\x00"):
		return fmt.Sprintf("header %s must hold no line breaks", name)
	}
	return ""
}

func rejectHTTP(errs incident.FieldErrors, s HTTPSettings) {
	rejectOther(errs, FieldMethod, s.Method != "", KindHTTP)
	rejectOther(errs, FieldHeaders, len(s.Headers) > 0, KindHTTP)
	rejectOther(errs, FieldBody, s.Body != "", KindHTTP)
	rejectOther(errs, FieldExpectedStatus, s.ExpectedStatus != nil, KindHTTP)
	rejectOther(errs, FieldBodyContains, s.BodyContains != "", KindHTTP)
	rejectOther(errs, FieldBodyRegexp, s.BodyRegexp != "", KindHTTP)
	rejectOther(errs, FieldIgnoreRedirects, s.IgnoreRedirects, KindHTTP)
	rejectOther(errs, FieldSkipTLSVerify, s.SkipTLSVerify, KindHTTP)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
