package stackmon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// v3CheckHead is what a check's JSON holds besides its definition's fields.
type v3CheckHead struct {
	ID          uint      `json:"id"`
	ComponentID uint      `json:"component_id"`
	Paused      bool      `json:"paused"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// HeartbeatToken is the secret a heartbeat's pings carry, in the answer
	// to its creation only: only its hash is kept.
	HeartbeatToken string `json:"heartbeat_token,omitempty"`
}

// v3CheckJSON is a check on the wire: its head, then its definition's
// fields flat, as probe.Definition writes them (a field left at its
// default is left out).
func v3CheckJSON(check *store.Check, heartbeatToken string) (json.RawMessage, error) {
	head, err := json.Marshal(v3CheckHead{ID: check.ID, ComponentID: check.ComponentID, Paused: check.Paused,
		CreatedAt: check.CreatedAt, UpdatedAt: check.UpdatedAt, HeartbeatToken: heartbeatToken})
	if err != nil {
		return nil, fmt.Errorf("stackmon: encode check %d: %w", check.ID, err)
	}
	definition, err := json.Marshal(check.Definition)
	if err != nil {
		return nil, fmt.Errorf("stackmon: encode check %d: %w", check.ID, err)
	}
	// Both are non-empty objects: "{head}" and "{definition}" join into one.
	joined := bytes.TrimSuffix(head, []byte("}"))
	joined = append(joined, ',')
	return append(joined, bytes.TrimPrefix(definition, []byte("{"))...), nil
}

// writeV3Check answers with the check, and its heartbeat token when it was
// just made.
func writeV3Check(c echo.Context, status int, check *store.Check, heartbeatToken string) error {
	body, err := v3CheckJSON(check, heartbeatToken)
	if err != nil {
		return err
	}
	return c.JSONBlob(status, body)
}

// v3List is the body of a list answer.
type v3List[T any] struct {
	Data []T `json:"data"`
}

// v3CheckResult is one result on the wire.
type v3CheckResult struct {
	ID        uint      `json:"id"`
	CheckID   uint      `json:"check_id"`
	Location  string    `json:"location"`
	StartedAt time.Time `json:"started_at"`
	Outcome   string    `json:"outcome"`
	LatencyMS float64   `json:"latency_ms"`
	Reason    string    `json:"reason"`
}

func v3CheckResultJSON(r store.CheckResult) v3CheckResult {
	return v3CheckResult{ID: r.ID, CheckID: r.CheckID, Location: r.Location, StartedAt: r.StartedAt,
		Outcome: string(r.Outcome), LatencyMS: float64(r.Latency.Microseconds()) / 1000, Reason: r.Reason}
}
