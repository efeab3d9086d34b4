package typed

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/checkwrite"
	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// A CheckInput becomes the JSON object /api/v3/checks reads, so both APIs
// share checkwrite's parsing and the store's validation. Its fields carry
// the JSON API's names, but for the durations, which the JSON API counts
// in the unit its name ends with.

// checkDuration is a duration field of CheckInput and its JSON API field.
type checkDuration struct {
	name, jsonName string
	unit           time.Duration
	value          func(*statusdashv1.CheckInput) *durationpb.Duration
}

var checkDurations = []checkDuration{
	{"interval", probe.FieldInterval, time.Second, (*statusdashv1.CheckInput).GetInterval},
	{"timeout", probe.FieldTimeout, time.Second, (*statusdashv1.CheckInput).GetTimeout},
	{"max_latency", probe.FieldMaxLatency, time.Millisecond, (*statusdashv1.CheckInput).GetMaxLatency},
	{"grace", probe.FieldGrace, time.Second, (*statusdashv1.CheckInput).GetGrace},
}

// checkJSONName is the JSON API's name of a CheckInput field.
func checkJSONName(field string) string {
	for _, d := range checkDurations {
		if d.name == field {
			return d.jsonName
		}
	}
	return field
}

// checkFieldName is the CheckInput name of a JSON API field.
func checkFieldName(jsonName string) string {
	for _, d := range checkDurations {
		if d.jsonName == jsonName {
			return d.name
		}
	}
	return jsonName
}

// checkObject is the JSON object of the fields set in the input, by their
// JSON API names.
func checkObject(in *statusdashv1.CheckInput) (map[string]json.RawMessage, error) {
	for _, d := range checkDurations {
		if value := d.value(in); value != nil && value.CheckValid() != nil {
			return nil, invalid(d.name, "is not a valid duration")
		}
	}
	raw, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("typed: encode check input: %w", err)
	}
	var object map[string]json.RawMessage
	if err := json.Unmarshal(raw, &object); err != nil {
		return nil, fmt.Errorf("typed: decode check input: %w", err)
	}
	for _, d := range checkDurations {
		if _, ok := object[d.name]; !ok {
			continue
		}
		delete(object, d.name)
		object[d.jsonName] = json.RawMessage(strconv.FormatFloat(inUnits(d.value(in), d.unit), 'f', -1, 64))
	}
	return object, nil
}

// inUnits counts d in unit; a fraction is left for the JSON API's rules to refuse.
func inUnits(d *durationpb.Duration, unit time.Duration) float64 {
	return float64(d.GetSeconds())*float64(time.Second/unit) + float64(d.GetNanos())/float64(unit)
}

// newCheck reads a CheckInput as POST /api/v3/checks reads its body.
func newCheck(in *statusdashv1.CheckInput) (store.NewCheck, error) {
	object, err := checkObject(in)
	if err != nil {
		return store.NewCheck{}, err
	}
	raw, err := json.Marshal(object)
	if err != nil {
		return store.NewCheck{}, fmt.Errorf("typed: encode check input: %w", err)
	}
	check, err := checkwrite.ParseNew(raw)
	return check, checkInputError(err)
}

// checkPatch reads the fields the mask names (those set in the input
// without one) as PATCH /api/v3/checks/{id} reads its body: a named field
// left empty is null, back to its default.
func checkPatch(in *statusdashv1.CheckInput, mask *fieldmaskpb.FieldMask) (store.CheckPatch, error) {
	object, err := checkObject(in)
	if err != nil {
		return store.CheckPatch{}, err
	}
	paths := mask.GetPaths()
	if len(paths) == 0 {
		in.ProtoReflect().Range(func(field protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
			paths = append(paths, string(field.Name()))
			return true
		})
	}
	fields := in.ProtoReflect().Descriptor().Fields()
	changes := map[string]json.RawMessage{}
	for _, path := range paths {
		if fields.ByName(protoreflect.Name(path)) == nil {
			return store.CheckPatch{}, invalid("update_mask", "%q is not a field of CheckInput", path)
		}
		name := checkJSONName(path)
		value, ok := object[name]
		switch {
		case ok:
		case name == store.FieldComponentID:
			value = json.RawMessage("0")
		case name == store.FieldPaused:
			value = json.RawMessage("false")
		default:
			value = json.RawMessage("null")
		}
		changes[name] = value
	}
	patch, err := checkwrite.ParsePatch(changes)
	return patch, checkInputError(err)
}

// checkInputError is a check write's bad input as invalid_argument, naming
// the CheckInput fields; other errors stay as they are.
func checkInputError(err error) error {
	if v, ok := store.AsValidation(err); ok {
		fields := make(incident.FieldErrors, len(v.Fields))
		for field, message := range v.Fields {
			fields[checkFieldName(field)] = message
		}
		return connect.NewError(connect.CodeInvalidArgument, errors.New(fields.Error()))
	}
	var malformed *checkwrite.MalformedError
	if errors.As(err, &malformed) {
		return connect.NewError(connect.CodeInvalidArgument, errors.New("check: "+malformed.Error()))
	}
	return err
}
