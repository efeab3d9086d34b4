// Package notify delivers the notifications event writes cause, durably,
// through River job queues in the application's own database: the event
// write inserts a notify_event job in its own transaction (store's
// AfterEventWrite hook), the job fans out into one deliver job per
// recipient, and each deliver job hands one message to a Sender, with
// retries and exponential backoff, until it is sent or kept as failed.
package notify
