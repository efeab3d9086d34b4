package statuspage

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// view turns one read of the data into the wire objects every file shares.
type view struct {
	data       *store.StatuspageData
	page       pageInfo
	components []component         // groups, each followed by its children
	byID       map[uint]*component // children by our component id
}

// The ids on the wire. Components keep our number ("12", as in
// /v2/components/12), groups are their category with a prefix ("group-3")
// so the two never collide, incidents and maintenance keep the event's
// number ("41", as in /incidents/41 and /v2/events/41), and an update is the
// event's number and the update's index oldest first ("41-0"), as in
// /v2/events/41/updates/0.
func componentID(id uint) string { return strconv.FormatUint(uint64(id), 10) }
func groupID(id uint) string     { return "group-" + strconv.FormatUint(uint64(id), 10) }
func eventID(id uint) string     { return strconv.FormatUint(uint64(id), 10) }
func updateID(event uint, index int) string {
	return eventID(event) + "-" + strconv.Itoa(index)
}

func (a *API) newView(data *store.StatuspageData) *view {
	v := &view{data: data, page: a.page, components: []component{}, byID: make(map[uint]*component, len(data.Catalog.Components))}
	changed := componentChanges(data)
	pageUpdated, groups := time.Time{}, 0
	for _, category := range data.Catalog.Categories {
		group := component{
			ID: groupID(category.ID), Name: category.Name, CreatedAt: stamp(category.CreatedAt),
			PageID: a.page.ID, Group: true, Components: []string{},
		}
		updated, worst := category.UpdatedAt, model.HealthOperational
		var children []component
		for _, service := range data.Catalog.ServicesOf(category.ID) {
			for _, c := range data.Catalog.ComponentsOf(service.ID) {
				health := data.Health[c.ID]
				worst = max(worst, health)
				last := latest(c.CreatedAt, c.UpdatedAt, service.UpdatedAt, changed[c.ID])
				updated = latest(updated, last)
				startDate := c.CreatedAt.UTC().Format(time.DateOnly)
				child := component{
					ID: componentID(c.ID), Name: componentName(c), Status: componentStatus(health),
					CreatedAt: stamp(c.CreatedAt), UpdatedAt: stamp(last), Position: len(children) + 1,
					Description: optional(service.Description), Showcase: true, StartDate: &startDate,
					GroupID: &group.ID, PageID: a.page.ID,
				}
				group.Components = append(group.Components, child.ID)
				children = append(children, child)
			}
		}
		if len(children) == 0 {
			continue // Statuspage has no empty groups
		}
		groups++
		group.Status, group.UpdatedAt, group.Position = componentStatus(worst), stamp(updated), groups
		pageUpdated = latest(pageUpdated, updated)
		v.components = append(v.components, group)
		v.components = append(v.components, children...)
	}
	for i := range v.components {
		if !v.components[i].Group {
			id, _ := strconv.ParseUint(v.components[i].ID, 10, 64)
			v.byID[uint(id)] = &v.components[i]
		}
	}
	for _, events := range [][]*model.Event{data.Incidents, data.Maintenance} {
		for _, e := range events {
			pageUpdated = latest(pageUpdated, eventUpdated(e))
		}
	}
	if pageUpdated.IsZero() {
		pageUpdated = data.Now
	}
	v.page.UpdatedAt = stamp(pageUpdated)
	return v
}

// componentName carries the region: "Elastic Cloud Server (EU-DE)".
func componentName(c *model.Component) string {
	name := c.Service.Name
	if c.Region != nil {
		name += " (" + c.Region.Name + ")"
	}
	return name
}

// componentChanges is, per component, the last moment an event changed it:
// an event's start or end once passed, or its latest update.
func componentChanges(data *store.StatuspageData) map[uint]time.Time {
	changed := make(map[uint]time.Time)
	for _, events := range [][]*model.Event{data.Incidents, data.Maintenance} {
		for _, e := range events {
			at := time.Time{}
			if !e.StartAt.After(data.Now) {
				at = e.StartAt
			}
			if e.EndAt != nil && !e.EndAt.After(data.Now) {
				at = latest(at, *e.EndAt)
			}
			for _, u := range e.Updates {
				if !u.At.After(data.Now) {
					at = latest(at, u.At)
				}
			}
			for _, c := range e.Components {
				changed[c.ID] = latest(changed[c.ID], at)
			}
		}
	}
	return changed
}

func eventUpdated(e *model.Event) time.Time {
	at := latest(e.CreatedAt, e.UpdatedAt)
	for _, u := range e.Updates {
		at = latest(at, u.UpdatedAt, u.At)
	}
	return at
}

func latest(times ...time.Time) time.Time {
	var last time.Time
	for _, t := range times {
		if t.After(last) {
			last = t
		}
	}
	return last
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// incident converts an incident, maintenance window or info notice.
func (v *view) incident(e *model.Event) incident {
	id := eventID(e.ID)
	out := incident{
		ID: id, Name: e.Title, CreatedAt: stamp(e.CreatedAt), UpdatedAt: stamp(eventUpdated(e)),
		Impact: impactName(e), Shortlink: v.page.URL + "/incidents/" + id, StartedAt: stamp(e.StartAt),
		PageID: v.page.ID, Components: []component{}, IncidentUpdates: []incidentUpdate{},
	}
	for _, c := range e.Components {
		if wire, ok := v.byID[c.ID]; ok {
			out.Components = append(out.Components, *wire)
		}
	}
	isIncident := e.Type == model.TypeIncident
	mapStatus, phase := maintenanceStatusOf, maintenanceScheduled
	if isIncident {
		mapStatus, phase = incidentStatusOf, incidentInvestigating
	}
	// An update lists the components only when it changes their status.
	previous := componentOperational
	updates := make([]incidentUpdate, len(e.Updates))
	for i, u := range e.Updates {
		if status, ok := mapStatus(u.Status); ok {
			phase = status
		}
		if phase == incidentMonitoring && out.MonitoringAt == nil {
			out.MonitoringAt = stampOf(&u.At)
		}
		wire := incidentUpdate{
			ID: updateID(e.ID, i), IncidentID: id, Status: phase, Body: u.Text,
			CreatedAt: stamp(u.CreatedAt), UpdatedAt: stamp(u.UpdatedAt), DisplayAt: stamp(u.At),
		}
		if next := phaseStatus(e, phase); next != previous {
			wire.AffectedComponents = v.affected(e, previous, next)
			previous = next
		}
		updates[len(updates)-1-i] = wire // newest first, as Statuspage lists them
	}
	out.IncidentUpdates = updates
	if isIncident {
		out.Status = incidentInvestigating
		if e.EndAt != nil {
			out.Status, out.ResolvedAt = incidentResolved, stampOf(e.EndAt)
		} else if phase != incidentResolved {
			out.Status = phase
		}
		return out
	}
	// A window's state follows the clock, whatever its stored status.
	switch {
	case e.IsOpen(v.data.Now):
		out.Status = maintenanceInProgress
	case e.IsUpcoming(v.data.Now):
		out.Status = maintenanceScheduled
	default:
		out.Status = maintenanceCompleted
		end := e.EndAt
		if end == nil && len(e.Updates) > 0 {
			end = &e.Updates[len(e.Updates)-1].At
		}
		out.ResolvedAt = stampOf(end)
	}
	out.schedule = &schedule{ScheduledFor: stamp(e.StartAt), ScheduledUntil: stampOf(e.EndAt)}
	return out
}

// phaseStatus is the component status an event in the phase causes.
func phaseStatus(e *model.Event, phase string) string {
	switch {
	case phase == incidentResolved || phase == maintenanceCompleted || phase == maintenanceScheduled:
		return componentOperational
	case e.Type == model.TypeMaintenance:
		return componentMaintenance
	case e.Type == model.TypeInfo:
		return componentOperational
	}
	return componentStatus(model.HealthForImpact(e.Impact))
}

func (v *view) affected(e *model.Event, old, next string) []affectedComponent {
	affected := make([]affectedComponent, 0, len(e.Components))
	for _, c := range e.Components {
		affected = append(affected, affectedComponent{Code: componentID(c.ID), Name: componentName(&c), OldStatus: old, NewStatus: next})
	}
	return affected
}

// byStart orders events by start, soonest first.
func byStart(events []incident) {
	slices.SortStableFunc(events, func(a, b incident) int {
		return cmp.Compare(time.Time(a.StartedAt).UnixNano(), time.Time(b.StartedAt).UnixNano())
	})
}
