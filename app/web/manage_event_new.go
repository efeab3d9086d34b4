package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
)

// manageEventNewPage is the data of pages/manage_event_new: the form that
// opens an incident, schedules maintenance or posts an info notice.
type manageEventNewPage struct {
	managePage
	Form            eventForm
	Action          string
	Heading         string
	ComponentGroups []componentGroup
	Impacts         []impactChoice
}

// impactChoice is one option of an impact select.
type impactChoice struct {
	Value    int
	Label    string
	Selected bool
}

func impactChoices(selected string) []impactChoice {
	choices := []impactChoice{
		{Value: int(model.ImpactMinor), Label: "Minor: degraded performance"},
		{Value: int(model.ImpactMajor), Label: "Major: partial outage"},
		{Value: int(model.ImpactOutage), Label: "Outage: not working"},
	}
	for i := range choices {
		choices[i].Selected = fmt.Sprint(choices[i].Value) == selected
	}
	return choices
}

var newEventHeadings = map[model.EventType]string{
	model.TypeIncident:    "Open an incident",
	model.TypeMaintenance: "Schedule maintenance",
	model.TypeInfo:        "Post an info notice",
}

var newEventActions = map[model.EventType]string{
	model.TypeIncident:    "/manage/incidents",
	model.TypeMaintenance: "/manage/maintenance",
	model.TypeInfo:        "/manage/notices",
}

// showNewEvent (GET /manage/incidents/new, /manage/maintenance/new,
// /manage/notices/new) shows the empty form.
func (m *manager) showNewEvent(eventType model.EventType) echo.HandlerFunc {
	return func(c echo.Context) error {
		zone := m.server.readerZone(c)
		return m.renderNewEvent(c, http.StatusOK, blankEventForm(eventType, m.server.now(), zone), nil)
	}
}

// createEvent (POST) opens the event and answers 303 to its page; bad input
// shows the form again with 422 and writes nothing.
func (m *manager) createEvent(eventType model.EventType) echo.HandlerFunc {
	return func(c echo.Context) error {
		values, err := c.FormParams()
		if err != nil {
			return badRequest("form", "cannot be read: %v", err)
		}
		form := parseEventForm(values, eventType)
		ctx := c.Request().Context()
		tree, err := m.server.store.ReadCatalog(ctx)
		if err != nil {
			return err
		}
		now := m.server.now()
		in, errs := validateEventForm(form, m.server.readerZone(c), now, catalogKnows(tree))
		if len(errs) > 0 {
			return m.renderNewEvent(c, http.StatusUnprocessableEntity, form, errs)
		}
		created, err := m.server.store.CreateEvent(ctx, actor(c), in, now)
		if err != nil {
			fields, err := writeFailed(err)
			if err != nil {
				return err
			}
			return m.renderNewEvent(c, http.StatusUnprocessableEntity, form, fields)
		}
		return seeOther(c, fmt.Sprintf("/manage/events/%d", created.ID))
	}
}

func (m *manager) renderNewEvent(c echo.Context, status int, form eventForm, errs map[string]string) error {
	tree, err := m.server.store.ReadCatalog(c.Request().Context())
	if err != nil {
		return err
	}
	heading := newEventHeadings[form.Type]
	page := &manageEventNewPage{
		managePage:      m.page(c, heading, "manage"),
		Form:            form,
		Action:          newEventActions[form.Type],
		Heading:         heading,
		ComponentGroups: componentGroups(tree, checkedIDs(form.Components)),
		Impacts:         impactChoices(form.Impact),
	}
	page.Errors = errs
	return m.render(c, status, pageManageEventNew, page)
}
