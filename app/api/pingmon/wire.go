package pingmon

import (
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// checkJSON is a check as the ping monitor answered it.
type checkJSON struct {
	ID     uint   `json:"id"`
	Domain string `json:"domain"`
	// LastPerformed is the start of the latest result; null before the first.
	LastPerformed *time.Time `json:"last_performed"`
	// Status is true while the check is up.
	Status bool `json:"status"`
}

// downtimeJSON is a downtime, the ping monitor's "incident".
type downtimeJSON struct {
	ID            uint      `json:"id"`
	CheckID       uint      `json:"check_id"`
	Description   string    `json:"description"`
	DownDetection time.Time `json:"down_detection"`
	// UpDetection is null while the check is down.
	UpDetection *time.Time `json:"up_detection"`
}

type errorJSON struct {
	Error string `json:"error"`
}

func wireCheck(s store.CheckStatus) checkJSON {
	c := checkJSON{ID: s.CheckID, Domain: probe.TargetHost(probe.Definition{Kind: s.Kind, Target: s.Target}), Status: s.Status == probe.OutcomeUp}
	if !s.LastResultAt.IsZero() {
		at := s.LastResultAt.UTC()
		c.LastPerformed = &at
	}
	return c
}

func wireDowntime(d store.CheckDowntime) downtimeJSON {
	w := downtimeJSON{ID: d.ID, CheckID: d.CheckID, Description: d.Description, DownDetection: d.DownDetectedAt.UTC()}
	if !d.UpDetectedAt.IsZero() {
		at := d.UpDetectedAt.UTC()
		w.UpDetection = &at
	}
	return w
}
