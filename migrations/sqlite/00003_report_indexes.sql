-- +goose Up
-- Indexes for monitoring reports, which come often and in bursts.

-- The few events a report must look at: open incidents, and maintenance
-- neither completed nor cancelled. Every past event stays in events, so
-- without this index a report would scan them all (the open and the
-- finished cannot be told apart by end_at alone for maintenance). The
-- report queries repeat this condition word for word
-- (store.unfinishedEventsSQL), which is what lets them use the index.
CREATE INDEX events_unfinished_idx ON events (id)
    WHERE (type = 'incident' AND end_at IS NULL) OR (type = 'maintenance' AND status NOT IN ('completed', 'cancelled'));

-- stackmon v1 names a component by its service's name.
CREATE INDEX services_name_idx ON services (name);

-- +goose Down
DROP INDEX services_name_idx;
DROP INDEX events_unfinished_idx;
