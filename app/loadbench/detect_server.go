package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"statusdash/app/api/stackmon"
)

// detectServer is a `statusdash serve` child with its in-process
// monitoring worker, and the admin API token the harness writes with.
type detectServer struct {
	child   *child
	baseURL string
	token   string
	client  *http.Client
}

// commandTimeout bounds each statusdash command the harness runs.
const commandTimeout = 2 * time.Minute

// startDetectServer migrates the database at dbURL, provisions the
// catalog, creates an admin API token with `statusdash token create` and
// starts `statusdash serve` with its monitoring worker on. The caller
// stops the child, also when an error is returned.
func startDetectServer(ctx context.Context, binary, dir, dbURL, catalog, label string) (*detectServer, error) {
	env := serverEnv(map[string]string{"SDB_DATABASE_URL": dbURL, "SDB_SECRET_KEY": benchSecret, "SDB_REDIS_URL": ""})
	if _, _, err := runCommand(ctx, binary, env, commandTimeout, "migrate", "up"); err != nil {
		return nil, err
	}
	if _, _, err := runCommand(ctx, binary, env, commandTimeout, "bootstrap", "provision", "--catalog", catalog); err != nil {
		return nil, err
	}
	token, err := commandStdout(ctx, binary, env, "token", "create", "--name", "loadbench-detect", "--role", "admin")
	if err != nil {
		return nil, err
	}
	server := &detectServer{token: token, client: &http.Client{Timeout: 10 * time.Second}}
	server.child, server.baseURL, err = startServer(ctx, binary, dir, dbURL, "detect-"+label, "SDB_MONITOR_WORKER", "true")
	return server, err
}

// stop ends the serve child.
func (s *detectServer) stop() {
	if s != nil {
		s.child.stop()
	}
}

// commandStdout runs binary with args and returns its standard output, trimmed.
func commandStdout(ctx context.Context, binary string, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("statusdash %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// componentsByRegion lists the components (GET /v2/components) by region name.
func (s *detectServer) componentsByRegion(ctx context.Context) (map[string]uint, error) {
	var components []stackmon.Component
	if err := s.call(ctx, http.MethodGet, "/v2/components", nil, http.StatusOK, &components); err != nil {
		return nil, err
	}
	byRegion := map[string]uint{}
	for _, component := range components {
		for _, attribute := range component.Attributes {
			if attribute.Name == "region" {
				byRegion[attribute.Value] = component.ID
			}
		}
	}
	return byRegion, nil
}

// createCheck creates an HTTP check of target on the component every
// interval (POST /api/v3/checks) and returns its id.
func (s *detectServer) createCheck(ctx context.Context, componentID uint, target string, interval time.Duration) (uint, error) {
	body := map[string]any{"component_id": componentID, "kind": "http", "target": target, "interval_seconds": interval.Seconds()}
	var created struct {
		ID uint `json:"id"`
	}
	if err := s.call(ctx, http.MethodPost, "/api/v3/checks", body, http.StatusCreated, &created); err != nil {
		return 0, err
	}
	return created.ID, nil
}

// hasResults reports whether the check has a result (GET /api/v3/checks/{id}/results).
func (s *detectServer) hasResults(ctx context.Context, checkID uint) (bool, error) {
	var results struct {
		Data []json.RawMessage `json:"data"`
	}
	path := fmt.Sprintf("/api/v3/checks/%d/results?limit=1", checkID)
	if err := s.call(ctx, http.MethodGet, path, nil, http.StatusOK, &results); err != nil {
		return false, err
	}
	return len(results.Data) > 0, nil
}

// event reads an event as GET /v2/events/{id} answers it.
func (s *detectServer) event(ctx context.Context, id uint) (stackmon.V2Event, error) {
	var event stackmon.V2Event
	err := s.call(ctx, http.MethodGet, fmt.Sprintf("/v2/events/%d", id), nil, http.StatusOK, &event)
	return event, err
}

// overview fetches / as a browser does, gzip accepted, and returns the HTML.
func (s *detectServer) overview(ctx context.Context) ([]byte, error) {
	got, err := fetch(ctx, s.baseURL+"/", true)
	if err != nil {
		return nil, err
	}
	if got.Status != http.StatusOK {
		return nil, fmt.Errorf("GET / answered %d", got.Status)
	}
	plain, _, _, err := got.plainAndGzipped()
	return plain, err
}

// call sends a JSON request with the admin token and decodes the answer,
// which must have the status want, into answer.
func (s *detectServer) call(ctx context.Context, method, path string, body any, want int, answer any) error {
	var payload io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		payload = bytes.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.baseURL+path, payload)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s answered %d, want %d: %s", method, path, resp.StatusCode, want, bytes.TrimSpace(data))
	}
	if err := json.Unmarshal(data, answer); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// serveLog is the tail of the serve child's log, for an error message.
func (s *detectServer) serveLog() string {
	return filepath.Base(s.child.log) + ":\n" + tail(s.child.log, 20)
}
