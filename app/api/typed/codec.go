package typed

import (
	"fmt"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// strictJSON is connect-go's JSON codec made strict: an unknown field or
// enum name is invalid_argument naming it, instead of being dropped
// silently (a typo in a hand-written curl body would otherwise go unseen).
// An empty body is the empty message, as {} is.
type strictJSON struct {
	name   string
	frozen *frozen
}

// binary is connect-go's protobuf codec, reusing kept encodings.
type binary struct{ frozen *frozen }

// codecs replace connect-go's: the protobuf codec and both names it
// registers its JSON codec under.
func codecs(f *frozen) []connect.Codec {
	return []connect.Codec{binary{f}, strictJSON{"json", f}, strictJSON{"json; charset=utf-8", f}}
}

func (c strictJSON) Name() string { return c.name }

func (c strictJSON) Marshal(message any) ([]byte, error) {
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("typed: %T is not a protobuf message", message)
	}
	return c.frozen.marshal(c.name, m, protojson.MarshalOptions{}.Marshal)
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

func (binary) Name() string { return "proto" }

func (c binary) Marshal(message any) ([]byte, error) {
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("typed: %T is not a protobuf message", message)
	}
	return c.frozen.marshal("proto", m, proto.Marshal)
}

func (binary) Unmarshal(data []byte, message any) error {
	m, ok := message.(proto.Message)
	if !ok {
		return fmt.Errorf("typed: %T is not a protobuf message", message)
	}
	return proto.Unmarshal(data, m)
}
