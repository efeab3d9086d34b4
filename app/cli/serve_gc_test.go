package cli

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name string
		gogc string
		want int
	}{
		{"default raised for serve", "", serveGCPercent},
		{"GOGC set by the operator wins", "150", 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			previous := debug.SetGCPercent(150)
			defer debug.SetGCPercent(previous)
			tuneGC(func(name string) string {
				if name == "GOGC" {
					return tt.gogc
				}
				return ""
			})
			if got := debug.SetGCPercent(150); got != tt.want {
				t.Errorf("GC percent = %d, want %d", got, tt.want)
			}
		})
	}
}
