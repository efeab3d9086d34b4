-- +goose Up
-- Which UTC days the availability roll-ups (00007) hold: exactly the days
-- before finalized_day (a Unix day). Later days, normally just today, are
-- counted by the readers from the events, so a write that changes only
-- today writes no roll-up; the finalizer (store/availability_finalize.go)
-- rolls up the days that end and moves finalized_day. One row.
-- Here nothing is finalized and the roll-ups go: the store rebuilds them
-- after migrating while finalized_day is 0 (store/migrate.go).
CREATE TABLE rollup_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    finalized_day INTEGER NOT NULL
);
INSERT INTO rollup_state (id, finalized_day) VALUES (1, 0);
-- Counts the changes of component_months, each in the transaction that
-- makes it: a server keeps the months it read while the count stands
-- (store/availability_months_cache.go). A row of its own: the writes that
-- bump it hold rollup_state shared, and two of them would deadlock
-- upgrading that lock.
CREATE TABLE rollup_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO rollup_generation (id, generation) VALUES (1, 0);
DELETE FROM component_months;
DELETE FROM component_days;

-- +goose Down
-- The roll-ups of 00007 alone held every day a write touched: rebuild them
-- (store.RebuildAvailability) after going back.
DROP TABLE rollup_generation;
DROP TABLE rollup_state;
