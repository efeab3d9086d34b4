package probe

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"statusdash/app/incident"
)

// Limits of user input in a definition.
const (
	MaxTargetLength = 2048
	MaxHeaders      = 50
	MaxHeaderLength = 4096
	MaxBodyLength   = 64 << 10
	MaxMatchLength  = 1024
	MaxAnswers      = 50
	MaxAnswerLength = 255
	MaxLocationName = 64
)

// Validate checks a definition as given, before defaults, and names each
// wrong field by its JSON name (the Field constants).
func (d Definition) Validate() incident.FieldErrors {
	errs := incident.FieldErrors{}
	if !d.Kind.Known() {
		errs.Add(FieldKind, fmt.Sprintf("must be one of %s", kindList()))
		return errs
	}
	validateTarget(errs, d.Kind, d.Target)
	validateTiming(errs, d)
	validateLocations(errs, d.Locations, d.Quorum)
	validateDecisions(errs, d)
	if d.Kind == KindHTTP {
		validateHTTP(errs, d.HTTP)
	} else {
		rejectHTTP(errs, d.HTTP)
	}
	if d.Kind == KindDNS {
		validateDNS(errs, d.DNS)
	} else {
		rejectOther(errs, FieldRecordType, d.DNS.RecordType != "", KindDNS)
		rejectOther(errs, FieldNameServer, d.DNS.NameServer != "", KindDNS)
		rejectOther(errs, FieldExpectedAnswers, len(d.DNS.ExpectedAnswers) > 0, KindDNS)
	}
	if d.Kind == KindTLS {
		if days := d.TLS.ExpiryWarningDays; days < 0 || days > 365 {
			errs.Add(FieldExpiryWarningDays, "must be from 1 to 365 days")
		}
	} else {
		rejectOther(errs, FieldExpiryWarningDays, d.TLS.ExpiryWarningDays != 0, KindTLS)
	}
	if d.Kind != KindHeartbeat {
		rejectOther(errs, FieldGrace, d.Heartbeat.Grace != 0, KindHeartbeat)
	}
	return errs
}

func kindList() string {
	names := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// rejectOther reports a setting given for a kind that does not use it.
func rejectOther(errs incident.FieldErrors, field string, set bool, kind Kind) {
	if set {
		errs.Add(field, fmt.Sprintf("applies to %s checks only", kind))
	}
}

func validateTarget(errs incident.FieldErrors, kind Kind, target string) {
	if kind == KindHeartbeat {
		if target != "" {
			errs.Add(FieldTarget, "must be empty: a heartbeat check is pinged, not probed")
		}
		return
	}
	switch {
	case target == "":
		errs.Add(FieldTarget, "is required")
		return
	case len(target) > MaxTargetLength:
		errs.Add(FieldTarget, fmt.Sprintf("may be at most %d characters", MaxTargetLength))
		return
	case strings.TrimSpace(target) != target:
		errs.Add(FieldTarget, "must not start or end with spaces")
		return
	}
	switch kind {
	case KindHTTP:
		if problem := checkURL(target); problem != "" {
			errs.Add(FieldTarget, problem)
		}
	case KindTCP:
		if _, _, err := splitHostPort(target, 0); err != nil {
			errs.Add(FieldTarget, err.Error())
		}
	case KindTLS:
		if _, _, err := splitHostPort(target, 443); err != nil {
			errs.Add(FieldTarget, err.Error())
		}
	case KindICMP:
		if !validHost(target) {
			errs.Add(FieldTarget, "must be a host name or IP address")
		}
	case KindDNS:
		if !validDomainName(target) {
			errs.Add(FieldTarget, "must be a domain name")
		}
	}
}

// checkURL returns what is wrong with an http check's URL, or "".
func checkURL(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "is not a URL: " + strings.TrimPrefix(err.Error(), "parse "+fmt.Sprintf("%q", target)+": ")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		if u.Scheme == "" {
			return "must be an absolute URL starting with http:// or https://"
		}
		return fmt.Sprintf("scheme %q is not allowed: use http or https", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "must name a host"
	case !validHost(u.Hostname()):
		return fmt.Sprintf("%q is not a host name or IP address", u.Hostname())
	}
	if port := u.Port(); port != "" {
		if _, _, err := splitHostPort(u.Host, 0); err != nil {
			return err.Error()
		}
	}
	return ""
}

func validateTiming(errs incident.FieldErrors, d Definition) {
	switch {
	case d.Interval < MinInterval:
		errs.Add(FieldInterval, fmt.Sprintf("must be at least %d seconds", int(MinInterval/time.Second)))
	case d.Interval > MaxInterval:
		errs.Add(FieldInterval, fmt.Sprintf("must be at most %d seconds (31 days)", int(MaxInterval/time.Second)))
	case d.Interval%time.Second != 0:
		errs.Add(FieldInterval, "must be a whole number of seconds")
	}
	if d.Kind == KindHeartbeat {
		rejectOther(errs, FieldTimeout, d.Timeout != 0, "probed")
		rejectOther(errs, FieldMaxLatency, d.MaxLatency != 0, "probed")
		if g := d.Heartbeat.Grace; g < 0 || g > MaxInterval || g%time.Second != 0 {
			errs.Add(FieldGrace, "must be a whole number of seconds, at most 31 days")
		}
		return
	}
	switch t := d.Timeout; {
	case t < 0 || t > MaxTimeout:
		errs.Add(FieldTimeout, fmt.Sprintf("must be above 0 and at most %d seconds", int(MaxTimeout/time.Second)))
	case t%time.Millisecond != 0:
		errs.Add(FieldTimeout, "must be a whole number of milliseconds")
	case t != 0 && d.Interval >= MinInterval && t >= d.Interval:
		errs.Add(FieldTimeout, "must be below the interval")
	}
	timeout := d.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout(d.Interval)
	}
	switch l := d.MaxLatency; {
	case l < 0 || l%time.Millisecond != 0:
		errs.Add(FieldMaxLatency, "must be a positive whole number of milliseconds")
	case l != 0 && l >= timeout:
		errs.Add(FieldMaxLatency, fmt.Sprintf("must be below the timeout (%s)", timeout))
	}
}

func validateLocations(errs incident.FieldErrors, locations []string, quorum int) {
	if len(locations) > MaxLocations {
		errs.Add(FieldLocations, fmt.Sprintf("may list at most %d locations", MaxLocations))
	}
	for i, name := range locations {
		if !validLocationName(name) {
			errs.Add(FieldLocations, fmt.Sprintf("%q is not a location name (letters, digits, '.', '_' and '-', at most %d)", name, MaxLocationName))
		} else if slices.Contains(locations[:i], name) {
			errs.Add(FieldLocations, fmt.Sprintf("%q is listed twice", name))
		}
	}
	switch {
	case quorum < 0:
		errs.Add(FieldQuorum, "must not be negative")
	case len(locations) > 0 && quorum > len(locations):
		errs.Add(FieldQuorum, fmt.Sprintf("must be at most the number of locations (%d)", len(locations)))
	case quorum > MaxLocations:
		errs.Add(FieldQuorum, fmt.Sprintf("must be at most %d", MaxLocations))
	}
}

func validLocationName(name string) bool {
	if name == "" || len(name) > MaxLocationName {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// validateDecisions checks what the check reports and after how many rounds.
func validateDecisions(errs incident.FieldErrors, d Definition) {
	if d.Impact < 0 || d.Impact > 3 {
		errs.Add(FieldImpact, "must be 1 (minor), 2 (major) or 3 (outage)")
	}
	for field, rounds := range map[string]int{FieldFailureThreshold: d.FailureThreshold, FieldSuccessThreshold: d.SuccessThreshold} {
		if rounds < 0 || rounds > MaxThreshold {
			errs.Add(field, fmt.Sprintf("must be from 1 to %d rounds", MaxThreshold))
		}
	}
}
