package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// scaleHeader is what every table of the scale run shares.
type scaleHeader struct {
	components, events, open int
	samples, cachedSamples   int
	wrk                      wrkOptions
	timeout                  time.Duration // per request, and wrk's --timeout
}

// printScale writes the table of one database's figures.
func printScale(w io.Writer, h scaleHeader, f scaleFigures) {
	fmt.Fprintf(w, "\n== statusdash scale run on %s (%s components, %s past events, %d open incidents) ==\n",
		f.database, thousands(h.components), thousands(h.events), h.open)
	fmt.Fprintf(w, "machine: %d CPUs; load average before the endpoints %s, before wrk %s\n", runtime.NumCPU(), f.loadAvg, f.wrkLoad)
	fmt.Fprintf(w, "bootstrap provision  %s (%s)\n", seconds(f.provision.First), f.provision.FirstOutput)
	fmt.Fprintf(w, "provision again      %s (%s)   (aim: under 20 s, again under 10 s)\n", seconds(f.provision.Again), f.provision.AgainOutput)
	fmt.Fprintf(w, "\neach endpoint on a fresh server, Accept-Encoding: gzip, time to the last byte; first = the first request after start;\n"+
		"uncached = p50 of %d requests each after a data version bump; cached = p50 of %d repeats (either fewer once\n"+
		"%d took %s); peak = the server's VmHWM\n"+
		"(aims: uncached under 50 ms, cached under 2 ms)\n", h.samples, h.cachedSamples, minSamples, sampleBudget)
	fmt.Fprintf(w, "%-45s %6s %10s %10s %10s %12s %10s %9s\n", "endpoint", "status", "raw", "gzip", "first", "uncached p50", "cached p50", "peak")
	for _, e := range f.endpoints {
		fmt.Fprintln(w, endpointLine(e))
	}
	if anyComputedGzip(f.endpoints) {
		fmt.Fprintln(w, "* sent uncompressed; its gzip size computed here at the default level")
	}
	if len(f.readers) > 0 {
		fmt.Fprintf(w, "\n%d concurrent readers of the largest response, wrk -t%d -c%d -d%s --timeout %s (aim: server under 200 MB):\n",
			scaleReaders, h.wrk.Threads, scaleReaders, h.wrk.Duration, h.timeout)
	}
	for _, r := range f.readers {
		fmt.Fprintf(w, "  %-60s %8.1f requests/s, p50 %s, p99 %s, %s; server peak %s\n",
			readersName(r), r.Result.RequestsPerSec, duration(r.Result.P50), duration(r.Result.P99), wrkErrors(r.Result), megabytes(r.PeakKB))
	}
}

// endpointLine is one endpoint's row of the table.
func endpointLine(e endpointFigures) string {
	gzip := size(e.GzipBytes)
	if e.GzipComputed {
		gzip += "*"
	}
	line := fmt.Sprintf("%-45s %6d %10s %10s %10s %12s %10s %9s", e.Endpoint.Path, e.Status, size(e.RawBytes), gzip,
		duration(e.First), p50(e.Uncached), p50(e.Cached), megabytes(e.PeakKB))
	if e.FirstStatus != 0 {
		line += fmt.Sprintf("  first request answered %d", e.FirstStatus)
	}
	if e.Failure != "" {
		line += "  STOPPED: " + e.Failure
	}
	return line
}

// scaleMarkdownRows are the README performance table's rows of one database.
func scaleMarkdownRows(h scaleHeader, f scaleFigures) []string {
	prefix := fmt.Sprintf("scale, %s:", f.database)
	rows := []string{fmt.Sprintf("| %s `bootstrap provision` of %s components, %s events | %s; the same file again %s |",
		prefix, thousands(h.components), thousands(h.events), seconds(f.provision.First), seconds(f.provision.Again))}
	for _, e := range f.endpoints {
		figure := fmt.Sprintf("uncached p50 %s, cached p50 %s; %s, %s gzip; server peak %s", p50(e.Uncached), p50(e.Cached),
			size(e.RawBytes), size(e.GzipBytes), megabytes(e.PeakKB))
		if e.GzipComputed {
			figure += " (sent uncompressed)"
		}
		if e.Status != 200 {
			figure += fmt.Sprintf(" (status %d)", e.Status)
		}
		if e.FirstStatus != 0 {
			figure += fmt.Sprintf(" (first request answered %d)", e.FirstStatus)
		}
		if e.Failure != "" {
			figure += " (stopped: " + e.Failure + ")"
		}
		rows = append(rows, fmt.Sprintf("| %s `GET %s` | %s |", prefix, e.Endpoint.Path, figure))
	}
	for _, r := range f.readers {
		rows = append(rows, fmt.Sprintf("| %s %s | %.0f requests/s, p50 %s, p99 %s, %s; server peak %s |", prefix,
			readersName(r), r.Result.RequestsPerSec, duration(r.Result.P50), duration(r.Result.P99), wrkErrors(r.Result), megabytes(r.PeakKB)))
	}
	return rows
}

// largestResponse is the endpoint answering 200 with the most bytes uncompressed.
func largestResponse(endpoints []endpointFigures) (scaleEndpoint, bool) {
	var largest endpointFigures
	for _, e := range endpoints {
		if e.Status == 200 && e.RawBytes > largest.RawBytes {
			largest = e
		}
	}
	return largest.Endpoint, largest.RawBytes > 0
}

func anyComputedGzip(endpoints []endpointFigures) bool {
	for _, e := range endpoints {
		if e.GzipComputed {
			return true
		}
	}
	return false
}

func readersName(r readersFigures) string {
	name := fmt.Sprintf("%d readers of `%s`", scaleReaders, r.Endpoint.Path)
	if r.Gzipped {
		return name + ", gzip"
	}
	return name + ", uncompressed"
}

func wrkErrors(r wrkResult) string {
	errors := fmt.Sprintf("%d requests, non-2xx %d", r.Requests, r.Non2xx)
	if r.SocketErrors != "" {
		errors += ", socket errors: " + r.SocketErrors
	}
	return errors
}

// p50 is the median sample, or "-" without samples.
func p50(samples []time.Duration) string {
	if len(samples) == 0 {
		return "-"
	}
	return duration(percentile(samples, 50))
}

// duration writes d in milliseconds below a second, with the precision a
// cached hit needs, else in seconds.
func duration(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return seconds(d)
}

// seconds writes d in seconds, or minutes and seconds from a minute on.
func seconds(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%d min %d s", int(d/time.Minute), int((d%time.Minute)/time.Second))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// size writes n bytes in B, KB or MB (of 1,024).
func size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

func megabytes(kb int64) string {
	if kb == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	digits := fmt.Sprint(n)
	var b strings.Builder
	for i, digit := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(digit)
	}
	return b.String()
}
