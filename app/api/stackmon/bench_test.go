package stackmon_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// benchComponents is how many components the benchmark reports on: with
// impacts 1, 2 and 3 in turn, the first 3 × benchComponents reports are all
// real writes (open, join, move); run with -benchtime=600x to stay below.
const benchComponents = 200

// BenchmarkV1Post measures POST /api/v1/component_status over HTTP on
// PostgreSQL, sequentially and with 16 concurrent clients.
func BenchmarkV1Post(b *testing.B) {
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			h := newHarness(b, storetest.OpenPostgres(b), nil, nil)
			spec := store.CatalogSpec{
				Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}},
				Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
			}
			var bodies []func(impact int) string
			for i := range benchComponents / 2 {
				name, slug := fmt.Sprintf("Bench Service %d", i), fmt.Sprintf("bench-%d", i)
				spec.Services = append(spec.Services, store.ServiceSpec{Name: name, Slug: slug, Category: "compute"})
				for _, region := range []string{"eu-de", "eu-nl"} {
					spec.Components = append(spec.Components, store.ComponentSpec{Service: slug, Region: region})
					label := map[string]string{"eu-de": "EU-DE", "eu-nl": "EU-NL"}[region]
					bodies = append(bodies, func(impact int) string { return report(name, label, impact, "Bench") })
				}
			}
			if _, err := h.store.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now()); err != nil {
				b.Fatal(err)
			}
			client := h.server.Client()
			client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
			var next, conflicts, failures atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					for {
						i := int(next.Add(1) - 1)
						if i >= b.N {
							return
						}
						body := bodies[i%benchComponents](1 + (i/benchComponents)%3)
						switch status := post(client, h.server.URL, h.v1JWT, body); status {
						case http.StatusCreated:
						case http.StatusConflict:
							conflicts.Add(1)
						default:
							failures.Add(1)
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			if failures.Load() > 0 {
				b.Fatalf("%d requests failed", failures.Load())
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			b.ReportMetric(float64(conflicts.Load())/float64(b.N), "conflicts/op")
		})
	}
}

func post(client *http.Client, baseURL, token, body string) int {
	req, err := http.NewRequest(http.MethodPost, baseURL+"/api/v1/component_status", strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body) // an unread body would close the connection
	_ = resp.Body.Close()
	return resp.StatusCode
}
