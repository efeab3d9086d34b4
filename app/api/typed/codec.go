package typed

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// strictJSON is connect-go's JSON codec made strict: an unknown field or
// enum name is invalid_argument naming it, instead of being dropped
// silently (a typo in a hand-written curl body would otherwise go unseen).
// An empty body is the empty message, as {} is.
type strictJSON struct{ name string }

// jsonCodecs replace both names connect-go registers its JSON codec under.
var jsonCodecs = []strictJSON{{"json"}, {"json; charset=utf-8"}}

func (c strictJSON) Name() string { return c.name }

func (c strictJSON) Marshal(message any) ([]byte, error) {
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("typed: %T is not a protobuf message", message)
	}
	return protojson.MarshalOptions{}.Marshal(m)
}

func (c strictJSON) Unmarshal(data []byte, message any) error {
	m, ok := message.(proto.Message)
	if !ok {
		return fmt.Errorf("typed: %T is not a protobuf message", message)
	}
	if len(data) == 0 {
		proto.Reset(m)
		return nil
	}
	return protojson.UnmarshalOptions{}.Unmarshal(data, m)
}
