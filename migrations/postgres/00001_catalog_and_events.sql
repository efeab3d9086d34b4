-- +goose Up
CREATE TABLE categories (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE regions (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE services (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX services_category_id_idx ON services (category_id);

CREATE TABLE components (
    id         BIGSERIAL PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id),
    region_id  BIGINT NOT NULL REFERENCES regions (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (service_id, region_id)
);
CREATE INDEX components_region_id_idx ON components (region_id);

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type IN ('incident', 'maintenance', 'info')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    impact      INTEGER NOT NULL CHECK (impact BETWEEN 0 AND 3),
    status      TEXT NOT NULL,
    start_at    TIMESTAMPTZ NOT NULL,
    end_at      TIMESTAMPTZ,
    system      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_start_at_idx ON events (start_at DESC);
CREATE INDEX events_open_idx ON events (type) WHERE end_at IS NULL;
CREATE INDEX events_end_at_idx ON events (end_at);

CREATE TABLE event_components (
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, component_id)
);
CREATE INDEX event_components_component_id_idx ON event_components (component_id);

CREATE TABLE event_updates (
    id         BIGSERIAL PRIMARY KEY,
    event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    at         TIMESTAMPTZ NOT NULL,
    author     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX event_updates_event_id_idx ON event_updates (event_id, at);

CREATE TABLE audit_entries (
    id          BIGSERIAL PRIMARY KEY,
    actor       TEXT NOT NULL,
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_email TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_entries_at_idx ON audit_entries (at DESC);

-- One row: the data version every write bumps, read by every process to
-- decide whether its cached pages are still current.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

-- +goose Down
DROP TABLE data_version;
DROP TABLE audit_entries;
DROP TABLE event_updates;
DROP TABLE event_components;
DROP TABLE events;
DROP TABLE components;
DROP TABLE services;
DROP TABLE regions;
DROP TABLE categories;
