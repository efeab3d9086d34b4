package apiauth_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/config"
)

// fixedVersion is a data version source that never changes.
type fixedVersion int64

func (v fixedVersion) DataVersion(context.Context) (int64, error) { return int64(v), nil }

func TestNewGateFillsDefaults(t *testing.T) {
	clock := func() time.Time { return time.Unix(0, 0) }
	tests := []struct {
		name         string
		deps         apiauth.Deps
		wantVersions bool
		wantClock    bool
	}{
		{"nothing given", apiauth.Deps{Config: config.Defaults()}, false, false},
		{"clock and versions given", apiauth.Deps{Config: config.Defaults(), Now: clock, Versions: fixedVersion(3)}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gate := apiauth.NewGate(tt.deps)
			if gate.Logger == nil || gate.Now == nil || gate.Verifier == nil || gate.Limiter == nil {
				t.Fatalf("gate %+v: want logger, clock, verifier and limiter set", gate)
			}
			if got := gate.Versions != nil; got != tt.wantVersions {
				t.Errorf("versions set: got %v, want %v", got, tt.wantVersions)
			}
			if got := gate.Now().Equal(time.Unix(0, 0)); got != tt.wantClock {
				t.Errorf("the given clock used: got %v, want %v", got, tt.wantClock)
			}
		})
	}
}

var _ cache.VersionSource = fixedVersion(0)
