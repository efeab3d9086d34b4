package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run measured.
type wrkResult struct {
	RequestsPerSec float64
	P50, P99       time.Duration
	Requests       int64
	Non2xx         int64 // responses outside 2xx/3xx
	SocketErrors   string
}

// wrkOptions fixes the load: threads, connections and duration.
type wrkOptions struct {
	Binary      string
	Threads     int
	Connections int
	Duration    time.Duration
	// Timeout, when set, is wrk's --timeout: a slower response counts as a
	// timeout error (wrk's default is 2 s).
	Timeout time.Duration
}

// runWrk loads url with Accept-Encoding: gzip, as browsers send, and parses
// wrk's --latency report.
func runWrk(ctx context.Context, opts wrkOptions, url string) (wrkResult, error) {
	return runWrkAccepting(ctx, opts, url, true)
}

// runWrkAccepting loads url, asking for gzip when gzipped is true.
func runWrkAccepting(ctx context.Context, opts wrkOptions, url string, gzipped bool) (wrkResult, error) {
	// The run is bounded by -d; the context also bounds it in case wrk hangs.
	ctx, cancel := context.WithTimeout(ctx, opts.Duration+opts.Timeout+30*time.Second)
	defer cancel()
	args := []string{"-t" + strconv.Itoa(opts.Threads), "-c" + strconv.Itoa(opts.Connections),
		"-d" + strconv.Itoa(int(opts.Duration.Seconds())) + "s", "--latency"}
	if opts.Timeout > 0 {
		args = append(args, "--timeout", strconv.Itoa(int(opts.Timeout.Seconds()))+"s")
	}
	if gzipped {
		args = append(args, "-H", "Accept-Encoding: gzip")
	}
	cmd := exec.CommandContext(ctx, opts.Binary, append(args, url)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w: %s", url, err, out)
	}
	result, err := parseWrk(string(out))
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w; output:\n%s", url, err, out)
	}
	return result, nil
}

// parseWrk reads requests/s, p50, p99, the request count and errors from wrk's output.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	var haveRate, haveP50, haveP99 bool
	scanner := bufio.NewScanner(strings.NewReader(out))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) == 0 {
			continue
		}
		switch {
		case fields[0] == "Requests/sec:" && len(fields) == 2:
			v, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				return r, fmt.Errorf("requests/sec %q: %w", fields[1], err)
			}
			r.RequestsPerSec, haveRate = v, true
		case (fields[0] == "50%" || fields[0] == "99%") && len(fields) == 2:
			d, err := parseWrkDuration(fields[1])
			if err != nil {
				return r, err
			}
			if fields[0] == "50%" {
				r.P50, haveP50 = d, true
			} else {
				r.P99, haveP99 = d, true
			}
		case len(fields) >= 2 && fields[1] == "requests" && len(fields) >= 3 && fields[2] == "in":
			n, err := strconv.ParseInt(fields[0], 10, 64)
			if err == nil {
				r.Requests = n
			}
		case fields[0] == "Non-2xx" && len(fields) == 5:
			n, err := strconv.ParseInt(fields[4], 10, 64)
			if err == nil {
				r.Non2xx = n
			}
		case fields[0] == "Socket" && len(fields) > 2:
			r.SocketErrors = strings.Join(fields[2:], " ")
		}
	}
	if !haveRate || !haveP50 || !haveP99 {
		return r, fmt.Errorf("no Requests/sec, 50%% or 99%% line in wrk's output")
	}
	return r, nil
}

// parseWrkDuration reads wrk's latency figures: 812.00us, 1.23ms, 1.02s, 2.00m.
func parseWrkDuration(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}}
	for _, u := range units {
		if number, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(number, 64)
			if err != nil {
				return 0, fmt.Errorf("latency %q: %w", s, err)
			}
			return time.Duration(v * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("latency %q: unknown unit", s)
}
