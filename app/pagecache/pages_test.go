package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func page(body string) *Page {
	return &Page{Body: []byte(body), ContentType: "text/html; charset=utf-8"}
}

func TestGet(t *testing.T) {
	tests := []struct {
		name      string
		stored    int64
		requested int64
		wantHit   bool
	}{
		{"same version", 5, 5, true},
		{"stored newer than requested", 6, 5, true},
		{"stored older than requested", 4, 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := New(10)
			stored := page("home")
			pages.Put("/", tt.stored, stored)
			got, hit := pages.Get("/", tt.requested)
			if hit != tt.wantHit {
				t.Fatalf("Get hit = %v, want %v", hit, tt.wantHit)
			}
			if hit && got != stored {
				t.Errorf("Get returned %p, want the stored page %p", got, stored)
			}
			if _, hit := pages.Get("/other", tt.requested); hit {
				t.Error("Get(unknown key) hit")
			}
		})
	}
}

func TestPutFillsDerivedFields(t *testing.T) {
	pages := New(10)
	body := strings.Repeat("<p>all systems operational</p>\n", 100)
	before := time.Now()
	pages.Put("/", 1, page(body))
	got, _ := pages.Get("/", 1)

	reader, err := gzip.NewReader(bytes.NewReader(got.Gzip))
	if err != nil {
		t.Fatalf("gzip.NewReader: %v", err)
	}
	unzipped, err := io.ReadAll(reader)
	if err != nil || string(unzipped) != body {
		t.Errorf("gunzipped Gzip = %d bytes, %v, want the %d-byte body", len(unzipped), err, len(body))
	}
	if len(got.Gzip) >= len(body) {
		t.Errorf("Gzip is %d bytes, not smaller than the %d-byte body", len(got.Gzip), len(body))
	}
	if got.ETag != ETag([]byte(body)) || !strings.HasPrefix(got.ETag, `"`) || !strings.HasSuffix(got.ETag, `"`) || strings.HasPrefix(got.ETag, "W/") {
		t.Errorf("ETag = %s, want the strong quoted hash of the body", got.ETag)
	}
	if got.BuiltAt.Before(before) {
		t.Errorf("BuiltAt = %v, want now", got.BuiltAt)
	}
}

func TestPutKeepsGivenFields(t *testing.T) {
	pages := New(10)
	builtAt := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	given := &Page{Body: []byte("b"), Gzip: []byte("precompressed"), ETag: `"given"`, BuiltAt: builtAt}
	pages.Put("/", 1, given)
	got, _ := pages.Get("/", 1)
	if string(got.Gzip) != "precompressed" || got.ETag != `"given"` || !got.BuiltAt.Equal(builtAt) {
		t.Errorf("stored page = %+v, want the given Gzip, ETag and BuiltAt", got)
	}
}

func TestETag(t *testing.T) {
	if ETag([]byte("a")) != ETag(append([]byte(nil), 'a')) {
		t.Error("ETag differs for the same body")
	}
	if ETag([]byte("a")) == ETag([]byte("b")) {
		t.Error("ETag equal for different bodies")
	}
}

func TestPutIgnoresOlderVersion(t *testing.T) {
	pages := New(10)
	newer := page("newer")
	pages.Put("/", 7, newer)
	pages.Put("/", 6, page("older")) // a slow request finishing late
	if got, hit := pages.Get("/", 7); !hit || got != newer {
		t.Errorf("Get = %v, %v, want the version-7 page", got, hit)
	}
	if got, _ := pages.LastGood("/"); got != newer {
		t.Errorf("LastGood = %q, want %q", got.Body, newer.Body)
	}
}

func TestLastGood(t *testing.T) {
	pages := New(10)
	if _, ok := pages.LastGood("/"); ok {
		t.Error("LastGood on an empty cache: ok")
	}
	first, second := page("first"), page("second")
	pages.Put("/", 1, first)
	pages.Put("/", 2, second)
	if _, hit := pages.Get("/", 3); hit {
		t.Error("Get at a newer version hit")
	}
	if got, ok := pages.LastGood("/"); !ok || got != second {
		t.Errorf("LastGood = %v, %v, want the newest page", got, ok)
	}
}

func TestEvictsOldestStored(t *testing.T) {
	pages := New(3)
	for _, key := range []string{"a", "b", "c"} {
		pages.Put(key, 1, page(key))
	}
	pages.Put("a", 2, page("a2")) // a becomes the most recently stored
	pages.Put("d", 1, page("d"))  // evicts b, the oldest stored

	if got := pages.Len(); got != 3 {
		t.Errorf("Len = %d, want 3", got)
	}
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok := pages.LastGood(key); ok != want {
			t.Errorf("LastGood(%q) ok = %v, want %v", key, ok, want)
		}
	}
}

func TestNewAtLeastOneEntry(t *testing.T) {
	pages := New(0)
	pages.Put("a", 1, page("a"))
	if _, hit := pages.Get("a", 1); !hit {
		t.Error("New(0) holds nothing")
	}
	pages.Put("a", 1, nil) // ignored
	if _, hit := pages.Get("a", 1); !hit {
		t.Error("Put(nil) removed the page")
	}
}

func TestGetDoesNotAllocate(t *testing.T) {
	pages := New(10)
	pages.Put("/", 1, page("home"))
	if allocs := testing.AllocsPerRun(100, func() { pages.Get("/", 1) }); allocs != 0 {
		t.Errorf("Get allocates %.0f times per call, want 0", allocs)
	}
}

func TestConcurrentUse(t *testing.T) {
	pages := New(8)
	var wg sync.WaitGroup
	for worker := range 8 {
		wg.Go(func() {
			for i := range 50 {
				key := strconv.Itoa((worker + i) % 12)
				pages.Put(key, int64(i), page(key))
				if got, hit := pages.Get(key, int64(i)); hit && string(got.Body) != key {
					t.Errorf("Get(%q) body = %q", key, got.Body)
					return
				}
				pages.LastGood(key)
			}
		})
	}
	wg.Wait()
	if got := pages.Len(); got > 8 {
		t.Errorf("Len = %d, want at most 8", got)
	}
}

func BenchmarkGetHit(b *testing.B) {
	pages := New(100)
	pages.Put("/", 1, page(strings.Repeat("x", 20000)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, hit := pages.Get("/", 1); !hit {
				b.Fatal("miss")
			}
		}
	})
}

func BenchmarkPut(b *testing.B) {
	pages := New(100)
	body := []byte(strings.Repeat("<li>component operational</li>\n", 600))
	b.ReportAllocs()
	for i := range b.N {
		pages.Put("/", int64(i), &Page{Body: body})
	}
}
