package typed

import (
	"bytes"
	"sync"

	"google.golang.org/protobuf/proto"
)

// frozen keeps the encodings of the answers read caches (answers.go): an
// answer kept for a data version is encoded once per codec, not once per
// request. Only messages that are never changed again are registered, and
// forgotten when their answer is replaced.
type frozen struct {
	byMessage sync.Map // proto.Message -> *encodings
}

// encodings are one message's encodings by codec name.
type encodings struct {
	mu     sync.Mutex
	byName map[string][]byte
}

// freezer is an answer holding messages whose encodings may be kept.
type freezer interface {
	frozenMessages() []proto.Message
}

// add registers the answer's messages; remove forgets them.
func (f *frozen) add(answer any) {
	if answer, ok := answer.(freezer); ok {
		for _, m := range answer.frozenMessages() {
			f.byMessage.Store(m, &encodings{byName: map[string][]byte{}})
		}
	}
}

func (f *frozen) remove(answer any) {
	if answer, ok := answer.(freezer); ok {
		for _, m := range answer.frozenMessages() {
			f.byMessage.Delete(m)
		}
	}
}

// marshal encodes m with encode, or copies its kept encoding under name.
// The copy matters: connect-go hands the bytes it gets to its buffer pool.
func (f *frozen) marshal(name string, m proto.Message, encode func(proto.Message) ([]byte, error)) ([]byte, error) {
	if f == nil {
		return encode(m)
	}
	value, ok := f.byMessage.Load(m)
	if !ok {
		return encode(m)
	}
	kept := value.(*encodings)
	kept.mu.Lock()
	defer kept.mu.Unlock()
	if data, ok := kept.byName[name]; ok {
		return bytes.Clone(data), nil
	}
	data, err := encode(m)
	if err != nil {
		return nil, err
	}
	kept.byName[name] = bytes.Clone(data)
	return data, nil
}
