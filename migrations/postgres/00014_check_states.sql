-- +goose Up
-- Where monitoring stands with each check (store/check_state.go), one row
-- per check, locked (FOR UPDATE) while a round is counted so that two
-- workers never count one round twice. changes holds the times of the
-- latest state changes (a JSON array, a small ring) that tell flapping.
CREATE TABLE check_states (
    check_id        BIGINT PRIMARY KEY REFERENCES checks (id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'up' CHECK (status IN ('up', 'degraded', 'down')),
    failures        INTEGER NOT NULL DEFAULT 0,
    successes       INTEGER NOT NULL DEFAULT 0,
    last_verdict    TEXT NOT NULL DEFAULT '',
    streak_since    TIMESTAMPTZ,
    last_slot_at    TIMESTAMPTZ,
    last_result_at  TIMESTAMPTZ,
    incident_id     BIGINT REFERENCES events (id) ON DELETE SET NULL,
    reported_impact INTEGER NOT NULL DEFAULT 0,
    flapping        BOOLEAN NOT NULL DEFAULT false,
    changes         TEXT NOT NULL DEFAULT '[]',
    updated_at      TIMESTAMPTZ NOT NULL
);

-- The ping monitor's downtimes: detected down, and detected up again (NULL
-- while down); at most one open per check.
CREATE TABLE check_downtimes (
    id               BIGSERIAL PRIMARY KEY,
    check_id         BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    description      TEXT NOT NULL DEFAULT '',
    down_detected_at TIMESTAMPTZ NOT NULL,
    up_detected_at   TIMESTAMPTZ
);
CREATE INDEX check_downtimes_check_idx ON check_downtimes (check_id, down_detected_at DESC, id DESC);
CREATE UNIQUE INDEX check_downtimes_open_idx ON check_downtimes (check_id) WHERE up_detected_at IS NULL;

-- +goose Down
DROP TABLE check_downtimes;
DROP TABLE check_states;
