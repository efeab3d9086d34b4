package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify/webhook"
)

// BenchmarkDeliverGeneric posts signed Statuspage-shaped bodies to a
// loopback receiver, in parallel as the delivery workers do.
func BenchmarkDeliverGeneric(b *testing.B) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(server.Close)
	secret, _ := webhook.NewSecret()
	e := sampleEvent()
	payload := webhook.IncidentPayload(webhook.PageState{URL: "https://status.example.com", OpenIncidents: []*model.Event{e}},
		webhook.Meta{}, e, map[uint]model.Health{7: model.HealthMajor}, time.Now())
	d := newDeliverer(true)
	target := webhook.Target{URL: server.URL, Kind: webhook.Generic, Secret: secret}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if err := d.Deliver(context.Background(), target, webhook.Message{ID: "bench-" + strconv.Itoa(i), Payload: payload}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
