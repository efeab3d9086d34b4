package main

import (
	"fmt"
	"io"
	"runtime"
	"time"

	"statusdash/app/monitor/decide"
)

// detectAims are issue 12's aims for the time until / shows a change.
type detectAims struct {
	// down is interval × N + 2 s, N the failed rounds that report.
	down time.Duration
	// up is interval × M + 2 s, M the good rounds that recover.
	up time.Duration
}

// aimsFor is the aims of a check every interval under rules.
func aimsFor(interval time.Duration, rules decide.Rules) detectAims {
	return detectAims{
		down: interval*time.Duration(rules.FailuresToReport) + 2*time.Second,
		up:   interval*time.Duration(rules.SuccessesToRecover) + 2*time.Second,
	}
}

// detectReport is everything the detection mode prints.
type detectReport struct {
	interval              time.Duration
	rules                 decide.Rules
	aims                  detectAims
	runs                  []detectRun
	loadBefore, loadAfter string
}

// printDetect writes the table of runs with the aims under it.
func printDetect(w io.Writer, r detectReport) {
	fmt.Fprintf(w, "\n== time until / shows a target's change (HTTP check every %s; %d failed rounds report, %d good rounds recover; / read every %s) ==\n",
		r.interval, r.rules.FailuresToReport, r.rules.SuccessesToRecover, pagePollEvery)
	fmt.Fprintf(w, "machine %d CPUs; load average before %s, after %s\n", runtime.NumCPU(), r.loadBefore, r.loadAfter)
	fmt.Fprintf(w, "  %-11s %4s %14s %12s %s\n", "database", "run", "down→visible", "up→visible", "resolved automatically")
	downMet, upMet := 0, 0
	for _, run := range r.runs {
		resolved := "yes"
		if !run.resolvedAutomatically {
			resolved = "NO"
		}
		fmt.Fprintf(w, "  %-11s %4d %14s %12s %s\n", run.database, run.run, seconds(run.down), seconds(run.up), resolved)
		if run.down <= r.aims.down {
			downMet++
		}
		if run.up <= r.aims.up {
			upMet++
		}
	}
	fmt.Fprintf(w, "  %-11s %4s %14s %12s\n", "aim", "", "≤ "+seconds(r.aims.down), "≤ "+seconds(r.aims.up))
	fmt.Fprintf(w, "  within the aim: down %d of %d runs, up %d of %d\n", downMet, len(r.runs), upMet, len(r.runs))
}
