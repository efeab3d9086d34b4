package store

import "testing"

func TestValidWALIndexHeader(t *testing.T) {
	t.Parallel()
	built := func(change byte) walIndexHeader {
		var header walIndexHeader
		for _, copyStart := range []int{0, walIndexHeaderSize} {
			header[copyStart+8] = change // iChange, low byte
			header[copyStart+walIndexIsInit] = 1
		}
		return header
	}
	torn := built(5)
	torn[walIndexHeaderSize+8] = 6 // SQLite rewrites the second copy first
	tests := []struct {
		name   string
		header walIndexHeader
		want   bool
	}{
		{"built, copies agree", built(5), true},
		{"not built yet", walIndexHeader{}, false},
		{"copies differ: a commit in progress", torn, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validWALIndexHeader(tt.header); got != tt.want {
				t.Errorf("validWALIndexHeader() = %v, want %v", got, tt.want)
			}
		})
	}
}
