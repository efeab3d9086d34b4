package mail_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"statusdash/app/notify/mail"
	"statusdash/app/notify/mail/smtptest"
)

// BenchmarkSendSTARTTLS sends one mail per connection (dial, EHLO,
// STARTTLS, transaction) to a loopback server, in parallel.
func BenchmarkSendSTARTTLS(b *testing.B) {
	server := smtptest.Start(b, smtptest.Options{Mode: smtptest.StartTLS})
	sender, err := mail.New(mail.Options{URL: fmt.Sprintf("smtp://127.0.0.1:%d", server.Port()), From: from, TLSConfig: server.ClientTLS})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			msg := mail.Message{To: "reader@example.org", Subject: "Bench", Text: "text", HTML: "<p>html</p>", DeliveryKey: "bench-" + strconv.Itoa(i)}
			if err := sender.Send(context.Background(), msg); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
