package servertest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RedisURLVar is the variable that, when set, makes a missing redis-server
// fail these tests instead of skipping them.
const RedisURLVar = "SDB_TEST_REDIS_URL"

// Redis is a private redis-server, started by StartRedis and stopped when
// the test ends.
type Redis struct {
	t       testing.TB
	path    string
	dir     string
	port    int
	persist bool
	cmd     *exec.Cmd
	exited  chan struct{}
}

// RedisOptions choose how the server keeps its data.
type RedisOptions struct {
	// Persist turns the append-only file on (fsync every write), so that a
	// restarted server comes back with its data.
	Persist bool
}

// StartRedis starts redis-server on a free port.
func StartRedis(t testing.TB, options RedisOptions) *Redis {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		requireOrSkip(t, "redis-server", RedisURLVar)
	}
	r := &Redis{t: t, path: path, dir: t.TempDir(), port: freePort(t), persist: options.Persist}
	t.Cleanup(r.remove)
	r.Start()
	return r
}

// URL is the server's address for go-redis, database 0.
func (r *Redis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

// Addr is the server's host:port.
func (r *Redis) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

// Start starts the server (again), on the same port and directory, and
// waits until it accepts connections.
func (r *Redis) Start() {
	r.t.Helper()
	appendOnly := "no"
	if r.persist {
		appendOnly = "yes"
	}
	r.cmd = exec.Command(r.path, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--dir", r.dir,
		"--save", "", "--appendonly", appendOnly, "--appendfsync", "always", "--daemonize", "no", "--logfile", "")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	exited := make(chan struct{})
	r.exited = exited
	go func(cmd *exec.Cmd) { _ = cmd.Wait(); close(exited) }(r.cmd)
	if err := waitForRedis(r.Addr(), startTimeout); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
}

// waitForRedis waits until the server at addr answers PING with PONG:
// while it loads its append-only file it accepts connections but answers
// every command with LOADING.
func waitForRedis(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		reply, err := ping(addr)
		if err == nil && strings.HasPrefix(reply, "+PONG") {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server at %s not ready after %s: %q, %v", addr, timeout, reply, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ping sends PING on a connection of its own and returns the reply line.
func ping(addr string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return "", err
	}
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return "", err
	}
	return bufio.NewReader(conn).ReadString('\n')
}

// Stop kills the server (SIGKILL: no shutdown save, as in a crash) and
// waits until it has gone. With Persist the append-only file, written at
// every write, keeps the data for the next Start.
func (r *Redis) Stop() {
	r.t.Helper()
	if err := r.kill(); err != nil {
		r.t.Fatal(err)
	}
}

func (r *Redis) kill() error {
	if r.cmd == nil {
		return nil
	}
	_ = r.cmd.Process.Signal(syscall.SIGCONT)
	if err := r.cmd.Process.Kill(); err != nil && err != os.ErrProcessDone {
		return fmt.Errorf("stop redis-server: %w", err)
	}
	select {
	case <-r.exited:
	case <-time.After(startTimeout):
		return fmt.Errorf("redis-server did not stop within %s", startTimeout)
	}
	r.cmd = nil
	return nil
}

// Freeze stops the server with SIGSTOP: connections stay open and nothing answers.
func (r *Redis) Freeze() {
	r.t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		r.t.Fatalf("freeze redis-server: %v", err)
	}
}

// Thaw lets a frozen server go on (SIGCONT).
func (r *Redis) Thaw() {
	r.t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		r.t.Fatalf("thaw redis-server: %v", err)
	}
}

func (r *Redis) remove() {
	if err := r.kill(); err != nil {
		r.t.Error(err)
	}
}
