package worker_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"statusdash/app/monitor/worker"
	"statusdash/app/store"
)

// The environment of a worker process (TestWorkerProcess).
const (
	processURLVar      = "SDB_WORKER_PROCESS_URL"
	processLocationVar = "SDB_WORKER_PROCESS_LOCATION"
	processClockVar    = "SDB_WORKER_PROCESS_CLOCK"
)

// TestWorkerProcess is a worker process for the tests and benchmarks that
// need one to kill or to run beside another: it runs only when
// SDB_WORKER_PROCESS_URL names the database, until SIGTERM or SIGKILL.
func TestWorkerProcess(t *testing.T) {
	url := os.Getenv(processURLVar)
	if url == "" {
		t.Skip("runs only as a worker process started by another test")
	}
	opts := worker.Options{Location: os.Getenv(processLocationVar)}
	if text := os.Getenv(processClockVar); text != "" {
		clock, err := parseFastClock(text)
		if err != nil {
			t.Fatal(err)
		}
		opts.Now = clock.Now
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	s, err := store.OpenWith(ctx, url, store.DefaultTimeouts())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := worker.New(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// workerProcess is a running TestWorkerProcess.
type workerProcess struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

// startWorkerProcess starts this test binary as a worker process at
// location on the database at url; a zero clock means the wall clock.
func startWorkerProcess(t testing.TB, url, location string, clock *fastClock) *workerProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), processURLVar+"="+url, processLocationVar+"="+location)
	if clock != nil {
		cmd.Env = append(cmd.Env, processClockVar+"="+clock.env())
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start worker process: %v", err)
	}
	p := &workerProcess{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { p.signal(t, syscall.SIGKILL) })
	return p
}

// signal sends sig and waits for the process to end, at most 30 s.
func (p *workerProcess) signal(t testing.TB, sig syscall.Signal) error {
	t.Helper()
	select {
	case <-p.exited:
		return p.err
	default:
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
		return p.err
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		return fmt.Errorf("worker process did not end within 30 s of %s", sig)
	}
}
