package stackmon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// chunkedEvents is a source of events in chunks that records, as it hands
// out each chunk, what had been written by then.
type chunkedEvents struct {
	chunks  [][]*model.Event
	written *bytes.Buffer
	seen    []string // the output when each chunk was handed out
}

func newChunkedEvents(chunks, size int) *chunkedEvents {
	source := &chunkedEvents{written: &bytes.Buffer{}}
	id := uint(chunks * size)
	for range chunks {
		var chunk []*model.Event
		for range size {
			chunk = append(chunk, &model.Event{ID: id, Title: fmt.Sprintf("event %d", id), StartAt: time.Unix(int64(id)*3600, 0)})
			id--
		}
		source.chunks = append(source.chunks, chunk)
	}
	return source
}

func (s *chunkedEvents) events(_ context.Context, _ int, yield func([]*model.Event) error) error {
	for _, chunk := range s.chunks {
		s.seen = append(s.seen, s.written.String())
		if err := yield(chunk); err != nil {
			return err
		}
	}
	return nil
}

func (s *chunkedEvents) componentEvents(_ context.Context, _ []uint, _ int, yield func([]store.ComponentEvent) error) error {
	for k, chunk := range s.chunks {
		s.seen = append(s.seen, s.written.String())
		pairs := make([]store.ComponentEvent, len(chunk))
		for i, e := range chunk {
			pairs[i] = store.ComponentEvent{ComponentID: uint(k + 1), Event: e} // component k holds chunk k
		}
		if err := yield(pairs); err != nil {
			return err
		}
	}
	return nil
}

// TestV1ListsWriteEachChunkBeforeTheNext: when the source hands out a
// chunk, every event of the chunks before it is already in the output, so
// a build holds one chunk of events, whatever the history's length.
func TestV1ListsWriteEachChunkBeforeTheNext(t *testing.T) {
	t.Parallel()
	components := []model.Component{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}, {ID: 5}}
	tests := map[string]func(source *chunkedEvents) error{
		"incidents": func(source *chunkedEvents) error {
			return writeV1Incidents(context.Background(), source.written, "", source.events, 2)
		},
		"component_status": func(source *chunkedEvents) error {
			return writeV1Components(context.Background(), source.written, "", v1ComponentFilter{}, components, source.componentEvents, 2)
		},
	}
	for name, write := range tests {
		source := newChunkedEvents(4, 2)
		if err := write(source); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k := 1; k < len(source.chunks); k++ {
			for _, e := range source.chunks[k-1] {
				if !strings.Contains(source.seen[k], `"`+e.Title+`"`) {
					t.Errorf("%s: when chunk %d was read, %q of chunk %d was not written yet", name, k, e.Title, k-1)
				}
			}
		}
	}
}

// TestV1ListsShareOneBuild: sixteen readers of a list nobody has read,
// arriving while it is being built, are all answered from that one build.
func TestV1ListsShareOneBuild(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	e := echo.New()
	api := New(Deps{Deps: apiauth.Deps{Config: config.Defaults(), Store: s}})
	var builds atomic.Int64
	started, release := make(chan struct{}), make(chan struct{})
	e.GET("/list", func(c echo.Context) error {
		return api.serveDocument(c, v1IncidentsKey, func(_ context.Context, w io.Writer) error {
			if builds.Add(1) == 1 {
				close(started)
			}
			<-release
			_, err := io.WriteString(w, "[]\n")
			return err
		})
	})
	const readers = 16
	bodies := make(chan string, readers)
	var wg sync.WaitGroup
	read := func() {
		defer wg.Done()
		recorder := httptest.NewRecorder()
		e.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/list", nil))
		bodies <- fmt.Sprintf("%d %s", recorder.Code, recorder.Body)
	}
	wg.Add(readers)
	go read()
	<-started
	for range readers - 1 {
		go read()
	}
	time.Sleep(50 * time.Millisecond) // let them join the build; those later are cache hits, just as shared
	close(release)
	wg.Wait()
	close(bodies)
	for body := range bodies {
		if body != "200 []\n" {
			t.Errorf("a reader got %q, want 200 []", body)
		}
	}
	if got := builds.Load(); got != 1 {
		t.Errorf("%d readers: %d builds, want 1", readers, got)
	}
}
