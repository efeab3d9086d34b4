package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// noMemoryLimit is the memory limit Go runs with when none is set.
const noMemoryLimit = math.MaxInt64

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name, gogc, gomemlimit string
		wantPercent            int
		wantLimit              int64
	}{
		{"defaults set for serve", "", "", serveGCPercent, serveMemoryLimit},
		{"GOGC set by the operator wins", "150", "", 150, serveMemoryLimit},
		{"GOMEMLIMIT set by the operator wins", "", "1GiB", serveGCPercent, noMemoryLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			previousPercent := debug.SetGCPercent(150)
			defer debug.SetGCPercent(previousPercent)
			previousLimit := debug.SetMemoryLimit(noMemoryLimit)
			defer debug.SetMemoryLimit(previousLimit)
			env := map[string]string{"GOGC": tt.gogc, "GOMEMLIMIT": tt.gomemlimit}
			tuneGC(func(name string) string { return env[name] })
			if got := debug.SetGCPercent(150); got != tt.wantPercent {
				t.Errorf("GC percent = %d, want %d", got, tt.wantPercent)
			}
			// The runtime reads GOMEMLIMIT itself at start; here it is only
			// left alone, so it stays as the test set it.
			if got := debug.SetMemoryLimit(-1); got != tt.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, tt.wantLimit)
			}
		})
	}
}
