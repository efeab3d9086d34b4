package probe

import "time"

// Limits and defaults of a definition.
const (
	MinInterval = 10 * time.Second
	MaxInterval = 31 * 24 * time.Hour
	// MaxTimeout bounds one run, whatever the interval.
	MaxTimeout = 2 * time.Minute
	// MaxDefaultTimeout is the timeout of a check that names none and runs at
	// intervals of 20 s or more; shorter intervals get half their length.
	MaxDefaultTimeout = 10 * time.Second
	// DefaultExpiryWarningDays is the TLS warning threshold when none is given.
	DefaultExpiryWarningDays = 14
	// MaxLocations bounds the locations a check lists.
	MaxLocations = 32
	// MaxThreshold bounds the rounds a check's thresholds may ask for.
	MaxThreshold = 100
)

// Definition is one check as a worker runs it, independent of storage. The
// zero value of every optional field means its default (see WithDefaults).
type Definition struct {
	Kind Kind
	// Target is the URL (http), host:port (tcp), host or host:port with 443
	// by default (tls), host (icmp) or name to resolve (dns); a heartbeat
	// has none.
	Target string
	// Interval is the time between runs; for a heartbeat, the period within
	// which a ping must come.
	Interval time.Duration
	// Timeout bounds one run; zero means DefaultTimeout(Interval).
	Timeout time.Duration
	// MaxLatency turns a slower success into degraded; zero means no limit.
	MaxLatency time.Duration
	// Locations must run the check; empty means every location.
	Locations []string
	// Quorum is how many locations must fail for the check to fail; zero
	// means a majority of those that report.
	Quorum int
	// Impact is the impact monitoring reports while the check is down, 1
	// (minor) to 3 (outage); zero means 3. Degraded always reports 1.
	Impact int
	// FailureThreshold is how many failed rounds in a row report the
	// component (zero: 3); SuccessThreshold how many good rounds in a row
	// resolve the incident monitoring opened (zero: 2).
	FailureThreshold, SuccessThreshold int

	HTTP      HTTPSettings
	DNS       DNSSettings
	TLS       TLSSettings
	Heartbeat HeartbeatSettings
}

// HTTPSettings are the settings of an http check.
type HTTPSettings struct {
	// Method is the request method; empty means GET.
	Method  string
	Headers map[string]string
	Body    string
	// ExpectedStatus lists the good status codes; empty means 200-299.
	ExpectedStatus StatusRanges
	// BodyContains and BodyRegexp, when set, must match the first
	// MaxBodyRead bytes of the response body.
	BodyContains string
	BodyRegexp   string
	// IgnoreRedirects judges a redirect's own status instead of following it.
	IgnoreRedirects bool
	// SkipTLSVerify accepts any certificate.
	SkipTLSVerify bool
}

// DNSSettings are the settings of a dns check.
type DNSSettings struct {
	// RecordType is one of RecordTypes; empty means A.
	RecordType string
	// NameServer is host or host:port (port 53 by default); empty means the
	// servers of the system's resolv.conf.
	NameServer string
	// ExpectedAnswers must all be among the answers, when given.
	ExpectedAnswers []string
}

// TLSSettings are the settings of a tls check.
type TLSSettings struct {
	// ExpiryWarningDays: a certificate expiring sooner is degraded; zero
	// means DefaultExpiryWarningDays.
	ExpiryWarningDays int
}

// HeartbeatSettings are the settings of a heartbeat check.
type HeartbeatSettings struct {
	// Grace is the time a ping may be late; zero means DefaultGrace(Interval).
	Grace time.Duration
}

// DefaultTimeout is the timeout of a check that names none: below the interval.
func DefaultTimeout(interval time.Duration) time.Duration {
	return min(MaxDefaultTimeout, interval/2)
}

// DefaultGrace is a heartbeat's grace when it names none: a tenth of the
// period, from 10 s up to an hour.
func DefaultGrace(period time.Duration) time.Duration {
	return min(max(period/10, 10*time.Second), time.Hour)
}

// WithDefaults returns a copy with every empty optional field set to its default.
func (d Definition) WithDefaults() Definition {
	if d.Kind == KindHeartbeat {
		if d.Heartbeat.Grace == 0 {
			d.Heartbeat.Grace = DefaultGrace(d.Interval)
		}
		return d
	}
	if d.Timeout == 0 {
		d.Timeout = DefaultTimeout(d.Interval)
	}
	switch d.Kind {
	case KindHTTP:
		if d.HTTP.Method == "" {
			d.HTTP.Method = "GET"
		}
		if len(d.HTTP.ExpectedStatus) == 0 {
			d.HTTP.ExpectedStatus = DefaultExpectedStatus()
		}
	case KindDNS:
		if d.DNS.RecordType == "" {
			d.DNS.RecordType = "A"
		}
	case KindTLS:
		if d.TLS.ExpiryWarningDays == 0 {
			d.TLS.ExpiryWarningDays = DefaultExpiryWarningDays
		}
	}
	return d
}

// DefaultExpectedStatus is 200-299.
func DefaultExpectedStatus() StatusRanges { return StatusRanges{{Low: 200, High: 299}} }
