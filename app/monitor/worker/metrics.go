package worker

import (
	"github.com/prometheus/client_golang/prometheus"

	"statusdash/app/monitor/probe"
)

// Metrics are a worker's Prometheus figures, labelled by its location
// only: never one series per check. Register Collectors in a registry.
type Metrics struct {
	checksRun      prometheus.Counter
	failures       *prometheus.CounterVec
	lag            prometheus.Histogram
	leasesHeld     prometheus.Gauge
	slotsSkipped   prometheus.Counter
	hostBusy       prometheus.Counter
	resultsWritten prometheus.Counter
	resultsDropped prometheus.Counter
	batchSize      prometheus.Histogram
	storeErrors    *prometheus.CounterVec
}

// NewMetrics builds the metrics of a worker at location.
func NewMetrics(location string) *Metrics {
	labels := prometheus.Labels{"location": location}
	return &Metrics{
		checksRun: prometheus.NewCounter(prometheus.CounterOpts{Name: "statusdash_worker_checks_run_total",
			Help: "Check runs finished by the worker (heartbeat evaluations included).", ConstLabels: labels}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "statusdash_worker_check_failures_total",
			Help: "Check runs that were not up, by outcome.", ConstLabels: labels}, []string{"outcome"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "statusdash_worker_schedule_lag_seconds",
			Help:        "Time from a slot's due moment to the start of its run.",
			Buckets:     []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
			ConstLabels: labels}),
		leasesHeld: prometheus.NewGauge(prometheus.GaugeOpts{Name: "statusdash_worker_leases_held",
			Help: "Slots claimed by the worker whose results are not written yet.", ConstLabels: labels}),
		slotsSkipped: prometheus.NewCounter(prometheus.CounterOpts{Name: "statusdash_worker_slots_skipped_total",
			Help: "Slots passed over because no worker claimed them in time (the latest one runs).", ConstLabels: labels}),
		hostBusy: prometheus.NewCounter(prometheus.CounterOpts{Name: "statusdash_worker_slots_host_busy_total",
			Help: "Claimed slots not run because their target host gave them no room within their timeout (raise SDB_MONITOR_PER_HOST).", ConstLabels: labels}),
		resultsWritten: prometheus.NewCounter(prometheus.CounterOpts{Name: "statusdash_worker_results_written_total",
			Help: "Results written to the database.", ConstLabels: labels}),
		resultsDropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "statusdash_worker_results_dropped_total",
			Help: "Results dropped because the database refused them for too long.", ConstLabels: labels}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "statusdash_worker_result_batch_size",
			Help:        "Results per database write.",
			Buckets:     []float64{1, 5, 10, 25, 50, 100, 250, 500, 1000},
			ConstLabels: labels}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "statusdash_worker_store_errors_total",
			Help: "Failed store or decider calls, by operation.", ConstLabels: labels}, []string{"operation"}),
	}
}

// Collectors lists the metrics for a registry.
func (m *Metrics) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.checksRun, m.failures, m.lag, m.leasesHeld, m.slotsSkipped, m.hostBusy,
		m.resultsWritten, m.resultsDropped, m.batchSize, m.storeErrors}
}

// ran counts a finished run.
func (m *Metrics) ran(outcome probe.Outcome, lagSeconds float64) {
	m.checksRun.Inc()
	if outcome != probe.OutcomeUp {
		m.failures.WithLabelValues(string(outcome)).Inc()
	}
	m.lag.Observe(max(lagSeconds, 0))
}

// Store operations in storeErrors.
const (
	operationClaim   = "claim"
	operationWrite   = "write"
	operationRelease = "release"
	operationDecide  = "decide"
	operationSync    = "sync"
)
