package typed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/apiauth"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// minimalCheck is the smallest http check, as the JSON API's body.
const minimalCheck = `{"component_id":1,"kind":"http","target":"https://example.org/health","interval_seconds":30}`

// minimalInput is minimalCheck as a CheckInput, changed by change.
func minimalInput(change func(*statusdashv1.CheckInput)) *statusdashv1.CheckInput {
	in := &statusdashv1.CheckInput{ComponentId: 1, Kind: "http", Target: "https://example.org/health", Interval: durationpb.New(30 * time.Second)}
	if change != nil {
		change(in)
	}
	return in
}

func mask(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }

// TestCheckWrites creates, reads, changes, pauses, resumes and deletes a
// check in every protocol, checks the target's credentials are never read
// back, and that every write left its audit row naming the credential.
func TestCheckWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		ctx := context.Background()
		for _, p := range protocols {
			t.Run(p.name, func(t *testing.T) {
				c := h.clients(p)
				created, err := c.checks.CreateCheck(ctx, request(&statusdashv1.CreateCheckRequest{Check: minimalInput(func(in *statusdashv1.CheckInput) {
					in.Method, in.Body, in.Headers = "POST", `{"password":"body-secret"}`, map[string]string{"Authorization": "Bearer header-secret"}
					in.ExpectedStatus, in.Locations, in.Quorum = "200-204,301", []string{"fra", "ams"}, 2
					in.Timeout, in.MaxLatency = durationpb.New(2500*time.Millisecond), durationpb.New(800*time.Millisecond)
				})}, h.admin))
				if err != nil {
					t.Fatalf("CreateCheck: %v", err)
				}
				check := created.Msg.GetCheck()
				id := check.GetId()
				if id == 0 || check.GetExpectedStatus() != "200-204,301" || check.GetQuorum() != 2 || check.GetTimeout().AsDuration() != 2500*time.Millisecond ||
					check.GetMaxLatency().AsDuration() != 800*time.Millisecond || check.GetMethod() != "POST" || created.Msg.GetHeartbeatToken() != "" {
					t.Errorf("created check: %v, token %q", check, created.Msg.GetHeartbeatToken())
				}
				stored, err := s.Check(ctx, uint(id))
				if err != nil || stored.Definition.HTTP.Headers["Authorization"] != "Bearer header-secret" || !strings.Contains(stored.Definition.HTTP.Body, "body-secret") {
					t.Errorf("stored check: %+v (%v); want the headers and body kept", stored, err)
				}
				requests := map[string]string{"GetCheck": fmt.Sprintf(`{"id":%d}`, id), "ListChecks": `{}`}
				for _, procedure := range []string{"GetCheck", "ListChecks"} {
					status, body := post(t, h, "/statusdash.v1.CheckService/"+procedure, "application/json", h.operator, requests[procedure])
					if status != 200 || strings.Contains(body, "secret") {
						t.Errorf("%s: %d %s; want 200 without the target's credentials", procedure, status, body)
					}
				}

				updated, err := c.checks.UpdateCheck(ctx, request(&statusdashv1.UpdateCheckRequest{Id: id,
					Check:      &statusdashv1.CheckInput{ComponentId: 2, Interval: durationpb.New(2 * time.Minute)},
					UpdateMask: mask("component_id", "interval", "quorum", "locations")}, h.admin))
				if err != nil {
					t.Fatalf("UpdateCheck: %v", err)
				}
				if got := updated.Msg.GetCheck(); got.GetComponentId() != 2 || got.GetInterval().AsDuration() != 2*time.Minute ||
					got.GetQuorum() != 0 || len(got.GetLocations()) != 0 || got.GetMethod() != "POST" {
					t.Errorf("updated check: %v; want component 2, 2 min, quorum and locations back to their defaults, the rest kept", got)
				}

				paused, err := c.checks.PauseCheck(ctx, request(&statusdashv1.PauseCheckRequest{Id: id}, h.operator))
				if err != nil || !paused.Msg.GetCheck().GetPaused() {
					t.Fatalf("PauseCheck as operator: %v %v", paused, err)
				}
				resumed, err := c.checks.ResumeCheck(ctx, request(&statusdashv1.ResumeCheckRequest{Id: id}, h.jwt))
				if err != nil || resumed.Msg.GetCheck().GetPaused() {
					t.Fatalf("ResumeCheck with the shared secret: %v %v", resumed, err)
				}
				// Pausing through UpdateCheck is an operator's too, mask or none.
				for _, m := range []*fieldmaskpb.FieldMask{nil, mask("paused")} {
					if _, err := c.checks.UpdateCheck(ctx, request(&statusdashv1.UpdateCheckRequest{Id: id,
						Check: &statusdashv1.CheckInput{Paused: true}, UpdateMask: m}, h.operator)); err != nil {
						t.Errorf("UpdateCheck paused (mask %v) as operator: %v", m, err)
					}
				}

				if _, err := c.checks.DeleteCheck(ctx, request(&statusdashv1.DeleteCheckRequest{Id: id}, h.admin)); err != nil {
					t.Fatalf("DeleteCheck: %v", err)
				}
				_, err = c.checks.GetCheck(ctx, request(&statusdashv1.GetCheckRequest{Id: id}, h.operator))
				if codeOf(err) != connect.CodeNotFound {
					t.Errorf("GetCheck after delete: %v, want not_found", err)
				}
				_, err = c.checks.DeleteCheck(ctx, request(&statusdashv1.DeleteCheckRequest{Id: id}, h.admin))
				if codeOf(err) != connect.CodeNotFound || !strings.Contains(err.Error(), fmt.Sprintf("check %d", id)) {
					t.Errorf("DeleteCheck again: %v, want not_found naming the check", err)
				}
			})
		}
		counts := auditCounts(t, s)
		for _, want := range []struct {
			row string
			n   int
		}{
			{"catalog-admin check.create", len(protocols)},
			{"catalog-admin check.update", len(protocols)},
			{"ops-script check.update", 3 * len(protocols)},
			{"check.update", 5 * len(protocols)},
			{"catalog-admin check.delete", len(protocols)},
		} {
			if got := counts[want.row]; got != want.n {
				t.Errorf("%d audit rows %q, want %d (all: %v)", got, want.row, want.n, counts)
			}
		}
	})
}

// auditCounts counts the audit rows by "<actor name> <action>" and by action.
func auditCounts(t *testing.T, s *store.Storage) map[string]int {
	t.Helper()
	entries, _, err := s.AuditEntries(context.Background(), 1, 500)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, entry := range entries {
		counts[entry.Action]++
		for _, name := range []string{"catalog-admin", "ops-script"} {
			if strings.Contains(entry.Actor, name) {
				counts[name+" "+entry.Action]++
			}
		}
	}
	return counts
}

// A heartbeat check's token comes back once, from CreateCheck, and is stored hashed.
func TestCheckHeartbeatToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		c := h.clients(protocols[0])
		created, err := c.checks.CreateCheck(context.Background(), request(&statusdashv1.CreateCheckRequest{Check: &statusdashv1.CheckInput{
			ComponentId: 2, Kind: "heartbeat", Interval: durationpb.New(24 * time.Hour), Grace: durationpb.New(time.Hour)}}, h.admin))
		if err != nil {
			t.Fatalf("CreateCheck: %v", err)
		}
		token := created.Msg.GetHeartbeatToken()
		if len(token) < 40 || created.Msg.GetCheck().GetGrace().AsDuration() != time.Hour {
			t.Fatalf("heartbeat: token %q, check %v; want a long token and a grace of 1 h", token, created.Msg.GetCheck())
		}
		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		var hash string
		if err := db.QueryRow(fmt.Sprintf("SELECT heartbeat_token_hash FROM checks WHERE id = %d", created.Msg.GetCheck().GetId())).Scan(&hash); err != nil || hash != apiauth.HashToken(token) {
			t.Errorf("stored hash %q (%v), want the token's SHA-256", hash, err)
		}
		if status, body := httpDo(t, h, "POST", "/api/v3/heartbeats/"+token, "", ""); status >= 300 {
			t.Errorf("ping with the token: %d %s", status, body)
		}
	})
}

// TestCheckWriteRefusals: no credential is unauthenticated, a role short
// is permission_denied, an unknown check not_found and bad input
// invalid_argument naming the field; none of them writes anything.
func TestCheckWriteRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		// Protobuf: JSON could not carry the invalid duration below.
		c := h.clients(protocols[3])
		ctx := context.Background()
		if _, err := c.checks.CreateCheck(ctx, request(&statusdashv1.CreateCheckRequest{Check: minimalInput(nil)}, h.admin)); err != nil {
			t.Fatal(err)
		}
		before := auditCounts(t, s)
		create := func(in *statusdashv1.CheckInput, token string) func() error {
			return func() error {
				_, err := c.checks.CreateCheck(ctx, request(&statusdashv1.CreateCheckRequest{Check: in}, token))
				return err
			}
		}
		update := func(id uint32, in *statusdashv1.CheckInput, m *fieldmaskpb.FieldMask, token string) func() error {
			return func() error {
				_, err := c.checks.UpdateCheck(ctx, request(&statusdashv1.UpdateCheckRequest{Id: id, Check: in, UpdateMask: m}, token))
				return err
			}
		}
		remove := func(id uint32, token string) func() error {
			return func() error {
				_, err := c.checks.DeleteCheck(ctx, request(&statusdashv1.DeleteCheckRequest{Id: id}, token))
				return err
			}
		}
		pause := func(id uint32, token string) func() error {
			return func() error {
				_, err := c.checks.PauseCheck(ctx, request(&statusdashv1.PauseCheckRequest{Id: id}, token))
				return err
			}
		}
		minute := &statusdashv1.CheckInput{Interval: durationpb.New(time.Minute)}
		tests := []struct {
			name string
			call func() error
			want connect.Code
			// field is named in the message, as "field:".
			field string
		}{
			{"create without credential", create(minimalInput(nil), ""), connect.CodeUnauthenticated, ""},
			{"create with a bad token", create(minimalInput(nil), "sdb_not-a-token"), connect.CodeUnauthenticated, ""},
			{"create as operator", create(minimalInput(nil), h.operator), connect.CodePermissionDenied, ""},
			{"create with the shared secret", create(minimalInput(nil), h.jwt), connect.CodePermissionDenied, ""},
			{"update without credential", update(1, minute, nil, ""), connect.CodeUnauthenticated, ""},
			{"update interval as operator", update(1, minute, nil, h.operator), connect.CodePermissionDenied, ""},
			{"pause and move as operator", update(1, &statusdashv1.CheckInput{Paused: true, ComponentId: 2}, nil, h.operator), connect.CodePermissionDenied, ""},
			{"reset quorum as operator", update(1, &statusdashv1.CheckInput{Paused: true}, mask("paused", "quorum"), h.operator), connect.CodePermissionDenied, ""},
			{"delete without credential", remove(1, ""), connect.CodeUnauthenticated, ""},
			{"delete as operator", remove(1, h.operator), connect.CodePermissionDenied, ""},
			{"pause without credential", pause(1, ""), connect.CodeUnauthenticated, ""},
			{"update an unknown check", update(99, minute, nil, h.admin), connect.CodeNotFound, "check 99"},
			{"delete an unknown check", remove(99, h.admin), connect.CodeNotFound, "check 99"},
			{"pause an unknown check", pause(99, h.operator), connect.CodeNotFound, "check 99"},
			{"delete without id", remove(0, h.admin), connect.CodeInvalidArgument, "id:"},
			{"update without id", update(0, minute, nil, h.admin), connect.CodeInvalidArgument, "id:"},
			{"mask names no field", update(1, minute, mask("colour"), h.admin), connect.CodeInvalidArgument, "update_mask:"},
			{"kind changes", update(1, &statusdashv1.CheckInput{Kind: "tcp"}, nil, h.admin), connect.CodeInvalidArgument, "kind:"},
			{"interval under 10 s", update(1, &statusdashv1.CheckInput{Interval: durationpb.New(5 * time.Second)}, nil, h.admin), connect.CodeInvalidArgument, "interval:"},
			{"interval not whole seconds", create(minimalInput(func(in *statusdashv1.CheckInput) { in.Interval = durationpb.New(10500 * time.Millisecond) }), h.admin), connect.CodeInvalidArgument, "interval:"},
			{"invalid duration", create(minimalInput(func(in *statusdashv1.CheckInput) { in.Timeout = &durationpb.Duration{Seconds: 1, Nanos: -1} }), h.admin), connect.CodeInvalidArgument, "timeout:"},
			{"no check", create(nil, h.admin), connect.CodeInvalidArgument, "component_id:"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				if codeOf(err) != tt.want || (tt.field != "" && !strings.Contains(err.Error(), tt.field)) {
					t.Errorf("got %v, want %v naming %q", err, tt.want, tt.field)
				}
			})
		}
		if after := auditCounts(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("refused writes changed the audit log: %v, was %v", after, before)
		}
		if check, err := s.Check(ctx, 1); err != nil || check.Paused || check.ComponentID != 1 || check.Definition.Interval != 30*time.Second {
			t.Errorf("check after refused writes: %+v (%v); want it unchanged", check, err)
		}
	})
}

// TestCheckInputMatchesV3 sends the same check writes to /api/v3/checks
// and CheckService: bad input is 400 there and invalid_argument here,
// naming the same field (by each API's name), and good input stores the
// same definition.
func TestCheckInputMatchesV3(t *testing.T) {
	withField := func(field, value string) string {
		return strings.TrimSuffix(minimalCheck, "}") + `,"` + field + `":` + value + `}`
	}
	creates := []struct {
		name  string
		body  string
		input *statusdashv1.CheckInput
		// jsonField and field are the field the errors name; none for good input.
		jsonField, field string
	}{
		{"minimal", minimalCheck, minimalInput(nil), "", ""},
		{"every http field", withField("method", `"POST","headers":{"X-Key":"k"},"body":"ping","expected_status":"200,204","body_contains":"ok","body_regexp":"^o",`+
			`"ignore_redirects":true,"skip_tls_verify":true,"timeout_seconds":2.5,"max_latency_ms":800,"locations":["fra","ams"],"quorum":1,"impact":2,`+
			`"failure_threshold":4,"success_threshold":3,"paused":true`),
			minimalInput(func(in *statusdashv1.CheckInput) {
				in.Method, in.Headers, in.Body, in.ExpectedStatus, in.BodyContains, in.BodyRegexp = "POST", map[string]string{"X-Key": "k"}, "ping", "200,204", "ok", "^o"
				in.IgnoreRedirects, in.SkipTlsVerify, in.Timeout, in.MaxLatency = true, true, durationpb.New(2500*time.Millisecond), durationpb.New(800*time.Millisecond)
				in.Locations, in.Quorum, in.Impact, in.FailureThreshold, in.SuccessThreshold, in.Paused = []string{"fra", "ams"}, 1, 2, 4, 3, true
			}), "", ""},
		{"dns", `{"component_id":3,"kind":"dns","target":"example.org","interval_seconds":60,"record_type":"AAAA","expected_answers":["::1"]}`,
			&statusdashv1.CheckInput{ComponentId: 3, Kind: "dns", Target: "example.org", Interval: durationpb.New(time.Minute), RecordType: "AAAA", ExpectedAnswers: []string{"::1"}}, "", ""},
		{"unknown kind", strings.Replace(minimalCheck, `"http"`, `"smtp"`, 1), minimalInput(func(in *statusdashv1.CheckInput) { in.Kind = "smtp" }), "kind", "kind"},
		{"bad URL", strings.Replace(minimalCheck, "example.org", "exa mple.org", 1), minimalInput(func(in *statusdashv1.CheckInput) { in.Target = "https://exa mple.org/health" }), "target", "target"},
		{"ftp scheme", strings.Replace(minimalCheck, "https:", "ftp:", 1), minimalInput(func(in *statusdashv1.CheckInput) { in.Target = "ftp://example.org/health" }), "target", "target"},
		{"interval under 10 s", strings.Replace(minimalCheck, "30}", "5}", 1), minimalInput(func(in *statusdashv1.CheckInput) { in.Interval = durationpb.New(5 * time.Second) }), "interval_seconds", "interval"},
		{"no interval", strings.Replace(minimalCheck, `,"interval_seconds":30`, "", 1), minimalInput(func(in *statusdashv1.CheckInput) { in.Interval = nil }), "interval_seconds", "interval"},
		{"negative latency", withField("max_latency_ms", "-5"), minimalInput(func(in *statusdashv1.CheckInput) { in.MaxLatency = durationpb.New(-5 * time.Millisecond) }), "max_latency_ms", "max_latency"},
		{"grace on http", withField("grace_seconds", "60"), minimalInput(func(in *statusdashv1.CheckInput) { in.Grace = durationpb.New(time.Minute) }), "grace_seconds", "grace"},
		{"record type on http", withField("record_type", `"A"`), minimalInput(func(in *statusdashv1.CheckInput) { in.RecordType = "A" }), "record_type", "record_type"},
		{"bad expected status", withField("expected_status", `"99-700"`), minimalInput(func(in *statusdashv1.CheckInput) { in.ExpectedStatus = "99-700" }), "expected_status", "expected_status"},
		{"impossible regexp", withField("body_regexp", `"("`), minimalInput(func(in *statusdashv1.CheckInput) { in.BodyRegexp = "(" }), "body_regexp", "body_regexp"},
		{"quorum above locations", withField("locations", `["a","b"],"quorum":3`), minimalInput(func(in *statusdashv1.CheckInput) { in.Locations, in.Quorum = []string{"a", "b"}, 3 }), "quorum", "quorum"},
		{"unknown component", strings.Replace(minimalCheck, `"component_id":1`, `"component_id":99`, 1), minimalInput(func(in *statusdashv1.CheckInput) { in.ComponentId = 99 }), "component_id", "component_id"},
		{"no component", strings.Replace(minimalCheck, `"component_id":1,`, ``, 1), minimalInput(func(in *statusdashv1.CheckInput) { in.ComponentId = 0 }), "component_id", "component_id"},
	}
	patches := []struct {
		name      string
		body      string
		input     *statusdashv1.CheckInput
		mask      *fieldmaskpb.FieldMask
		jsonField string
		field     string
	}{
		{"kind", `{"kind":"tcp"}`, &statusdashv1.CheckInput{Kind: "tcp"}, nil, "kind", "kind"},
		{"no kind", `{"kind":null}`, &statusdashv1.CheckInput{}, mask("kind"), "kind", "kind"},
		{"bad URL", `{"target":"gopher://example.org"}`, &statusdashv1.CheckInput{Target: "gopher://example.org"}, nil, "target", "target"},
		{"interval", `{"interval_seconds":9}`, &statusdashv1.CheckInput{Interval: durationpb.New(9 * time.Second)}, nil, "interval_seconds", "interval"},
		{"regexp", `{"body_regexp":"a{2,1}"}`, &statusdashv1.CheckInput{BodyRegexp: "a{2,1}"}, nil, "body_regexp", "body_regexp"},
		{"quorum", `{"locations":["a"],"quorum":2}`, &statusdashv1.CheckInput{Locations: []string{"a"}, Quorum: 2}, nil, "quorum", "quorum"},
		{"unknown component", `{"component_id":99}`, &statusdashv1.CheckInput{ComponentId: 99}, nil, "component_id", "component_id"},
	}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		c := h.clients(protocols[0])
		ctx := context.Background()
		for _, tt := range creates {
			t.Run("create "+tt.name, func(t *testing.T) {
				status, body := httpDo(t, h, "POST", "/api/v3/checks", h.admin, tt.body)
				created, err := c.checks.CreateCheck(ctx, request(&statusdashv1.CreateCheckRequest{Check: tt.input}, h.admin))
				if tt.field == "" {
					if status != 201 || err != nil {
						t.Fatalf("v3: %d %s; rpc: %v; want both to create", status, body, err)
					}
					v3, rpc := storedDefinition(t, s, created.Msg.GetCheck().GetId()-1), storedDefinition(t, s, created.Msg.GetCheck().GetId())
					if v3 != rpc {
						t.Errorf("stored definitions differ:\nv3  %s\nrpc %s", v3, rpc)
					}
					return
				}
				if status != 400 || !strings.Contains(body, tt.jsonField+":") {
					t.Errorf("v3: %d %s; want 400 naming %s", status, body, tt.jsonField)
				}
				if codeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), tt.field+":") {
					t.Errorf("rpc: %v; want invalid_argument naming %s", err, tt.field)
				}
			})
		}
		for _, tt := range patches {
			t.Run("update "+tt.name, func(t *testing.T) {
				status, body := httpDo(t, h, "PATCH", "/api/v3/checks/1", h.admin, tt.body)
				_, err := c.checks.UpdateCheck(ctx, request(&statusdashv1.UpdateCheckRequest{Id: 1, Check: tt.input, UpdateMask: tt.mask}, h.admin))
				if status != 400 || !strings.Contains(body, tt.jsonField+":") {
					t.Errorf("v3: %d %s; want 400 naming %s", status, body, tt.jsonField)
				}
				if codeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), tt.field+":") {
					t.Errorf("rpc: %v; want invalid_argument naming %s", err, tt.field)
				}
			})
		}
	})
}

// storedDefinition is the stored check's component, paused flag and
// definition, as the audit log writes them but for the id.
func storedDefinition(t *testing.T, s *store.Storage, id uint32) string {
	t.Helper()
	check, err := s.Check(context.Background(), uint(id))
	if err != nil {
		t.Fatalf("check %d: %v", id, err)
	}
	return fmt.Sprintf("component %d paused %v %+v", check.ComponentID, check.Paused, check.Definition)
}

// TestCheckResults pages a check's results as GET /api/v3/checks/{id}/results
// does, and refuses what it refuses.
func TestCheckResults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s)
		c := h.clients(protocols[2])
		ctx := context.Background()
		if _, err := c.checks.CreateCheck(ctx, request(&statusdashv1.CreateCheckRequest{Check: minimalInput(nil)}, h.admin)); err != nil {
			t.Fatal(err)
		}
		var results []store.CheckResult
		for i := range 3 {
			results = append(results, store.CheckResult{CheckID: 1, Location: "fra", StartedAt: start.Add(time.Duration(i) * time.Minute),
				Outcome: "degraded", Latency: 1500 * time.Microsecond, Reason: "slow"})
		}
		if err := s.AddCheckResults(ctx, results); err != nil {
			t.Fatal(err)
		}
		list := func(req *statusdashv1.ListCheckResultsRequest, token string) ([]uint32, error) {
			resp, err := c.checks.ListCheckResults(ctx, request(req, token))
			if err != nil {
				return nil, err
			}
			var ids []uint32
			for _, r := range resp.Msg.GetResults() {
				ids = append(ids, r.GetId())
			}
			return ids, nil
		}
		at := func(minute int) *timestamppb.Timestamp {
			return timestamppb.New(start.Add(time.Duration(minute) * time.Minute))
		}
		tests := []struct {
			name    string
			req     *statusdashv1.ListCheckResultsRequest
			token   string
			v3      string // the same request to the JSON API
			want    string
			wantErr connect.Code
			field   string
		}{
			{"all", &statusdashv1.ListCheckResultsRequest{CheckId: 1}, h.operator, "/api/v3/checks/1/results", "[3 2 1]", 0, ""},
			{"one before", &statusdashv1.ListCheckResultsRequest{CheckId: 1, Limit: 1, Before: at(2)}, h.operator, "/api/v3/checks/1/results?limit=1&before=2026-05-20T12:02:00Z", "[2]", 0, ""},
			{"after a cursor", &statusdashv1.ListCheckResultsRequest{CheckId: 1, Before: at(1), BeforeId: 3}, h.jwt, "/api/v3/checks/1/results?before=2026-05-20T12:01:00Z&before_id=3", "[2 1]", 0, ""},
			{"before_id alone", &statusdashv1.ListCheckResultsRequest{CheckId: 1, BeforeId: 2}, h.operator, "/api/v3/checks/1/results?before_id=2", "", connect.CodeInvalidArgument, "before_id:"},
			{"limit too large", &statusdashv1.ListCheckResultsRequest{CheckId: 1, Limit: 5000}, h.operator, "/api/v3/checks/1/results?limit=5000", "", connect.CodeInvalidArgument, "limit:"},
			{"unknown check", &statusdashv1.ListCheckResultsRequest{CheckId: 9}, h.operator, "/api/v3/checks/9/results", "", connect.CodeNotFound, "check 9"},
			{"no credential", &statusdashv1.ListCheckResultsRequest{CheckId: 1}, "", "/api/v3/checks/1/results", "", connect.CodeUnauthenticated, ""},
		}
		v3Status := map[connect.Code]int{0: 200, connect.CodeInvalidArgument: 400, connect.CodeNotFound: 404, connect.CodeUnauthenticated: 401}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ids, err := list(tt.req, tt.token)
				if codeOf(err) != tt.wantErr || (err == nil && fmt.Sprint(ids) != tt.want) || (tt.field != "" && !strings.Contains(fmt.Sprint(err), tt.field)) {
					t.Errorf("got %v (%v), want %s, code %v naming %q", ids, err, tt.want, tt.wantErr, tt.field)
				}
				if status, body := send(t, h, "GET", tt.v3, "", tt.token, ""); status != v3Status[tt.wantErr] {
					t.Errorf("v3: %d %s, want %d", status, body, v3Status[tt.wantErr])
				}
			})
		}
	})
}
