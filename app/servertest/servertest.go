// Package servertest starts private PostgreSQL and Redis servers on free
// loopback ports for tests that stop, freeze and restart them: the shared
// servers of SDB_TEST_POSTGRES_URL and SDB_TEST_REDIS_URL must never be
// touched that way. The servers are the machine's own binaries (Debian's
// postgresql and redis-server packages); a test skips when they are missing,
// unless the shared server's variable is set (as CI sets it), when it fails.
package servertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds a server's start and stop.
const startTimeout = 30 * time.Second

// requireOrSkip skips the test when the binary is missing, or fails it when
// the variable is set: CI sets it and must run every test.
func requireOrSkip(t testing.TB, what, variable string) {
	t.Helper()
	if os.Getenv(variable) != "" {
		t.Fatalf("%s is needed for this test (%s is set): %s", what, variable, "install it or unset the variable")
	}
	t.Skipf("%s is not installed; set %s to make this a failure", what, variable)
}

// freePort asks the kernel for a free loopback TCP port.
func freePort(t testing.TB) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port
}

// signalTree sends sig to pid and every process descended from it, read
// from /proc, so that a PostgreSQL cluster freezes whole.
func signalTree(pid int, sig syscall.Signal) error {
	pids := append([]int{pid}, descendants(pid)...)
	var errs []error
	for _, p := range pids {
		if err := syscall.Kill(p, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			errs = append(errs, fmt.Errorf("signal %d to process %d: %w", sig, p, err))
		}
	}
	return errors.Join(errs...)
}

// descendants lists the processes below pid, from /proc/*/stat.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, entry := range entries {
		child, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", entry.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name is in parentheses and may hold spaces: the fields
		// that follow start after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		parent, err := strconv.Atoi(fields[1])
		if err != nil {
			continue
		}
		children[parent] = append(children[parent], child)
	}
	var all []int
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, child := range children[next] {
			all = append(all, child)
			queue = append(queue, child)
		}
	}
	return all
}

// run runs a command with a deadline and returns its combined output in the error.
func run(ctx context.Context, cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("%s: %w: %s", strings.Join(cmd.Args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Outage is one way a server stops answering, and how it comes back.
type Outage[Server any] struct {
	Name       string
	Begin, End func(Server)
}

// PostgresOutages are the outages a database test goes through: frozen
// (connections stay open and nothing answers, as in a network partition)
// and stopped (connections refused, as after a crash).
func PostgresOutages() []Outage[*Postgres] {
	return []Outage[*Postgres]{{"frozen", (*Postgres).Freeze, (*Postgres).Thaw}, {"stopped", (*Postgres).Stop, (*Postgres).Start}}
}

// RedisOutages are PostgresOutages for Redis.
func RedisOutages() []Outage[*Redis] {
	return []Outage[*Redis]{{"frozen", (*Redis).Freeze, (*Redis).Thaw}, {"stopped", (*Redis).Stop, (*Redis).Start}}
}
