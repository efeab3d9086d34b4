-- +goose Up
-- The few events a monitoring report must look at: open incidents, and
-- maintenance neither completed nor cancelled. Every past event stays in
-- events, so without this index a report would scan them all (the open and
-- the finished cannot be told apart by end_at alone for maintenance).
-- The report queries repeat this condition word for word
-- (store.unfinishedEventsSQL), which is what lets them use the index.
CREATE INDEX events_unfinished_idx ON events (id)
    WHERE (type = 'incident' AND end_at IS NULL) OR (type = 'maintenance' AND status NOT IN ('completed', 'cancelled'));

-- +goose Down
DROP INDEX events_unfinished_idx;
