package dispatch_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/labstack/echo/v4"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"statusdash/app/api/stackmon"
	"statusdash/app/apiauth"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/notify/mail/smtptest"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// BenchmarkNotificationFanOut posts incident updates through the v2 API
// with no matching subscribers and with SDB_BENCH_SUBSCRIBERS (10,000)
// confirmed ones following the whole page, half email to a loopback SMTP
// server, half generic webhooks to a loopback receiver. It reports the
// API's answer time for both, the rate at which the deliveries reach their
// sinks after the answer, and memory during the fan-out. Set
// SDB_BENCH_FANOUT=1 to run it; SDB_BENCH_WORKERS lists the delivery
// worker counts to try (default: serve's), SDB_BENCH_FETCH_COOLDOWN sets
// the queues' fetch cooldown (default: serve's).
func BenchmarkNotificationFanOut(b *testing.B) {
	if os.Getenv("SDB_BENCH_FANOUT") != "1" {
		b.Skip("set SDB_BENCH_FANOUT=1 to run the notification fan-out benchmark")
	}
	subscribers := envInt(b, "SDB_BENCH_SUBSCRIBERS", 10000)
	rounds := envInt(b, "SDB_BENCH_ROUNDS", 3)
	workerCounts := []int{notify.DefaultDeliveryWorkers}
	if list := os.Getenv("SDB_BENCH_WORKERS"); list != "" {
		workerCounts = nil
		for _, field := range strings.Split(list, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(field))
			if err != nil || n <= 0 {
				b.Fatalf("SDB_BENCH_WORKERS: %q is not a positive number", field)
			}
			workerCounts = append(workerCounts, n)
		}
	}
	backends := []string{"sqlite"}
	if os.Getenv(storetest.PostgresURLVar) != "" {
		backends = append(backends, "postgres")
	}
	for _, backend := range backends {
		for _, workers := range workerCounts {
			b.Run(fmt.Sprintf("%s/workers=%d", backend, workers), func(b *testing.B) {
				url := filepath.Join(b.TempDir(), "statusdash.db")
				if backend == "postgres" {
					url = storetest.PostgresDatabaseURL(b)
				}
				for range b.N {
					runFanOut(b, url, subscribers, rounds, workers)
				}
			})
		}
	}
}

// fanOutBench is one database with the notifier, the API and both sinks running.
type fanOutBench struct {
	store    *store.Storage
	seedDB   *gorm.DB
	api      *httptest.Server
	token    string
	smtp     *smtptest.Server
	webhooks atomic.Int64
	// webhookURL is the receiver's; each webhook adds a path of its own.
	webhookURL string
	eventID    uint
}

func runFanOut(b *testing.B, url string, subscribers, rounds, workers int) {
	f := startFanOutBench(b, url, workers)
	f.waitIdle(b) // the incident's opening, before there are subscribers
	f.seed(b, subscribers)
	emails, hooks := int64(subscribers/2), int64(subscribers-subscribers/2)

	var quiet, loud []time.Duration
	var webhookRates, emailRates, totalRates []float64
	var heapMax, sysMax uint64
	var rssMax int64
	for round := range rounds {
		// Alternate: first no matching subscriber (unconfirmed for the
		// moment, so the tables are the same size), then all of them.
		f.waitIdle(b) // the last round's deliveries are all done
		f.confirmAll(b, false)
		quiet = append(quiet, f.postUpdate(b, fmt.Sprintf("Quiet round %d", round)))
		f.waitIdle(b) // the quiet fan-out must find nobody
		f.confirmAll(b, true)
		emailsBefore, hooksBefore := f.smtp.Count(), f.webhooks.Load()
		resetPeakRSS()
		sampler := startMemorySampler()
		loud = append(loud, f.postUpdate(b, fmt.Sprintf("Loud round %d", round)))
		answered := time.Now()
		var emailsDone, hooksDone time.Duration
		deadline := answered.Add(10 * time.Minute)
		for emailsDone == 0 || hooksDone == 0 {
			if time.Now().After(deadline) {
				b.Fatalf("after 10 minutes %d of %d mails and %d of %d webhooks arrived",
					f.smtp.Count()-emailsBefore, emails, f.webhooks.Load()-hooksBefore, hooks)
			}
			if emailsDone == 0 && f.smtp.Count()-emailsBefore >= emails {
				emailsDone = time.Since(answered)
			}
			if hooksDone == 0 && f.webhooks.Load()-hooksBefore >= hooks {
				hooksDone = time.Since(answered)
			}
			time.Sleep(10 * time.Millisecond)
		}
		heap, sys := sampler.stop()
		heapMax, sysMax, rssMax = max(heapMax, heap), max(sysMax, sys), max(rssMax, peakRSS(b))
		webhookRates = append(webhookRates, float64(hooks)/hooksDone.Seconds())
		emailRates = append(emailRates, float64(emails)/emailsDone.Seconds())
		totalRates = append(totalRates, float64(subscribers)/max(hooksDone, emailsDone).Seconds())
		b.Logf("round %d: answer %s without, %s with %d subscribers; webhooks all in after %s, mails after %s",
			round, quiet[round], loud[round], subscribers, hooksDone.Round(time.Millisecond), emailsDone.Round(time.Millisecond))
	}
	if extra := f.smtp.Count() - emails*int64(rounds); extra != 0 {
		b.Errorf("%d mails more than one per subscriber and round", extra)
	}
	if extra := f.webhooks.Load() - hooks*int64(rounds); extra != 0 {
		b.Errorf("%d webhooks more than one per subscriber and round", extra)
	}
	b.ReportMetric(float64(median(quiet).Microseconds())/1000, "ms-answer-0-subs")
	b.ReportMetric(float64(median(loud).Microseconds())/1000, "ms-answer-with-subs")
	b.ReportMetric(medianFloat(webhookRates), "webhooks/s")
	b.ReportMetric(medianFloat(emailRates), "emails/s")
	b.ReportMetric(medianFloat(totalRates), "deliveries/s")
	b.ReportMetric(float64(heapMax)/(1<<20), "MiB-heap-inuse-max")
	b.ReportMetric(float64(sysMax)/(1<<20), "MiB-sys-max")
	b.ReportMetric(float64(rssMax)/1024, "MiB-rss-peak")
}

func startFanOutBench(b *testing.B, url string, workers int) *fanOutBench {
	b.Helper()
	ctx := context.Background()
	s := storetest.OpenWith(b, url, store.DefaultTimeouts())
	if _, err := notify.MigrateUp(ctx, s); err != nil {
		b.Fatal(err)
	}
	storetest.SeedComponent(b, s)
	f := &fanOutBench{store: s, smtp: smtptest.Start(b, smtptest.Options{Mode: smtptest.Plain, CountOnly: true})}

	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		_, _ = io.Copy(io.Discard, req.Body)
		f.webhooks.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(sink.Close)
	f.seedDB = openSeedDB(b, url)

	d := newDispatcher(b, s, f.smtp, "https://status.example.org", webhook.ClientOptions{AllowPrivate: true})
	_, stop, err := notify.Start(ctx, notify.Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
		Subscribers: d, Sender: d, Config: notify.Config{DeliveryWorkers: workers, FetchCooldown: envDuration(b, "SDB_BENCH_FETCH_COOLDOWN")}}) // otherwise serve's defaults
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(stop)

	cfg := config.Defaults()
	cfg.SecretKey = "a secret key of the benchmark, long enough"
	cfg.APIWritesPerMinute = 0
	e := echo.New()
	stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: cfg, Store: s}}).Register(e)
	f.api = httptest.NewServer(e)
	b.Cleanup(f.api.Close)
	secret, hash, err := apiauth.NewToken()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateAPIToken(ctx, store.Actor{Subject: "bench"}, "bench", store.TokenRoleOperator, hash, time.Now()); err != nil {
		b.Fatal(err)
	}
	f.token = secret
	event, err := s.CreateEvent(ctx, store.Actor{Subject: "operator"}, store.NewEvent{Type: model.TypeIncident,
		Title: "Slow volume attachment", Impact: model.ImpactMajor, ComponentIDs: []uint{1}, StartAt: time.Now()}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	f.eventID = event.ID
	f.webhookURL = sink.URL
	return f
}

// seed inserts the subscribers in batches: one made through the store's
// own calls of each kind gives the formats (nonce, signing secret) the
// bulk rows copy.
func (f *fanOutBench) seed(b *testing.B, n int) {
	b.Helper()
	ctx := context.Background()
	now := time.Now()
	whole := store.SubscriberScope{WholePage: true, News: store.NewsBoth}
	reader, err := f.store.CreatePendingSubscriber(ctx, store.NewSubscriber{Kind: store.SubscriberEmail,
		Address: "reader-0@example.org", Scope: whole}, now)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.store.ConfirmSubscriber(ctx, reader.ID, reader.Nonce, now); err != nil {
		b.Fatal(err)
	}
	hook, err := f.store.CreateWebhook(ctx, store.Actor{Subject: "admin"}, f.webhookURL+"/hook/0", store.ChatGeneric, whole, now)
	if err != nil {
		b.Fatal(err)
	}
	confirmed := now.UTC()
	// Mails and webhooks alternate, as they would arrive, so that both
	// kinds share the delivery workers all through the fan-out.
	var rows []store.Subscriber
	for i := 1; i < n-n/2; i++ {
		if i < n/2 {
			rows = append(rows, store.Subscriber{Kind: store.SubscriberEmail, Address: fmt.Sprintf("reader-%d@example.org", i),
				News: store.NewsBoth, WholePage: true, Nonce: fmt.Sprintf("%032x", i), CreatedBy: reader.CreatedBy,
				ConfirmedAt: &confirmed, CreatedAt: confirmed})
		}
		rows = append(rows, store.Subscriber{Kind: store.SubscriberWebhook, Address: fmt.Sprintf("%s/hook/%d", f.webhookURL, i),
			ChatKind: store.ChatGeneric, Secret: hook.Secret, News: store.NewsBoth, WholePage: true,
			Nonce: fmt.Sprintf("%032x", n+i), CreatedBy: hook.CreatedBy, ConfirmedAt: &confirmed, CreatedAt: confirmed})
	}
	if err := f.seedDB.CreateInBatches(rows, 500).Error; err != nil {
		b.Fatalf("seed subscribers: %v", err)
	}
	f.confirmAll(b, true)
}

// confirmAll confirms every subscriber, or takes the confirmation back so
// that an event matches nobody.
func (f *fanOutBench) confirmAll(b *testing.B, confirmed bool) {
	b.Helper()
	var at any
	if confirmed {
		at = time.Now().UTC()
	}
	if err := f.seedDB.Exec("UPDATE subscribers SET confirmed_at = ?", at).Error; err != nil {
		b.Fatalf("confirm subscribers: %v", err)
	}
	recipients, err := f.store.MatchingSubscribers(context.Background(), f.eventID)
	if err != nil {
		b.Fatal(err)
	}
	if confirmed && len(recipients) == 0 || !confirmed && len(recipients) != 0 {
		b.Fatalf("%d matching subscribers after confirmed=%t", len(recipients), confirmed)
	}
}

// waitIdle returns once no job is waiting or running.
func (f *fanOutBench) waitIdle(b *testing.B) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var busy int64
		err := f.seedDB.Raw("SELECT count(*) FROM river_job WHERE state IN ('available', 'pending', 'running', 'retryable')").
			Scan(&busy).Error
		if err != nil {
			b.Fatalf("count jobs: %v", err)
		}
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d jobs still waiting or running after a minute", busy)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// postUpdate posts one status update to the incident through v2 and
// returns how long the answer took.
func (f *fanOutBench) postUpdate(b *testing.B, message string) time.Duration {
	b.Helper()
	body := fmt.Sprintf(`{"message":%q,"status":"analysing","update_date":%q}`, message, time.Now().UTC().Format(time.RFC3339))
	req, err := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/v2/events/%d", f.api.URL, f.eventID), strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.token)
	started := time.Now()
	resp, err := f.api.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	took := time.Since(started)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("PATCH answered %d: %s", resp.StatusCode, answer)
	}
	return took
}

// openSeedDB opens a connection of the benchmark's own for the bulk inserts.
func openSeedDB(b *testing.B, url string) *gorm.DB {
	b.Helper()
	dialect, dsn, err := store.ParseDatabaseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	dialector := sqlite.Open(dsn + "?_pragma=busy_timeout(10000)")
	if dialect == store.Postgres {
		dialector = postgres.Open(dsn)
	}
	db, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		b.Fatalf("open seeding connection: %v", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sqlDB.Close() })
	return db
}

// memorySampler keeps the largest HeapInuse and Sys seen every 50 ms.
type memorySampler struct {
	done      chan struct{}
	wg        sync.WaitGroup
	heap, sys uint64
}

func startMemorySampler() *memorySampler {
	m := &memorySampler{done: make(chan struct{})}
	m.wg.Go(func() {
		ticker := time.NewTicker(50 * time.Millisecond)
		defer ticker.Stop()
		for {
			var stats runtime.MemStats
			runtime.ReadMemStats(&stats)
			m.heap, m.sys = max(m.heap, stats.HeapInuse), max(m.sys, stats.Sys)
			select {
			case <-m.done:
				return
			case <-ticker.C:
			}
		}
	})
	return m
}

func (m *memorySampler) stop() (heap, sys uint64) {
	close(m.done)
	m.wg.Wait()
	return m.heap, m.sys
}

// resetPeakRSS starts VmHWM afresh (Linux); elsewhere the peak stays the process's.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM from /proc/self/status in KiB, 0 where there is none.
func peakRSS(b *testing.B) int64 {
	file, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer func() { _ = file.Close() }()
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		if rest, ok := strings.CutPrefix(scanner.Text(), "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				b.Fatalf("VmHWM: %v", err)
			}
			return kib
		}
	}
	return 0
}

func envInt(b *testing.B, name string, fallback int) int {
	value := os.Getenv(name)
	if value == "" {
		return fallback
	}
	n, err := strconv.Atoi(value)
	if err != nil || n <= 0 {
		b.Fatalf("%s: %q is not a positive number", name, value)
	}
	return n
}

// envDuration reads a duration such as 20ms from the environment; unset is 0.
func envDuration(b *testing.B, name string) time.Duration {
	value := os.Getenv(name)
	if value == "" {
		return 0
	}
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		b.Fatalf("%s: %q is not a positive duration", name, value)
	}
	return d
}

func median(values []time.Duration) time.Duration {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func medianFloat(values []float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}
