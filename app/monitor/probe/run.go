package probe

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"
)

// DefaultResolvConf lists the name servers of dns checks that name none.
const DefaultResolvConf = "/etc/resolv.conf"

// Prober runs checks; its zero value trusts the system's certificates and
// asks the name servers of DefaultResolvConf. It holds no connections
// between runs, so one Prober may serve any number of goroutines.
type Prober struct {
	// RootCAs verifies the certificates of http and tls checks; nil means the system's.
	RootCAs *x509.CertPool
	// ResolvConf is read for dns checks that name no server; empty means DefaultResolvConf.
	ResolvConf string
}

// Run probes def's target once with the zero Prober.
func Run(ctx context.Context, def Definition) Result {
	return Prober{}.Run(ctx, def)
}

// Run probes def's target once, within def's timeout, and never panics. A
// heartbeat is not probed (see HeartbeatResult): Run reports it down. When
// ctx ends before the run does, the result is down and ctx.Err() tells why.
func (p Prober) Run(ctx context.Context, def Definition) (result Result) {
	started := time.Now()
	defer func() {
		if recovered := recover(); recovered != nil {
			result = down(started, time.Since(started), fmt.Sprintf("internal error: %v", recovered))
		}
	}()
	if errs := def.Validate(); len(errs) > 0 {
		return down(started, 0, "invalid definition: "+errs.Error())
	}
	if def.Kind == KindHeartbeat {
		return down(started, 0, "a heartbeat check is not probed: its state comes from its pings")
	}
	def = def.WithDefaults()
	runCtx, cancel := context.WithTimeout(ctx, def.Timeout)
	defer cancel()
	a := attempt{ctx: runCtx, parent: ctx, def: def, started: started, prober: p}
	switch def.Kind {
	case KindHTTP:
		result = a.http()
	case KindTCP:
		result = a.tcp()
	case KindICMP:
		result = a.icmp()
	case KindDNS:
		result = a.dns()
	case KindTLS:
		result = a.tls()
	}
	if result.Outcome == OutcomeUp && def.MaxLatency > 0 && result.Latency > def.MaxLatency {
		result = degraded(started, result.Latency, fmt.Sprintf("latency %s, above %s",
			formatDuration(result.Latency), formatDuration(def.MaxLatency)))
	}
	return result
}

// attempt is one run in progress.
type attempt struct {
	// ctx carries the run's deadline; parent is the caller's context.
	ctx, parent context.Context
	def         Definition
	started     time.Time
	prober      Prober
}

func (a attempt) elapsed() time.Duration { return time.Since(a.started) }

// fail is a down result whose reason describes err.
func (a attempt) fail(err error) Result {
	return down(a.started, a.elapsed(), a.reason(err))
}

// reason words err for operators; an ended context wins over the error it caused.
func (a attempt) reason(err error) string {
	switch {
	case a.parent.Err() != nil:
		return "canceled before the check finished"
	case a.ctx.Err() != nil || isTimeout(err):
		return "timed out after " + formatDuration(a.def.Timeout)
	}
	return describeError(err)
}
