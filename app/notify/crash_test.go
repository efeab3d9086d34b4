package notify

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"statusdash/app/store"
)

// writerURLVar names the database of a writer process (TestWriterProcess).
const writerURLVar = "SDB_NOTIFY_WRITER_URL"

// TestWriterProcess is a process for the crash test: it commits one event
// write, with its notify_event job, says so on stdout and waits to be
// killed before any delivery. It runs only when SDB_NOTIFY_WRITER_URL
// names the database.
func TestWriterProcess(t *testing.T) {
	url := os.Getenv(writerURLVar)
	if url == "" {
		t.Skip("runs only as a writer process started by TestCrashAfterCommitDeliversOnceAfterRestart")
	}
	s, err := store.OpenWith(context.Background(), url, store.DefaultTimeouts())
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(context.Background(), Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
		Subscribers: recipients(1), Sender: newCountingSender(0)})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("committed\n")
	time.Sleep(time.Hour)
}

func TestCrashAfterCommitDeliversOnceAfterRestart(t *testing.T) {
	const count = 25
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		writer := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
		writer.Env = append(os.Environ(), writerURLVar+"="+url)
		writer.Stderr = os.Stderr
		stdout, err := writer.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := writer.Start(); err != nil {
			t.Fatalf("start writer: %v", err)
		}
		committed := false
		for scanner := bufio.NewScanner(stdout); scanner.Scan(); {
			if strings.TrimSpace(scanner.Text()) == "committed" {
				committed = true
				break
			}
		}
		if err := writer.Process.Kill(); err != nil {
			t.Fatalf("kill writer: %v", err)
		}
		_ = writer.Wait()
		if !committed {
			t.Fatal("the writer died before its commit")
		}

		sender := newCountingSender(0)
		n := newNotifier(t, url, openStore(t, url), recipients(count), sender, testConfig())
		startNotifier(t, n)
		waitFor(t, "every delivery after the restart", func() bool { return len(listAll(t, n, DeliverySent)) == count })
		if keys, sends := sender.sentCount(); keys != count || sends != count {
			t.Errorf("got %d sends to %d recipients, want %d to %d", sends, keys, count, count)
		}
	})
}
