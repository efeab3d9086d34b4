package typed

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/model"
)

// impactOf is the wire impact of a stored one (0..3 become 1..4).
func impactOf(i model.Impact) statusdashv1.Impact {
	return statusdashv1.Impact(int32(i) + 1)
}

// storedImpact is the stored impact of a wire one; ok is false for
// unspecified or unknown values.
func storedImpact(i statusdashv1.Impact) (model.Impact, bool) {
	impact := model.Impact(int32(i) - 1)
	return impact, i != statusdashv1.Impact_IMPACT_UNSPECIFIED && impact.Valid()
}

var eventTypes = map[model.EventType]statusdashv1.EventType{
	model.TypeIncident:    statusdashv1.EventType_EVENT_TYPE_INCIDENT,
	model.TypeMaintenance: statusdashv1.EventType_EVENT_TYPE_MAINTENANCE,
	model.TypeInfo:        statusdashv1.EventType_EVENT_TYPE_INFO,
}

// storedType is the stored type of a wire one; ok is false for unknown values.
func storedType(t statusdashv1.EventType) (model.EventType, bool) {
	for stored, wire := range eventTypes {
		if wire == t {
			return stored, true
		}
	}
	return "", false
}

var componentStatuses = map[model.Health]statusdashv1.ComponentStatus{
	model.HealthOperational: statusdashv1.ComponentStatus_COMPONENT_STATUS_OPERATIONAL,
	model.HealthMaintenance: statusdashv1.ComponentStatus_COMPONENT_STATUS_UNDER_MAINTENANCE,
	model.HealthMinor:       statusdashv1.ComponentStatus_COMPONENT_STATUS_DEGRADED_PERFORMANCE,
	model.HealthMajor:       statusdashv1.ComponentStatus_COMPONENT_STATUS_PARTIAL_OUTAGE,
	model.HealthOutage:      statusdashv1.ComponentStatus_COMPONENT_STATUS_MAJOR_OUTAGE,
}

// timestamp is t on the wire; nil stays nil.
func timestamp(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

// timeOf is the time of a wire timestamp; nil stays nil. An invalid one
// (out of range, bad nanos) is invalid_argument naming field.
func timeOf(field string, ts *timestamppb.Timestamp) (*time.Time, error) {
	if ts == nil {
		return nil, nil
	}
	if err := ts.CheckValid(); err != nil {
		return nil, invalid(field, "is not a valid time: %v", err)
	}
	t := ts.AsTime()
	return &t, nil
}

// componentMessage needs c.Service (with Category) and c.Region.
func componentMessage(c *model.Component, health model.Health, cause *model.Event) *statusdashv1.Component {
	out := &statusdashv1.Component{Id: uint32(c.ID), ServiceId: uint32(c.ServiceID), RegionId: uint32(c.RegionID), Status: componentStatuses[health]}
	if c.Service != nil {
		out.Name, out.Type = c.Service.Name, c.Service.Slug
		if c.Service.Category != nil {
			out.Category = c.Service.Category.Name
		}
	}
	if c.Region != nil {
		out.Region = c.Region.Name
	}
	if cause != nil {
		out.CauseEventId = uint32(cause.ID)
	}
	return out
}

// eventMessage is an event with its components (ids) and updates.
func eventMessage(e *model.Event) *statusdashv1.Event {
	out := &statusdashv1.Event{
		Id: uint32(e.ID), Type: eventTypes[e.Type], Title: e.Title, Description: e.Description,
		Impact: impactOf(e.Impact), Status: e.Status, StartTime: timestamppb.New(e.StartAt), EndTime: timestamp(e.EndAt),
		System: e.System, ComponentIds: make([]uint32, 0, len(e.Components)), Updates: make([]*statusdashv1.EventUpdate, 0, len(e.Updates)),
	}
	for _, c := range e.Components {
		out.ComponentIds = append(out.ComponentIds, uint32(c.ID))
	}
	for i, u := range e.Updates {
		out.Updates = append(out.Updates, &statusdashv1.EventUpdate{Index: uint32(i), Status: u.Status, Text: u.Text, Time: timestamppb.New(u.At)})
	}
	return out
}

// ids turns wire ids into stored ones.
func ids(in []uint32) []uint {
	out := make([]uint, 0, len(in))
	for _, id := range in {
		out = append(out, uint(id))
	}
	return out
}
