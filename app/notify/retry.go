package notify

import (
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// maxRetryDelay caps the doubling backoff.
const maxRetryDelay = 6 * time.Hour

// doublingRetry waits base after the first failed attempt and twice as
// long after each further one, up to maxRetryDelay.
type doublingRetry struct{ base time.Duration }

// NextRetry is when the job runs again after its latest failed attempt.
func (p doublingRetry) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(retryDelay(p.base, job.Attempt))
}

// retryDelay is the wait after the attempt-th failed attempt (from 1).
func retryDelay(base time.Duration, attempt int) time.Duration {
	delay := base
	for i := 1; i < attempt && delay < maxRetryDelay; i++ {
		delay *= 2
	}
	return min(delay, maxRetryDelay)
}

func retryPolicy(base time.Duration) river.ClientRetryPolicy {
	if base <= 0 {
		return &river.DefaultClientRetryPolicy{}
	}
	return doublingRetry{base: base}
}
