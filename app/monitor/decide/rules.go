package decide

import (
	"time"

	"statusdash/app/monitor/probe"
)

// Defaults of Rules. A check's definition may set its own thresholds
// (failure_threshold, success_threshold; Rules.For).
const (
	// DefaultFailuresToReport is N: consecutive failed rounds that report.
	DefaultFailuresToReport = 3
	// DefaultSuccessesToRecover is M: consecutive good rounds that recover.
	DefaultSuccessesToRecover = 2
	// DefaultFlapChanges is K: more state changes than this within
	// FlapWindow mark a check flapping.
	DefaultFlapChanges = 5
	// DefaultFlapWindow is the window in which state changes are counted.
	DefaultFlapWindow = time.Hour
)

// Rules are the thresholds of the decisions.
type Rules struct {
	FailuresToReport   int
	SuccessesToRecover int
	FlapChanges        int
	FlapWindow         time.Duration
}

// DefaultRules are the thresholds the issue asks for: 3, 2, 5 in an hour.
func DefaultRules() Rules {
	return Rules{FailuresToReport: DefaultFailuresToReport, SuccessesToRecover: DefaultSuccessesToRecover,
		FlapChanges: DefaultFlapChanges, FlapWindow: DefaultFlapWindow}
}

// withDefaults sets every threshold left at zero to its default.
func (r Rules) withDefaults() Rules {
	d := DefaultRules()
	if r.FailuresToReport <= 0 {
		r.FailuresToReport = d.FailuresToReport
	}
	if r.SuccessesToRecover <= 0 {
		r.SuccessesToRecover = d.SuccessesToRecover
	}
	if r.FlapChanges <= 0 {
		r.FlapChanges = d.FlapChanges
	}
	if r.FlapWindow <= 0 {
		r.FlapWindow = d.FlapWindow
	}
	return r
}

// For returns the rules of one check: its own thresholds where its
// definition sets them, these elsewhere.
func (r Rules) For(def probe.Definition) Rules {
	if def.FailureThreshold > 0 {
		r.FailuresToReport = def.FailureThreshold
	}
	if def.SuccessThreshold > 0 {
		r.SuccessesToRecover = def.SuccessThreshold
	}
	return r
}
