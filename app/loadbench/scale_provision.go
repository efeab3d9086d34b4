package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// provisionFigures times `statusdash bootstrap provision` of the scale
// catalog on an empty database, then of the same file again.
type provisionFigures struct {
	First, Again time.Duration
	// Output is the last line each run printed: what it provisioned.
	FirstOutput, AgainOutput string
}

// provisionScale runs `statusdash migrate up`, then provisions the catalog
// twice with the binary under test, each run bounded by timeout.
func provisionScale(ctx context.Context, binary, dbURL, catalog string, timeout time.Duration) (provisionFigures, error) {
	var figures provisionFigures
	// Provisioning is one write transaction, which SDB_DATABASE_WRITE_TIMEOUT
	// bounds (5 s by default): the run lifts it to measure, not to fail.
	env := serverEnv(map[string]string{"SDB_DATABASE_URL": dbURL, "SDB_SECRET_KEY": benchSecret, "SDB_REDIS_URL": "",
		"SDB_DATABASE_WRITE_TIMEOUT": timeout.String()})
	if _, _, err := runCommand(ctx, binary, env, timeout, "migrate", "up"); err != nil {
		return figures, err
	}
	var err error
	if figures.First, figures.FirstOutput, err = runCommand(ctx, binary, env, timeout, "bootstrap", "provision", "--catalog", catalog); err != nil {
		return figures, err
	}
	figures.Again, figures.AgainOutput, err = runCommand(ctx, binary, env, timeout, "bootstrap", "provision", "--catalog", catalog)
	return figures, err
}

// runCommand runs binary with args, timed, and returns the last line of its output.
func runCommand(ctx context.Context, binary string, env []string, timeout time.Duration, args ...string) (time.Duration, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	started := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(started)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	if ctx.Err() != nil {
		return elapsed, last, fmt.Errorf("statusdash %s: not done within %s", strings.Join(args, " "), timeout)
	}
	if err != nil {
		return elapsed, last, fmt.Errorf("statusdash %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return elapsed, last, nil
}
