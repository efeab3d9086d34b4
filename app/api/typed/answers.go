package typed

import (
	"context"
	"sync"
	"time"
)

// clockBucket is how long a read whose answer depends on the clock alone
// (a maintenance window starting) is kept at one data version, as the JSON
// API's v2 answers.
const clockBucket = 30 * time.Second

// answers keeps the newest built answer of each public read with the data
// version (and clock bucket) it was built at, so repeated reads cost one
// version lookup, as the JSON API's cached answers do. Answers are never
// changed once stored.
type answers struct {
	mu   sync.Mutex
	byID map[string]answer
}

type answer struct {
	version int64
	bucket  time.Time
	value   any
}

func newAnswers() *answers { return &answers{byID: map[string]answer{}} }

// read returns key's answer built at the current data version and clock
// bucket, building it on a miss. Without a data version it builds every time.
func read[T any](ctx context.Context, a *API, key string, build func(ctx context.Context, now time.Time) (T, error)) (T, error) {
	now := a.now()
	bucket := now.Truncate(clockBucket)
	version, err := a.versions.DataVersion(ctx)
	if err != nil {
		return build(ctx, now)
	}
	a.reads.mu.Lock()
	kept, ok := a.reads.byID[key]
	a.reads.mu.Unlock()
	if ok && kept.version == version && kept.bucket.Equal(bucket) {
		return kept.value.(T), nil
	}
	value, err := build(ctx, now)
	if err != nil {
		return value, err
	}
	a.reads.mu.Lock()
	if current, ok := a.reads.byID[key]; !ok || current.version <= version {
		if ok {
			a.frozen.remove(current.value)
		}
		a.frozen.add(value)
		a.reads.byID[key] = answer{version: version, bucket: bucket, value: value}
	}
	a.reads.mu.Unlock()
	return value, nil
}
