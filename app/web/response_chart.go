package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"statusdash/app/locale"
	"statusdash/app/store"
)

// A response-time chart is an inline SVG drawn on the server: a polyline
// for p50 and one for p95 of the component's checks per period, with a
// table of the same figures as its text alternative. Its geometry is in
// SVG attributes, which the CSP allows (style-src 'self' covers the
// stylesheet that colours it); no script and no image from elsewhere.

// The chart's frame, in user units: the plot lies inside the margins.
const (
	chartWidth, chartHeight     = 640, 220
	plotLeft, plotRight         = 56, 628
	plotTop, plotBottom         = 12, 184
	chartTicks                  = 4
	chartLabelY                 = 206
	hourlyPoints, dailyPoints   = 24, store.UptimeDays
	hourLabelEvery, dayLabelDay = 6, 15
)

// responseChart is one chart with its table, for the partial response-chart.
type responseChart struct {
	// ID makes the chart's ids unique on the page.
	ID      string
	Caption string
	Width   int
	Height  int
	// PlotLeft and PlotRight bound the grid lines; LabelY is the baseline of the time labels.
	PlotLeft, PlotRight, LabelY int
	// Lines are the plot's two series, each one or more polylines (a
	// period without answers breaks the line).
	P50, P95 []string
	YTicks   []chartTick
	XTicks   []chartTick
	Rows     []chartRow
	// Empty: no check answered in the periods.
	Empty bool
}

// chartTick is an axis label at a position.
type chartTick struct {
	At    int
	Label string
}

// chartRow is a period of the table.
type chartRow struct {
	Period, P50, P95, Runs string
}

// newResponseChart draws the rollups (oldest first, a period without
// results missing) over periods periods of length step ending with the one
// that starts at last, its dates and words in lang.
func newResponseChart(lang *locale.Language, id, caption string, rollups []store.CheckRollup, last time.Time, periods int, step time.Duration, hourly bool) responseChart {
	chart := responseChart{ID: id, Caption: caption, Width: chartWidth, Height: chartHeight,
		PlotLeft: plotLeft, PlotRight: plotRight, LabelY: chartLabelY}
	first := last.Add(-time.Duration(periods-1) * step)
	byStart := make(map[int64]store.CheckRollup, len(rollups))
	var top time.Duration
	for _, r := range rollups {
		if r.Runs > r.Failures {
			byStart[r.Start.Unix()] = r
			top = max(top, r.LatencyP95)
		}
	}
	if len(byStart) == 0 {
		chart.Empty = true
		return chart
	}
	scale := niceCeiling(top)
	down := lang.MustT("chart.down")
	x := func(i int) int { return plotLeft + i*(plotRight-plotLeft)/max(periods-1, 1) }
	y := func(d time.Duration) int {
		return plotBottom - int(math.Round(float64(d)/float64(scale)*float64(plotBottom-plotTop)))
	}
	for i := range chartTicks + 1 {
		value := scale * time.Duration(i) / chartTicks
		chart.YTicks = append(chart.YTicks, chartTick{At: y(value), Label: latencyLabel(lang, value)})
	}
	var p50, p95 strings.Builder
	points := 0
	flush := func() {
		if points == 1 {
			// A lone period: a line to itself, drawn as a dot by its round cap.
			p50.WriteString(" " + p50.String())
			p95.WriteString(" " + p95.String())
		}
		points = 0
		if p50.Len() > 0 {
			chart.P50 = append(chart.P50, p50.String())
			chart.P95 = append(chart.P95, p95.String())
		}
		p50.Reset()
		p95.Reset()
	}
	for i := range periods {
		start := first.Add(time.Duration(i) * step)
		if (hourly && start.Hour()%hourLabelEvery == 0) || (!hourly && start.Day() == 1) || (!hourly && start.Day() == dayLabelDay) {
			label := start.Format("15:04")
			if !hourly {
				label = string(lang.AppendDayNoYear(nil, start))
			}
			chart.XTicks = append(chart.XTicks, chartTick{At: x(i), Label: label})
		}
		r, ok := byStart[start.Unix()]
		if !ok {
			flush()
			continue
		}
		points++
		appendPoint(&p50, x(i), y(r.LatencyP50))
		appendPoint(&p95, x(i), y(r.LatencyP95))
		period := lang.AppendDay(nil, start)
		if hourly {
			period = start.AppendFormat(append(period, ' '), "15:04")
		}
		chart.Rows = append(chart.Rows, chartRow{Period: string(period), P50: latencyLabel(lang, r.LatencyP50), P95: latencyLabel(lang, r.LatencyP95),
			Runs: lang.Integer(r.Runs) + " (" + lang.Integer(r.Failures) + down + ")"})
	}
	flush()
	return chart
}

// appendPoint adds "x,y" to a polyline's points.
func appendPoint(points *strings.Builder, x, y int) {
	if points.Len() > 0 {
		points.WriteByte(' ')
	}
	points.WriteString(strconv.Itoa(x))
	points.WriteByte(',')
	points.WriteString(strconv.Itoa(y))
}

// niceCeiling is the smallest 1, 2 or 5 times a power of ten milliseconds
// at or above d, at least 1 ms: the top of the chart's scale.
func niceCeiling(d time.Duration) time.Duration {
	ms := max(float64(d)/float64(time.Millisecond), 1)
	power := math.Pow(10, math.Floor(math.Log10(ms)))
	for _, step := range []float64{1, 2, 5, 10} {
		if ms <= step*power {
			return time.Duration(step * power * float64(time.Millisecond))
		}
	}
	return time.Duration(10 * power * float64(time.Millisecond))
}

// latencyLabel prints a latency in milliseconds, or seconds from 10 s,
// with lang's decimal separator: "12.5 ms", "12,5 ms".
func latencyLabel(lang *locale.Language, d time.Duration) string {
	var scratch [24]byte
	label := scratch[:0]
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case d >= 10*time.Second:
		label = append(lang.AppendDecimal(label, d.Seconds(), 1), " s"...)
	case ms < 10 && ms != math.Trunc(ms):
		label = append(lang.AppendDecimal(label, ms, 1), " ms"...)
	default:
		label = append(lang.AppendDecimal(label, math.Round(ms), 0), " ms"...)
	}
	return string(label)
}
