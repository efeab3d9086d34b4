package servertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// PostgresURLVar is the variable that, when set, makes a missing PostgreSQL
// installation fail these tests instead of skipping them.
const PostgresURLVar = "SDB_TEST_POSTGRES_URL"

// Postgres is a private PostgreSQL cluster, started by StartPostgres and
// removed when the test ends.
type Postgres struct {
	t       testing.TB
	bin     string // the directory of initdb and pg_ctl
	dataDir string
	port    int
	// asUser runs the server as this user when the test runs as root, which
	// PostgreSQL refuses to run as.
	asUser *user.User
}

// StartPostgres initialises and starts a cluster on a free port, with trust
// authentication for the user postgres and fsync off: a commit still reaches
// the kernel before it is acknowledged, so Stop (a crash of the server, not
// of the machine) loses no acknowledged write.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	bin := postgresBin()
	if bin == "" {
		requireOrSkip(t, "PostgreSQL (initdb and pg_ctl)", PostgresURLVar)
	}
	p := &Postgres{t: t, bin: bin, port: freePort(t)}
	if os.Geteuid() == 0 {
		account, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("PostgreSQL refuses to run as root and there is no postgres user: %v", err)
		}
		p.asUser = account
	}
	// Not t.TempDir: its parents are private to the test's user, and the
	// server may run as another.
	dir, err := os.MkdirTemp("", "sdb-postgres-")
	if err != nil {
		t.Fatalf("create PostgreSQL directory: %v", err)
	}
	p.dataDir = dir
	t.Cleanup(p.remove)
	if err := p.chown(dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := run(ctx, p.command(ctx, "initdb", "-D", p.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")); err != nil {
		t.Fatalf("initialise PostgreSQL: %v", err)
	}
	p.Start()
	return p
}

// postgresBin finds the newest installed PostgreSQL's binaries.
func postgresBin() string {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1])
	}
	if path, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(path)
	}
	return ""
}

// URL is the address of the cluster's postgres database.
func (p *Postgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// Start starts the cluster (again) and waits until it accepts connections.
func (p *Postgres) Start() {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	options := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", p.port, p.dataDir)
	if err := run(ctx, p.command(ctx, "pg_ctl", "-D", p.dataDir, "-o", options, "-l", filepath.Join(p.dataDir, "server.log"), "-w", "start")); err != nil {
		p.t.Fatalf("start PostgreSQL: %v", err)
	}
}

// Stop shuts the cluster down at once, as a crash would, dropping every
// connection.
func (p *Postgres) Stop() {
	p.t.Helper()
	if err := p.stop(); err != nil {
		p.t.Fatalf("stop PostgreSQL: %v", err)
	}
}

func (p *Postgres) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	return run(ctx, p.command(ctx, "pg_ctl", "-D", p.dataDir, "-m", "immediate", "-w", "stop"))
}

// Freeze stops every process of the cluster with SIGSTOP: connections stay
// open and nothing answers, as in a network partition.
func (p *Postgres) Freeze() {
	p.t.Helper()
	if err := p.signal(syscall.SIGSTOP); err != nil {
		p.t.Fatalf("freeze PostgreSQL: %v", err)
	}
}

// Thaw lets a frozen cluster go on (SIGCONT).
func (p *Postgres) Thaw() {
	p.t.Helper()
	if err := p.signal(syscall.SIGCONT); err != nil {
		p.t.Fatalf("thaw PostgreSQL: %v", err)
	}
}

func (p *Postgres) signal(sig syscall.Signal) error {
	pid, err := p.postmasterPID()
	if err != nil {
		return err
	}
	return signalTree(pid, sig)
}

// postmasterPID reads the server's process id from postmaster.pid.
func (p *Postgres) postmasterPID() (int, error) {
	content, err := os.ReadFile(filepath.Join(p.dataDir, "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("PostgreSQL is not running: %w", err)
	}
	first, _, _ := strings.Cut(string(content), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		return 0, fmt.Errorf("read postmaster.pid: %w", err)
	}
	return pid, nil
}

// remove thaws and stops the cluster if it runs, and deletes its files.
func (p *Postgres) remove() {
	if _, err := p.postmasterPID(); err == nil {
		_ = p.signal(syscall.SIGCONT)
		if err := p.stop(); err != nil {
			p.t.Errorf("stop PostgreSQL: %v", err)
		}
	}
	if err := os.RemoveAll(p.dataDir); err != nil {
		p.t.Errorf("remove PostgreSQL files: %v", err)
	}
}

// command runs a PostgreSQL binary, as the postgres user when the test runs as root.
func (p *Postgres) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, name)
	if p.asUser == nil {
		return exec.CommandContext(ctx, path, args...)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	uid, _ := strconv.ParseUint(p.asUser.Uid, 10, 32)
	gid, _ := strconv.ParseUint(p.asUser.Gid, 10, 32)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	cmd.Dir = p.dataDir
	cmd.Env = append(os.Environ(), "HOME="+p.asUser.HomeDir, "USER="+p.asUser.Username)
	return cmd
}

// chown gives the directory to the server's user.
func (p *Postgres) chown(dir string) error {
	if p.asUser == nil {
		return nil
	}
	uid, _ := strconv.Atoi(p.asUser.Uid)
	gid, _ := strconv.Atoi(p.asUser.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("give %s to %s: %w", dir, p.asUser.Username, err)
	}
	return nil
}
