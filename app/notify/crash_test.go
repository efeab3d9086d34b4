package notify

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/store"
)

// The environment of a writer process (TestWriterProcess): its database,
// and "sending" to work the queues and hang in the first send.
const (
	writerURLVar  = "SDB_NOTIFY_WRITER_URL"
	writerModeVar = "SDB_NOTIFY_WRITER_MODE"
)

// TestWriterProcess is a process for the crash tests: it commits one event
// write, with its notify_event job, says so on stdout and waits to be
// killed before any delivery; in mode "sending" it works the queues and
// says "sending" from its first send, which hangs. It runs only when
// SDB_NOTIFY_WRITER_URL names the database.
func TestWriterProcess(t *testing.T) {
	url := os.Getenv(writerURLVar)
	if url == "" {
		t.Skip("runs only as a writer process started by TestCrashAfterCommitDeliversOnceAfterRestart")
	}
	s, err := store.OpenWith(context.Background(), url, store.DefaultTimeouts())
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	hang := SenderFunc(func(ctx context.Context, _ Delivery) error {
		once.Do(func() { _, _ = os.Stdout.WriteString("sending\n") })
		<-ctx.Done()
		return ctx.Err()
	})
	n, err := New(context.Background(), Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
		Subscribers: recipients(crashRecipients), Sender: hang, Config: Config{PollInterval: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if os.Getenv(writerModeVar) == "sending" {
		if err := n.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
		t.Fatal(err)
	}
	_, _ = os.Stdout.WriteString("committed\n")
	time.Sleep(time.Hour)
}

// crashRecipients is how many recipients the writer's event has.
const crashRecipients = 25

func TestCrashAfterCommitDeliversOnceAfterRestart(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, _ *store.Storage) {
		killWriterAfter(t, url, "", "committed")
		sender := newCountingSender(0)
		n := newNotifier(t, url, openStore(t, url), recipients(crashRecipients), sender, testConfig())
		startNotifier(t, n)
		waitFor(t, "every delivery after the restart", func() bool { return len(listAll(t, n, DeliverySent)) == crashRecipients })
		if keys, sends := sender.sentCount(); keys != crashRecipients || sends != crashRecipients {
			t.Errorf("got %d sends to %d recipients, want %d to %d", sends, keys, crashRecipients, crashRecipients)
		}
	})
}

// A process killed in the middle of its sends: the deliveries it had
// running run again elsewhere once RescueAfter has passed.
func TestCrashDuringSendsDeliversAfterRescue(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for River's rescuer (every 30 s)")
	}
	eachDatabase(t, func(t *testing.T, url string, _ *store.Storage) {
		t.Parallel() // most of it is waiting for the rescuer
		killWriterAfter(t, url, "sending", "sending")
		sender := newCountingSender(0)
		config := testConfig()
		config.SendTimeout, config.RescueAfter = time.Second, 2*time.Second
		n := newNotifier(t, url, openStore(t, url), recipients(crashRecipients), sender, config)
		startNotifier(t, n)
		waitFor(t, "every delivery after the rescue", func() bool { return len(listAll(t, n, DeliverySent)) == crashRecipients })
		if keys, sends := sender.sentCount(); keys != crashRecipients || sends != crashRecipients {
			t.Errorf("got %d sends to %d recipients, want %d to %d", sends, keys, crashRecipients, crashRecipients)
		}
	})
}

// killWriterAfter runs TestWriterProcess in mode on url and kills it once
// it has printed line.
func killWriterAfter(t *testing.T, url, mode, line string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	writer := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
	writer.Env = append(os.Environ(), writerURLVar+"="+url, writerModeVar+"="+mode)
	writer.Stderr = os.Stderr
	stdout, err := writer.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := writer.Start(); err != nil {
		t.Fatalf("start writer: %v", err)
	}
	seen := false
	for scanner := bufio.NewScanner(stdout); scanner.Scan(); {
		if strings.TrimSpace(scanner.Text()) == line {
			seen = true
			break
		}
	}
	if err := writer.Process.Kill(); err != nil {
		t.Fatalf("kill writer: %v", err)
	}
	_ = writer.Wait()
	if !seen {
		t.Fatalf("the writer died before it said %q", line)
	}
}
