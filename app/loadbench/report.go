package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"
)

// percentile returns the p-th percentile (0-100) of durations by nearest rank.
func percentile(durations []time.Duration, p float64) time.Duration {
	if len(durations) == 0 {
		return 0
	}
	sorted := slices.Clone(durations)
	slices.Sort(sorted)
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func kb(n int) string { return fmt.Sprintf("%d B (%.1f KB)", n, float64(n)/1024) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// printFigures writes the report, with the issues' aims next to the figures.
func printFigures(w io.Writer, f figures) {
	fmt.Fprintf(w, "\n== statusdash load benchmark (OTC catalog, %d past events, %d open incidents) ==\n", f.events, f.opened)
	fmt.Fprintf(w, "provisioning            %s (%s)\n", f.seedTime.Round(time.Millisecond), f.seedSummary)
	fmt.Fprintf(w, "machine                 %d CPUs; load average before the wrk runs %s (other load skews every figure)\n", runtime.NumCPU(), f.loadBefore)
	fmt.Fprintf(w, "\nwrk -t%d -c%d -d%s --latency -H 'Accept-Encoding: gzip', loopback:\n", f.wrk.Threads, f.wrk.Connections, f.wrk.Duration)
	fmt.Fprintf(w, "  %-22s %12s %10s %10s %s\n", "", "requests/s", "p50", "p99", "errors")
	printWrk(w, "statusdash overview", f.statusdash)
	printWrk(w, "nginx, same gzip bytes", f.nginx)
	printWrk(w, "bare net/http, same", f.bare)
	if f.withRedis != nil {
		printWrk(w, f.withRedisOn+" + Redis", *f.withRedis)
	}
	ratio := f.statusdash.RequestsPerSec / f.nginx.RequestsPerSec
	fmt.Fprintf(w, "  ratio statusdash/nginx %.2f   (aim >= 0.50)\n", ratio)
	fmt.Fprintf(w, "  ratio statusdash/bare net/http %.2f, bare net/http/nginx %.2f (net/http's own share here)\n",
		f.statusdash.RequestsPerSec/f.bare.RequestsPerSec, f.bare.RequestsPerSec/f.nginx.RequestsPerSec)
	fmt.Fprintf(w, "  statusdash p99         %s (aim < 10 ms)\n", ms(f.statusdash.P99))
	if f.summary != nil {
		printWrk(w, "/api/v2/summary.json", *f.summary)
		fmt.Fprintln(w, "  (summary.json aim: > 15,000 requests/s cached)")
	} else {
		fmt.Fprintf(w, "  /api/v2/summary.json   %s\n", f.summaryNote)
	}
	fmt.Fprintf(w, "\nuncached overview build  p50 %s, p90 %s, max %s over %d builds (aim p50 < 5 ms)\n",
		ms(percentile(f.builds, 50)), ms(percentile(f.builds, 90)), ms(percentile(f.builds, 100)), len(f.builds))
	fmt.Fprintf(w, "  measured: %s\n", f.buildNote)
	fmt.Fprintf(w, "\noverview HTML            %s uncompressed, %s gzip (aim < 60 KB)", kb(f.htmlBytes), kb(f.htmlGzipBytes))
	if !f.serverGzipped {
		fmt.Fprint(w, "  NOTE: the server did not compress it; gzip size computed here")
	}
	fmt.Fprintln(w)
	for _, css := range f.css {
		fmt.Fprintf(w, "CSS %s  %s uncompressed, %s gzip\n", css.href, kb(css.bytes), kb(css.gzipBytes))
	}
	if len(f.css) == 0 {
		fmt.Fprintln(w, "CSS                      no stylesheet linked from the overview")
	}
	fmt.Fprintf(w, "server peak memory       %.1f MB (VmHWM)\n", float64(f.peakMemoryKB)/1024)
	printPosts(w, f)
}

// printPosts prints the v1 POST figures.
func printPosts(w io.Writer, f figures) {
	fmt.Fprintln(w, "\nv1 POST component_status on PostgreSQL (aim > 500/s at 16 clients):")
	if f.postsNote != "" {
		fmt.Fprintf(w, "  %s\n", f.postsNote)
	}
	rates := map[string][]float64{}
	var names []string
	for _, run := range f.posts {
		fmt.Fprintf(w, "  %-12s %6.0f requests/s (%d requests in %s; statuses %v)\n",
			run.name, run.perSecond(), run.requests, run.elapsed.Round(time.Millisecond), run.statuses)
		if rates[run.name] == nil {
			names = append(names, run.name)
		}
		rates[run.name] = append(rates[run.name], run.perSecond())
	}
	for _, name := range names {
		if len(rates[name]) > 1 {
			fmt.Fprintf(w, "  %-12s %6.0f requests/s median of %d runs\n", name, median(rates[name]), len(rates[name]))
		}
	}
}

// median is the middle of the values, or the mean of the middle two.
func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[mid-1] + sorted[mid]) / 2
	}
	return sorted[mid]
}

func printWrk(w io.Writer, name string, r wrkResult) {
	errors := fmt.Sprintf("non-2xx %d", r.Non2xx)
	if r.SocketErrors != "" {
		errors += "; socket " + r.SocketErrors
	}
	fmt.Fprintf(w, "  %-22s %12.0f %10s %10s %s\n", name, r.RequestsPerSec, ms(r.P50), ms(r.P99), errors)
}
