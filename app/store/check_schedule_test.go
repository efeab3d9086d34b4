package store_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// scheduleFixture holds checks of every schedule shape: one for any
// location, one for two locations, a paused one and a heartbeat.
type scheduleFixture struct {
	*eventFixture
	anywhere, located, paused, heartbeat *store.Check
}

const scheduleInterval = 30 * time.Second

func newScheduleFixture(t *testing.T, s *store.Storage) *scheduleFixture {
	t.Helper()
	f := &scheduleFixture{eventFixture: newEventFixture(t, s)}
	create := func(in store.NewCheck) *store.Check {
		t.Helper()
		in.ComponentID = f.components[0].ID
		check, err := s.CreateCheck(f.ctx, f.actor, in, f.now)
		if err != nil {
			t.Fatalf("create check: %v", err)
		}
		return check
	}
	def := probe.Definition{Kind: probe.KindHTTP, Target: "http://127.0.0.1:9/", Interval: scheduleInterval}
	f.anywhere = create(store.NewCheck{Definition: def})
	located := def
	located.Locations = []string{"fra", "ams"}
	f.located = create(store.NewCheck{Definition: located})
	f.paused = create(store.NewCheck{Definition: def, Paused: true})
	f.heartbeat = create(store.NewCheck{Definition: probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour},
		HeartbeatTokenHash: strings.Repeat("cd", 32)})
	return f
}

// claim claims as the owner at the location at now, with a short margin.
func (f *scheduleFixture) claim(t *testing.T, owner, location string, now time.Time) []store.ClaimedCheck {
	t.Helper()
	claimed, err := f.s.ClaimDueChecks(f.ctx, store.CheckClaim{Owner: owner, Location: location, Now: now, Limit: 100, LeaseMargin: time.Second})
	if err != nil {
		t.Fatalf("claim at %s: %v", now, err)
	}
	return claimed
}

// slotKeys names the claimed slots "check@location", sorted.
func slotKeys(claimed []store.ClaimedCheck) []string {
	var keys []string
	for _, c := range claimed {
		keys = append(keys, strings.Join([]string{idText(c.Check.ID), c.Location}, "@"))
	}
	slices.Sort(keys)
	return keys
}

func idText(id uint) string {
	b, _ := json.Marshal(id)
	return string(b)
}

func TestClaimDueChecks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		later := f.now.Add(time.Hour + time.Minute) // every first slot has come
		anywhere, fra, ams, beat := idText(f.anywhere.ID)+"@", idText(f.located.ID)+"@fra", idText(f.located.ID)+"@ams", idText(f.heartbeat.ID)+"@"

		if got := slotKeys(f.claim(t, "w1", "fra", f.now.Add(-time.Hour))); len(got) != 0 {
			t.Errorf("claimed %v an hour before anything is due, want nothing", got)
		}
		fromFra := f.claim(t, "w1", "fra", later)
		if got, want := slotKeys(fromFra), sortedKeys(anywhere, fra, beat); !slices.Equal(got, want) {
			t.Fatalf("fra claimed %v, want %v (not ams's slot, not the paused check)", got, want)
		}
		if got := slotKeys(f.claim(t, "w2", "fra", later)); len(got) != 0 {
			t.Errorf("a second claim of the same moment got %v, want nothing", got)
		}
		fromAms := f.claim(t, "w2", "ams", later)
		if got, want := slotKeys(fromAms), []string{ams}; !slices.Equal(got, want) {
			t.Fatalf("ams claimed %v, want %v", got, want)
		}
		for _, c := range fromFra {
			if c.SlotAt.After(later) || !c.SlotAt.After(later.Add(-time.Minute)) {
				t.Errorf("check %d slot %s, want the latest slot at or before %s", c.Check.ID, c.SlotAt, later)
			}
			if c.Check.ID == f.located.ID && !c.SlotAt.Equal(fromAms[0].SlotAt) {
				t.Errorf("fra's slot %s and ams's %s differ, want one round for both", c.SlotAt, fromAms[0].SlotAt)
			}
			if c.Check.ID == f.anywhere.ID && c.Skipped == 0 {
				t.Errorf("a claim an hour late skipped no slot, want the missed ones counted")
			}
			if c.Check.ID == f.heartbeat.ID && c.Check.Definition.Kind != probe.KindHeartbeat {
				t.Errorf("heartbeat claimed as %+v", c.Check.Definition)
			}
		}
	})
}

// A lease holds the next slot back until it ends; then anyone takes it.
func TestClaimDueChecksRespectsLeases(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		start := f.now.Add(2 * time.Hour)
		first, err := s.ClaimDueChecks(f.ctx, store.CheckClaim{Owner: "dead", Location: "fra", Now: start, Limit: 100, LeaseMargin: time.Hour})
		if err != nil || len(first) == 0 {
			t.Fatalf("first claim: %d, %v", len(first), err)
		}
		next := start.Add(scheduleInterval)
		if got := slotKeys(f.claim(t, "alive", "fra", next)); len(got) != 0 {
			t.Errorf("claimed %v under the dead worker's lease, want nothing", got)
		}
		expired := first[0].LeaseUntil.Add(time.Millisecond)
		taken := f.claim(t, "alive", "fra", expired)
		if len(taken) != len(first) {
			t.Errorf("after the lease claimed %v, want %v", slotKeys(taken), slotKeys(first))
		}
		for _, c := range taken {
			if !c.SlotAt.After(first[0].SlotAt) {
				t.Errorf("check %d slot %s taken again after its lease, want a later slot than %s", c.Check.ID, c.SlotAt, first[0].SlotAt)
			}
		}
	})
}

// The limit bounds one claim; what is left comes with the next.
func TestClaimDueChecksLimit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		later := f.now.Add(2 * time.Hour)
		var all []string
		for range 3 {
			claimed, err := s.ClaimDueChecks(f.ctx, store.CheckClaim{Owner: "w", Location: "fra", Now: later, Limit: 1})
			if err != nil || len(claimed) != 1 {
				t.Fatalf("claim of 1: got %d, %v", len(claimed), err)
			}
			all = append(all, slotKeys(claimed)...)
		}
		if got := f.claim(t, "w", "fra", later); len(got) != 0 {
			t.Errorf("a fourth claim got %v, want nothing left", slotKeys(got))
		}
		slices.Sort(all)
		if got := slices.Compact(slices.Clone(all)); len(got) != 3 {
			t.Errorf("claimed %v, want three different slots", all)
		}
	})
}

// Pausing, resuming, changing locations and deleting keep the slots in step.
func TestCheckWritesKeepSlotsInStep(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		paused, resumed := true, false
		if _, err := s.UpdateCheck(f.ctx, f.actor, f.anywhere.ID, store.CheckPatch{Paused: &paused}, f.now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateCheck(f.ctx, f.actor, f.paused.ID, store.CheckPatch{Paused: &resumed}, f.now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateCheck(f.ctx, f.actor, f.located.ID, store.CheckPatch{Definition: json.RawMessage(`{"locations": ["fra", "par"]}`)}, f.now); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCheck(f.ctx, f.actor, f.heartbeat.ID, f.now); err != nil {
			t.Fatal(err)
		}
		later := f.now.Add(2 * time.Hour)
		got := append(slotKeys(f.claim(t, "w", "fra", later)), slotKeys(f.claim(t, "w", "par", later))...)
		got = append(got, slotKeys(f.claim(t, "w", "ams", later))...)
		slices.Sort(got)
		want := sortedKeys(idText(f.paused.ID)+"@", idText(f.located.ID)+"@fra", idText(f.located.ID)+"@par")
		if !slices.Equal(got, want) {
			t.Errorf("claimed %v, want %v", got, want)
		}
	})
}

// A check written around the store gets its slots from SyncCheckSchedule.
func TestSyncCheckScheduleAddsMissingSlots(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		sqlDB, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sqlDB.ExecContext(f.ctx, "INSERT INTO checks (component_id, kind, target, interval_seconds, locations) "+
			"VALUES (1, 'tcp', '127.0.0.1:9', 60, '[\"fra\",\"ams\"]')"); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlDB.ExecContext(f.ctx, "INSERT INTO checks (component_id, kind, target, interval_seconds, locations) "+
			"VALUES (1, 'tcp', '127.0.0.1:9', 0, '[]'), (1, 'tcp', '127.0.0.1:9', 60, 'fra')"); err != nil {
			t.Fatal(err)
		}
		changed, err := s.SyncCheckSchedule(f.ctx, f.now)
		if err == nil || !strings.Contains(err.Error(), "2 checks not scheduled") || changed != 2 {
			t.Fatalf("sync: %d rows changed, %v; want 2 slots added and the 2 broken rows named", changed, err)
		}
		if changed, _ := s.SyncCheckSchedule(f.ctx, f.now); changed != 0 {
			t.Errorf("second sync: %d rows changed; want none", changed)
		}
		claimed, err := s.ClaimDueChecks(f.ctx, store.CheckClaim{Owner: "w", Location: "ams", Now: f.now.Add(time.Minute), Limit: 10})
		if err != nil || len(claimed) != 1 || claimed[0].Location != "ams" {
			t.Errorf("claim at ams: %v, %v; want the new check's ams slot", slotKeys(claimed), err)
		}
	})
}

// A ping is kept on its check; an unknown token is ErrNotFound.
func TestRecordHeartbeat(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		at := f.now.Add(time.Minute)
		id, err := s.RecordHeartbeat(f.ctx, strings.Repeat("cd", 32), at)
		if err != nil || id != f.heartbeat.ID {
			t.Fatalf("record: %d, %v; want check %d", id, err, f.heartbeat.ID)
		}
		if _, err := s.RecordHeartbeat(f.ctx, strings.Repeat("ef", 32), at); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown token: %v, want ErrNotFound", err)
		}
		claimed := f.claim(t, "w", "fra", f.now.Add(2*time.Hour))
		for _, c := range claimed {
			if c.Check.ID == f.heartbeat.ID && !c.LastBeatAt.Equal(at) {
				t.Errorf("claimed heartbeat's last beat %s, want %s", c.LastBeatAt, at)
			}
		}
	})
}

func sortedKeys(keys ...string) []string {
	slices.Sort(keys)
	return keys
}

// A released lease lets the next slot go at its time; another's lease stays.
func TestReleaseCheckLeases(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newScheduleFixture(t, s)
		start := f.now.Add(2 * time.Hour)
		first, err := s.ClaimDueChecks(f.ctx, store.CheckClaim{Owner: "w1", Location: "fra", Now: start, Limit: 100, LeaseMargin: time.Hour})
		if err != nil || len(first) != 3 {
			t.Fatalf("first claim: %v, %v", slotKeys(first), err)
		}
		if err := s.ReleaseCheckLeases(f.ctx, "someone else", []uint{f.anywhere.ID, f.located.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.ReleaseCheckLeases(f.ctx, "w1", []uint{f.anywhere.ID, f.anywhere.ID}); err != nil {
			t.Fatal(err)
		}
		next := start.Add(scheduleInterval)
		if got, want := slotKeys(f.claim(t, "w2", "fra", next)), []string{idText(f.anywhere.ID) + "@"}; !slices.Equal(got, want) {
			t.Errorf("claimed %v at the next slot, want only the released %v", got, want)
		}
	})
}

// A claim walks the due index: it reads the due slots, not the schedule.
func TestClaimReadsTheDueIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		sqlDB, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		for i := range 2000 {
			values = append(values, "(1, 'tcp', '127.0.0.1:9', "+idText(uint(60+i%3600))+")")
		}
		if _, err := sqlDB.ExecContext(f.ctx, "INSERT INTO checks (component_id, kind, target, interval_seconds) VALUES "+
			strings.Join(values, ", ")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SyncCheckSchedule(f.ctx, f.now); err != nil {
			t.Fatal(err)
		}
		plan, err := store.ExplainDueSlotsForTest(f.ctx, s, "fra", f.now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "check_slots_due_idx") {
			t.Errorf("the due slots are not read through check_slots_due_idx:\n%s", plan)
		}
	})
}
