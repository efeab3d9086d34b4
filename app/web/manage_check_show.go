package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Sizes of a check page's lists.
const (
	checkResultsPerPage = 50
	checkFailuresShown  = 20
)

// manageCheckPage is the data of pages/manage_check.
type manageCheckPage struct {
	managePage
	Check     *store.Check
	Component checkComponent
	// Definition is the definition as JSON, header values hidden.
	Definition string
	Every      string
	Pause      pauseButton
	// Timeout is the timeout a run gets, the default when none is set.
	Timeout  time.Duration
	Results  []resultView
	Failures []resultView
	// FirstURL leads back to the newest results from a later page;
	// NextURL to older ones.
	FirstURL, NextURL string
	// HeartbeatURL holds a new heartbeat check's secret token, on the
	// answer to its creation only: only the token's hash is kept.
	HeartbeatURL string
}

// showCheck (GET /manage/checks/:id?before=&before_id=) shows a check's
// definition, a page of its results and its recent failures.
func (m *manager) showCheck(c echo.Context) error {
	check, err := m.loadCheck(c)
	if err != nil {
		return err
	}
	cursor, err := checkResultsCursor(c)
	if err != nil {
		return err
	}
	page, err := m.checkPage(c, check, cursor)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusOK, pageManageCheck, page)
}

// checkPage gathers what a check's page shows, its results from cursor.
func (m *manager) checkPage(c echo.Context, check *store.Check, cursor store.CheckResultCursor) (*manageCheckPage, error) {
	ctx := c.Request().Context()
	results, err := m.server.store.CheckResultsPage(ctx, check.ID, cursor, checkResultsPerPage)
	if err != nil {
		return nil, err
	}
	failures, err := m.server.store.RecentCheckFailures(ctx, check.ID, checkFailuresShown)
	if err != nil {
		return nil, err
	}
	components, err := m.checkComponents(ctx)
	if err != nil {
		return nil, err
	}
	page := &manageCheckPage{managePage: m.page(c, fmt.Sprintf("Check %d", check.ID), "checks"), Check: check,
		Every: everyText(check.Definition.Interval), Timeout: check.Definition.WithDefaults().Timeout}
	page.Results, page.Failures = resultViews(results, page.Zone), resultViews(failures, page.Zone)
	page.Pause = pauseButton{CSRF: page.CSRF, CheckID: check.ID, Paused: check.Paused}
	for _, component := range components {
		if component.ID == check.ComponentID {
			page.Component = component
		}
	}
	if page.Definition, err = redactedDefinition(check.Definition); err != nil {
		return nil, err
	}
	base := fmt.Sprintf("/manage/checks/%d", check.ID)
	if !cursor.StartedAt.IsZero() {
		page.FirstURL = base
	}
	if len(results) == checkResultsPerPage {
		last := results[len(results)-1]
		page.NextURL = base + "?" + url.Values{
			"before":    {last.StartedAt.Format(time.RFC3339Nano)},
			"before_id": {strconv.FormatUint(uint64(last.ID), 10)},
		}.Encode()
	}
	return page, nil
}

// checkResultsCursor reads ?before and ?before_id, as the API does.
func checkResultsCursor(c echo.Context) (store.CheckResultCursor, error) {
	var cursor store.CheckResultCursor
	if raw := c.QueryParam("before"); raw != "" {
		before, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			return cursor, badRequest("before", "must be an RFC 3339 time, got %q", truncate(raw, 40))
		}
		cursor.StartedAt = before
	}
	if raw := c.QueryParam("before_id"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil || id == 0 || cursor.StartedAt.IsZero() {
			return cursor, badRequest("before_id", "must be a result id, with before, got %q", truncate(raw, 40))
		}
		cursor.ID = uint(id)
	}
	return cursor, nil
}

// redactedDefinition is the definition as indented JSON with its header
// values hidden: they often carry credentials, and operators see this page.
func redactedDefinition(def probe.Definition) (string, error) {
	if len(def.HTTP.Headers) > 0 {
		headers := make(map[string]string, len(def.HTTP.Headers))
		for name := range def.HTTP.Headers {
			headers[name] = store.RedactedHeader
		}
		def.HTTP.Headers = headers
	}
	text, err := json.MarshalIndent(def, "", "  ")
	if err != nil {
		return "", fmt.Errorf("web: encode check %v: %w", def.Kind, err)
	}
	return string(text), nil
}
