-- +goose Up
-- Roll-ups of check results (store/check_rollup.go), per check across its
-- locations: an hour (Unix hour number: hours since 1970-01-01 00:00 UTC)
-- or a UTC day (Unix day number, as component_days). runs counts every
-- result, failures the down ones, degraded the degraded ones; the latency
-- figures and the histogram count the results that were not down (a down
-- result's latency is the time to fail, not an answer's). The histogram's
-- columns count latencies above the previous bound and at most their own
-- (package latency), so hours, days, checks and components add up column
-- by column. Re-running a roll-up replaces its row (the primary key).
-- WITHOUT ROWID: the primary key is the table, no second copy of it.
CREATE TABLE check_rollups_hourly (
    check_id       INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    hour           INTEGER NOT NULL,
    runs           INTEGER NOT NULL,
    failures       INTEGER NOT NULL,
    degraded       INTEGER NOT NULL,
    latency_sum_us INTEGER NOT NULL,
    latency_min_us INTEGER NOT NULL,
    latency_max_us INTEGER NOT NULL,
    le_1ms INTEGER NOT NULL DEFAULT 0, le_2ms INTEGER NOT NULL DEFAULT 0, le_5ms INTEGER NOT NULL DEFAULT 0, le_10ms INTEGER NOT NULL DEFAULT 0,
    le_20ms INTEGER NOT NULL DEFAULT 0, le_35ms INTEGER NOT NULL DEFAULT 0, le_50ms INTEGER NOT NULL DEFAULT 0, le_75ms INTEGER NOT NULL DEFAULT 0,
    le_100ms INTEGER NOT NULL DEFAULT 0, le_150ms INTEGER NOT NULL DEFAULT 0, le_250ms INTEGER NOT NULL DEFAULT 0, le_500ms INTEGER NOT NULL DEFAULT 0,
    le_1000ms INTEGER NOT NULL DEFAULT 0, le_2500ms INTEGER NOT NULL DEFAULT 0, le_10000ms INTEGER NOT NULL DEFAULT 0, le_inf INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, hour)
) WITHOUT ROWID;

-- Days are summed from the hours (store/check_rollup.go).
CREATE TABLE check_rollups_daily (
    check_id       INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    day            INTEGER NOT NULL,
    runs           INTEGER NOT NULL,
    failures       INTEGER NOT NULL,
    degraded       INTEGER NOT NULL,
    latency_sum_us INTEGER NOT NULL,
    latency_min_us INTEGER NOT NULL,
    latency_max_us INTEGER NOT NULL,
    le_1ms INTEGER NOT NULL DEFAULT 0, le_2ms INTEGER NOT NULL DEFAULT 0, le_5ms INTEGER NOT NULL DEFAULT 0, le_10ms INTEGER NOT NULL DEFAULT 0,
    le_20ms INTEGER NOT NULL DEFAULT 0, le_35ms INTEGER NOT NULL DEFAULT 0, le_50ms INTEGER NOT NULL DEFAULT 0, le_75ms INTEGER NOT NULL DEFAULT 0,
    le_100ms INTEGER NOT NULL DEFAULT 0, le_150ms INTEGER NOT NULL DEFAULT 0, le_250ms INTEGER NOT NULL DEFAULT 0, le_500ms INTEGER NOT NULL DEFAULT 0,
    le_1000ms INTEGER NOT NULL DEFAULT 0, le_2500ms INTEGER NOT NULL DEFAULT 0, le_10000ms INTEGER NOT NULL DEFAULT 0, le_inf INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (check_id, day)
) WITHOUT ROWID;

-- Background work any process may take (store/job_lease.go): the process
-- whose owner holds an unexpired lease does it, a row appearing with the
-- job's first claim; progress is the job's own cursor (for
-- check_retention, the first hour not rolled up yet; 0 before its first run).
CREATE TABLE job_leases (
    name        TEXT PRIMARY KEY,
    owner       TEXT NOT NULL DEFAULT '',
    lease_until DATETIME,
    progress    INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE check_rollups_daily;
DROP TABLE check_rollups_hourly;
