package web

import (
	"context"
	"errors"
	"html/template"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/store"
)

// Template set names of the check pages.
const (
	pageManageChecks    = "pages/manage_checks"
	pageManageCheck     = "pages/manage_check"
	pageManageCheckForm = "pages/manage_check_form"
)

// checkComponent is a component as the check pages name it.
type checkComponent struct {
	ID       uint
	Service  string
	Region   string
	Selected bool
}

// checkComponents lists every component in display order: by category and
// service, then region.
func (m *manager) checkComponents(ctx context.Context) ([]checkComponent, error) {
	tree, err := m.server.store.ReadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	var components []checkComponent
	for _, category := range tree.Categories {
		for _, service := range tree.ServicesOf(category.ID) {
			for _, component := range tree.ComponentsOf(service.ID) {
				region := ""
				if r := tree.Region(component.RegionID); r != nil {
					region = r.Name
				}
				components = append(components, checkComponent{ID: component.ID, Service: service.Name, Region: region})
			}
		}
	}
	return components, nil
}

// checkID reads the :id parameter; anything but a positive number is a 404.
func checkID(c echo.Context) (uint, error) {
	raw := c.Param("id")
	id, err := strconv.ParseUint(raw, 10, 32)
	if err != nil || id == 0 {
		return 0, notFound("There is no check %q.", truncate(raw, 40))
	}
	return uint(id), nil
}

// loadCheck reads the check of the :id parameter; unknown is 404.
func (m *manager) loadCheck(c echo.Context) (*store.Check, error) {
	id, err := checkID(c)
	if err != nil {
		return nil, err
	}
	check, err := m.server.store.Check(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("There is no check %d.", id)
	}
	return check, err
}

// checkWriteFailed sorts a store error of a check write: bad input gives
// its field errors, a check deleted meanwhile 404, anything else fails.
func checkWriteFailed(err error) (incident.FieldErrors, error) {
	if invalid, ok := store.AsValidation(err); ok {
		return invalid.Fields, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("The check no longer exists.")
	}
	return nil, err
}

// checkWriteError is the error of a write that takes no input: 404 for a
// check deleted meanwhile.
func checkWriteError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The check no longer exists.")
	}
	return err
}

// resultView is a check result as the pages show it, in the reader's zone.
type resultView struct {
	store.CheckResult
	Latency string
	Zone    *time.Location
}

func resultViews(results []store.CheckResult, zone *time.Location) []resultView {
	views := make([]resultView, len(results))
	for i, r := range results {
		views[i] = resultView{CheckResult: r, Latency: latencyText(r.Latency), Zone: zone}
	}
	return views
}

// pauseButton is the data of the "check-pause" form: pause a running
// check or resume a paused one, then go to Next.
type pauseButton struct {
	CSRF    template.HTML
	CheckID uint
	Paused  bool
	Next    string
}

// everyText is an interval in its largest whole unit: "30 s", "5 min", "2 h".
func everyText(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + " h"
	case d >= time.Minute && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + " s"
}

// latencyText is a latency in milliseconds, with one decimal below 10 ms;
// a run that measured none (a refused connection) shows a dash.
func latencyText(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	ms := float64(d.Microseconds()) / 1000
	if ms < 10 {
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
}
