package cli

import (
	"context"
	"os/user"
	"strings"
	"testing"

	"statusdash/app/store"
)

// bootstrap provision and purge each leave one audit row naming the user
// who ran them and what they did.
func TestBootstrapIsAudited(t *testing.T) {
	vars := embedded(t)
	catalog := writeFile(t, t.TempDir(), "catalog.yaml", "categories: [{name: Compute}]\nregions: [{name: EU-DE}]\n"+
		"services: [{name: Elastic Cloud Server, slug: ecs, category: Compute, regions: [EU-DE]}]\n")
	if code, _, stderr := run(t, vars, "bootstrap", "provision", "--catalog", catalog); code != exitOK {
		t.Fatalf("provision: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, vars, "bootstrap", "purge", "--yes"); code != exitOK {
		t.Fatalf("purge: exit %d, %s", code, stderr)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, vars["SDB_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, total, err := s.AuditEntries(ctx, 1, 10)
	if err != nil || total != 2 {
		t.Fatalf("audit rows = %d, %v; want 2", total, err)
	}
	who := store.BootstrapActor.Subject
	if current, err := user.Current(); err == nil && current.Username != "" {
		who = current.Username
	}
	purge, provision := entries[0], entries[1]
	if provision.Action != store.ActionCatalogProvision || provision.Actor != who ||
		!strings.Contains(provision.After, `"components":{"created":1,"updated":0,"unchanged":0}`) {
		t.Errorf("provision audit row = %+v, want by %s with 1 component created", provision, who)
	}
	if purge.Action != store.ActionCatalogPurge || purge.Actor != who || !strings.Contains(purge.Before, `"components":1`) {
		t.Errorf("purge audit row = %+v, want by %s with 1 component deleted", purge, who)
	}
}
