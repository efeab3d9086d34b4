-- +goose Up
-- Availability roll-ups (store/availability_rollup.go): the figures of
-- package availability, stored per component and UTC day so that the pages
-- sum them instead of reading every event. A day is kept only when
-- something other than "up" happened in it; the times are nanoseconds, as
-- the figures count them. Days are Unix days (days since 1970-01-01 UTC) and
-- months year * 12 + month - 1: the same integers in both dialects. Every
-- event write refreshes the days it touches in its own transaction; the
-- store fills the tables from the existing events after this migration.
CREATE TABLE component_days (
    component_id   BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    day            INTEGER NOT NULL,
    month          INTEGER NOT NULL,
    maintenance_ns BIGINT NOT NULL,
    degraded_ns    BIGINT NOT NULL,
    partial_ns     BIGINT NOT NULL,
    outage_ns      BIGINT NOT NULL,
    PRIMARY KEY (component_id, day)
);
CREATE INDEX component_days_day_idx ON component_days (day);

-- The sums of component_days per calendar month, for the availability report,
-- which reads a range of months: they lead the key.
CREATE TABLE component_months (
    component_id   BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    month          INTEGER NOT NULL,
    maintenance_ns BIGINT NOT NULL,
    degraded_ns    BIGINT NOT NULL,
    partial_ns     BIGINT NOT NULL,
    outage_ns      BIGINT NOT NULL,
    PRIMARY KEY (month, component_id)
);

-- When a component's history begins before its creation (bootstrap imports
-- history), the first moment it held an event; no row: its creation.
CREATE TABLE component_since (
    component_id BIGINT PRIMARY KEY REFERENCES components (id) ON DELETE CASCADE,
    since        TIMESTAMPTZ NOT NULL
);

-- A write refreshes the components an event ever held, those that left it too.
CREATE INDEX event_changes_component_id_idx ON event_changes (component_id) WHERE component_id IS NOT NULL;

-- +goose Down
DROP INDEX event_changes_component_id_idx;
DROP TABLE component_since;
DROP TABLE component_months;
DROP TABLE component_days;
