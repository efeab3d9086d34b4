package probe

import (
	"fmt"
	"time"
)

// HeartbeatDue is when a heartbeat check turns down unless a ping comes: the
// period plus grace after the last ping, or after waitingSince (the check's
// creation or resumption) when that is later or no ping came yet. A
// scheduler evaluates the check again at that moment.
func HeartbeatDue(def Definition, lastPing, waitingSince time.Time) time.Time {
	def = def.WithDefaults()
	return heartbeatReference(lastPing, waitingSince).Add(def.Interval + def.Heartbeat.Grace)
}

// HeartbeatResult is a heartbeat check's state at now, computed from its
// last ping (zero when none came): up until HeartbeatDue, down from then on.
func HeartbeatResult(def Definition, lastPing, waitingSince, now time.Time) Result {
	def = def.WithDefaults()
	due := HeartbeatDue(def, lastPing, waitingSince)
	if now.Before(due) {
		return up(now, 0)
	}
	allowance := fmt.Sprintf("period %s, grace %s", formatDuration(def.Interval), formatDuration(def.Heartbeat.Grace))
	if lastPing.IsZero() || lastPing.Before(waitingSince) {
		return down(now, 0, fmt.Sprintf("no ping since %s (%s)",
			waitingSince.UTC().Format(dateLayout), allowance))
	}
	return down(now, 0, fmt.Sprintf("no ping for %s (%s); the last came at %s",
		formatDuration(now.Sub(lastPing)), allowance, lastPing.UTC().Format(dateLayout)))
}

func heartbeatReference(lastPing, waitingSince time.Time) time.Time {
	if lastPing.After(waitingSince) {
		return lastPing
	}
	return waitingSince
}
