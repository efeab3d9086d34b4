-- +goose Up
-- Monitoring checks (store/check_write.go): one definition per row, its
-- common fields in columns and the settings of its kind as JSON text (the
-- Field names of package probe). A heartbeat check keeps the SHA-256 hash
-- of its secret token only; other kinds have none.
CREATE TABLE checks (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    component_id         INTEGER NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL,
    target               TEXT NOT NULL DEFAULT '',
    interval_seconds     INTEGER NOT NULL,
    timeout_ms           INTEGER NOT NULL DEFAULT 0,
    max_latency_ms       INTEGER NOT NULL DEFAULT 0,
    locations            TEXT NOT NULL DEFAULT '[]',
    quorum               INTEGER NOT NULL DEFAULT 0,
    settings             TEXT NOT NULL DEFAULT '{}',
    paused               BOOLEAN NOT NULL DEFAULT 0,
    heartbeat_token_hash TEXT,
    created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX checks_component_id_idx ON checks (component_id);
CREATE UNIQUE INDEX checks_heartbeat_token_hash_idx ON checks (heartbeat_token_hash) WHERE heartbeat_token_hash IS NOT NULL;

-- One row per run and location, written in batches; read newest first per
-- check, in the index's order (id breaks ties between locations), with no sort.
CREATE TABLE check_results (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    check_id   INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    location   TEXT NOT NULL,
    started_at DATETIME NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('up', 'degraded', 'down')),
    latency_us INTEGER NOT NULL DEFAULT 0,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX check_results_check_started_idx ON check_results (check_id, started_at DESC, id DESC);

-- +goose Down
DROP TABLE check_results;
DROP TABLE checks;
