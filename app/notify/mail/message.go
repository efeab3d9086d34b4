package mail

import (
	"crypto/sha256"
	"encoding/hex"
)

// Message is one mail to one recipient, ready to send.
type Message struct {
	To      string
	Subject string
	Text    string // the text/plain part
	HTML    string // the text/html alternative
	// UnsubscribeURL is the one-click unsubscribe link (RFC 8058) of the
	// List-Unsubscribe header; empty leaves both List-Unsubscribe headers out.
	UnsubscribeURL string
	// DeliveryKey names this delivery (subscriber and update), sent as
	// X-Statusdash-Delivery and hashed into the Message-ID, so a retry of the
	// same delivery carries the same identity.
	DeliveryKey string
}

// DeliveryHeader carries the delivery key.
const DeliveryHeader = "X-Statusdash-Delivery"

// messageID is stable per delivery key: <hex@domain>.
func messageID(key, domain string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@" + domain
}
