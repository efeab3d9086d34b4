package availability

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"statusdash/app/model"
)

// PartialWeight is the share of a partial outage (impact major) that counts
// as downtime, as Statuspage and Instatus count it; a major outage counts
// fully and degraded performance (impact minor) not at all.
const PartialWeight = 0.3

// Figure is a component's availability over one period.
type Figure struct {
	Period Span
	// NoData is true when the component existed at no moment of the period
	// up to the timeline's Until: the period is before its creation or to come.
	NoData bool
	// Measured is the time the figure covers: the period's time while the
	// component existed and up to Until, less Maintenance.
	Measured time.Duration
	// Maintenance is the time in maintenance windows, not measured.
	Maintenance time.Duration
	// Degraded, Partial and Outage are the measured time at each worst
	// impact: minor, major and outage.
	Degraded, Partial, Outage time.Duration
}

// Downtime is the measured time that counts as down: all of Outage and
// PartialWeight of Partial.
func (f Figure) Downtime() time.Duration {
	return f.Outage + time.Duration(PartialWeight*float64(f.Partial))
}

// Percent is the share of the measured time that was up, from 0 to 100;
// 100 when nothing was measured (a period spent in maintenance).
func (f Figure) Percent() float64 {
	if f.Measured <= 0 {
		return 100
	}
	down := f.Outage.Seconds() + PartialWeight*f.Partial.Seconds()
	return 100 * (1 - down/f.Measured.Seconds())
}

// Worst is the worst impact held in the period; ImpactMaintenance (0) when
// no incident was.
func (f Figure) Worst() model.Impact {
	switch {
	case f.Outage > 0:
		return model.ImpactOutage
	case f.Partial > 0:
		return model.ImpactMajor
	case f.Degraded > 0:
		return model.ImpactMinor
	}
	return model.ImpactMaintenance
}

// Figures measures the timeline over each period, in the periods' order.
func (t *Timeline) Figures(periods []Span) []Figure {
	steps := t.steps()
	figures := make([]Figure, len(periods))
	for i, period := range periods {
		figure := Figure{Period: period}
		measured := Span{Start: later(period.Start, t.Since), End: earlier(period.End, t.Until)}
		if measured.empty() {
			figure.NoData = true
			figures[i] = figure
			continue
		}
		first := sort.Search(len(steps), func(i int) bool { return steps[i].End.After(measured.Start) })
		for _, s := range steps[first:] {
			if !s.Start.Before(measured.End) {
				break
			}
			d := s.intersect(measured).Duration()
			switch {
			case s.maintenance:
				figure.Maintenance += d
			case s.worst == model.ImpactOutage:
				figure.Outage += d
			case s.worst == model.ImpactMajor:
				figure.Partial += d
			case s.worst == model.ImpactMinor:
				figure.Degraded += d
			}
		}
		figure.Measured = measured.Duration() - figure.Maintenance
		figures[i] = figure
	}
	return figures
}

// step is a stretch of the timeline in one state: in maintenance, or at
// its worst impact.
type step struct {
	Span
	maintenance bool
	worst       model.Impact
}

// steps cuts the timeline, within [Since, Until), into ordered, disjoint
// stretches where something held it; the rest of the time it was up.
func (t *Timeline) steps() []step {
	bounds := Span{Start: t.Since, End: t.Until}
	// Edges in Unix nanoseconds: sorting them is most of the work.
	type edge struct {
		at    int64
		level model.Impact // ImpactMaintenance for a maintenance window
		delta int8
	}
	edges := make([]edge, 0, 2*(len(t.Incidents)+len(t.Maintenance)))
	add := func(span Span, level model.Impact) {
		if span = span.intersect(bounds); !span.empty() {
			edges = append(edges, edge{span.Start.UnixNano(), level, 1}, edge{span.End.UnixNano(), level, -1})
		}
	}
	for _, held := range t.Incidents {
		if held.Impact >= model.ImpactMinor && held.Impact <= model.ImpactOutage {
			add(held.Span, held.Impact)
		}
	}
	for _, window := range t.Maintenance {
		add(window, model.ImpactMaintenance)
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Compare(a.at, b.at) })
	steps := make([]step, 0, len(edges)/2)
	var open [model.ImpactOutage + 1]int
	for i := 0; i < len(edges); {
		at := edges[i].at
		for ; i < len(edges) && edges[i].at == at; i++ {
			open[edges[i].level] += int(edges[i].delta)
		}
		if i == len(edges) {
			break // past the last edge nothing holds
		}
		maintenance, worst := open[model.ImpactMaintenance] > 0, model.ImpactMaintenance
		for level := model.ImpactOutage; level >= model.ImpactMinor && !maintenance; level-- {
			if open[level] > 0 {
				worst = level
				break
			}
		}
		if !maintenance && worst == model.ImpactMaintenance {
			continue
		}
		end := time.Unix(0, edges[i].at).In(t.Until.Location())
		if last := len(steps) - 1; last >= 0 && steps[last].End.UnixNano() == at &&
			steps[last].maintenance == maintenance && steps[last].worst == worst {
			steps[last].End = end
			continue
		}
		start := time.Unix(0, at).In(t.Until.Location())
		steps = append(steps, step{Span: Span{Start: start, End: end}, maintenance: maintenance, worst: worst})
	}
	return steps
}

// Sum is the figure of several components over the same period taken
// together, or of one component over consecutive periods: their times
// added, so that Percent weighs each by its measured time and Worst is the
// worst of them. It has NoData when every figure has; its Period spans
// the figures' periods.
func Sum(figures []Figure) Figure {
	sum := Figure{NoData: true}
	for i, f := range figures {
		if i == 0 {
			sum.Period = f.Period
		}
		sum.Period.Start = earlier(sum.Period.Start, f.Period.Start)
		sum.Period.End = later(sum.Period.End, f.Period.End)
		sum.AddTimes(f)
	}
	return sum
}

// AddTimes adds o's times to f, which has data from then on unless o has
// none either; the periods are left as they are.
func (f *Figure) AddTimes(o Figure) {
	if o.NoData {
		return
	}
	f.NoData = false
	f.Measured += o.Measured
	f.Maintenance += o.Maintenance
	f.Degraded += o.Degraded
	f.Partial += o.Partial
	f.Outage += o.Outage
}
