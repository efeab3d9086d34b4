package web

import (
	"strings"
	"testing"
)

func TestParseBadgePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rest            string
		service, region string
		ok              bool
	}{
		{"ecs.svg", "ecs", "", true},
		{"ecs/eu-de.svg", "ecs", "eu-de", true},
		{"cloud-eye-2.svg", "cloud-eye-2", "", true},
		{"ecs", "", "", false},
		{"ecs.png", "", "", false},
		{".svg", "", "", false},
		{"ecs/.svg", "", "", false},
		{"/eu-de.svg", "", "", false},
		{"ecs/eu-de/x.svg", "", "", false},
		{"ECS.svg", "", "", false},
		{"ecs/../x.svg", "", "", false},
		{"ec%20s.svg", "", "", false},
		{strings.Repeat("a", 101) + ".svg", "", "", false},
	}
	for _, tt := range tests {
		service, region, err := parseBadgePath(tt.rest)
		if (err == nil) != tt.ok || service != tt.service || region != tt.region {
			t.Errorf("parseBadgePath(%q) = %q, %q, %v; want %q, %q, ok %v", tt.rest, service, region, err, tt.service, tt.region, tt.ok)
		}
	}
}

// FuzzParseBadgePath: any path either fails or gives slugs that rebuild it.
func FuzzParseBadgePath(f *testing.F) {
	for _, seed := range []string{"ecs.svg", "ecs/eu-de.svg", "a/b/c.svg", "", ".svg", "x/.svg", "\xff.svg"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		service, region, err := parseBadgePath(rest)
		if err != nil {
			return
		}
		if !isSlug(service) || (region != "" && !isSlug(region)) {
			t.Fatalf("parseBadgePath(%q) = %q, %q: not slugs", rest, service, region)
		}
		rebuilt := service
		if region != "" {
			rebuilt += "/" + region
		}
		if rebuilt+".svg" != rest {
			t.Fatalf("parseBadgePath(%q) = %q, %q: does not rebuild the path", rest, service, region)
		}
	})
}
