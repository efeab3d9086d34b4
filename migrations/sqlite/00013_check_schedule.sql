-- +goose Up
-- The schedule of the checks (store/check_schedule*.go): one slot row per
-- check and location that must run it ('' when the check lists none, for
-- any worker). Times are Unix milliseconds, so that a claim computes the
-- next slot in the same statement on both dialects. A claim moves due_at_ms
-- to the next slot and sets the lease in one statement: each slot is
-- claimed once, and a dead worker's lease expires by itself.
CREATE TABLE check_slots (
    check_id       INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    location       TEXT NOT NULL,
    interval_ms    INTEGER NOT NULL,
    timeout_ms     INTEGER NOT NULL,
    paused         BOOLEAN NOT NULL DEFAULT 0,
    due_at_ms      INTEGER NOT NULL,
    skipped        INTEGER NOT NULL DEFAULT 0,
    lease_owner    TEXT NOT NULL DEFAULT '',
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, location)
);
CREATE INDEX check_slots_due_idx ON check_slots (due_at_ms) WHERE NOT paused;

-- The time of a heartbeat check's last ping (POST /api/v3/heartbeats/{token}).
ALTER TABLE checks ADD COLUMN last_beat_at DATETIME;

-- +goose Down
ALTER TABLE checks DROP COLUMN last_beat_at;
DROP TABLE check_slots;
