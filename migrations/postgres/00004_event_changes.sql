-- +goose Up
-- What an event's own row cannot tell about its past, for availability
-- (package availability): when an incident's impact changed (impact, from
-- previous_impact), when a component joined or left an event after it
-- opened (joined, left), and when a reopened incident had been closed
-- (reopened, closed_at). The store writes these rows with the audit rows,
-- from the same before and after snapshots (store/event_changes.go).
CREATE TABLE event_changes (
    id              BIGSERIAL PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    at              TIMESTAMPTZ NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('impact', 'joined', 'left', 'reopened')),
    component_id    BIGINT REFERENCES components (id) ON DELETE CASCADE,
    impact          INTEGER,
    previous_impact INTEGER,
    closed_at       TIMESTAMPTZ
);
CREATE INDEX event_changes_event_id_idx ON event_changes (event_id);

-- The rows of the incidents written so far, from the audit log, which holds
-- every event write's snapshots before and after (empty before: created).
CREATE TEMPORARY TABLE audited_incidents ON COMMIT DROP AS
SELECT a.id, a.actor, a.at, e.id AS event_id,
       NULLIF(a.before, '')::jsonb AS before, NULLIF(a.after, '')::jsonb AS after
FROM audit_entries a
JOIN events e ON a.object = 'event:' || e.id
WHERE a.action LIKE 'event.%' AND e.type = 'incident' AND a.after <> '';

INSERT INTO event_changes (event_id, at, kind, impact, previous_impact)
SELECT event_id, at, 'impact', (after ->> 'impact')::int, (before ->> 'impact')::int
FROM audited_incidents
WHERE before IS NOT NULL AND (after ->> 'impact') <> (before ->> 'impact');

INSERT INTO event_changes (event_id, at, kind, closed_at)
SELECT event_id, at, 'reopened', (before ->> 'end_at')::timestamptz
FROM audited_incidents
WHERE (before ->> 'end_at') IS NOT NULL AND (after ->> 'end_at') IS NULL;

INSERT INTO event_changes (event_id, at, kind, component_id)
SELECT w.event_id, w.at, 'left', c.id
FROM audited_incidents w
CROSS JOIN LATERAL jsonb_array_elements_text(w.before -> 'components') AS was(component_id)
JOIN components c ON c.id = was.component_id::bigint
WHERE w.before IS NOT NULL AND NOT (w.after -> 'components') @> to_jsonb(c.id);

-- A component joins an existing incident when it comes; a new incident
-- holds its components from its start, unless they were extracted into it
-- (they left, in the same write, an incident with the same start): they
-- join it then.
INSERT INTO event_changes (event_id, at, kind, component_id)
SELECT w.event_id, w.at, 'joined', c.id
FROM audited_incidents w
CROSS JOIN LATERAL jsonb_array_elements_text(w.after -> 'components') AS held(component_id)
JOIN components c ON c.id = held.component_id::bigint
WHERE CASE WHEN w.before IS NOT NULL THEN NOT (w.before -> 'components') @> to_jsonb(c.id)
      ELSE EXISTS (SELECT 1 FROM audited_incidents other
                   WHERE other.at = w.at AND other.actor = w.actor AND other.id <> w.id AND other.before IS NOT NULL
                     AND (other.before ->> 'start_at')::timestamptz = (w.after ->> 'start_at')::timestamptz
                     AND (other.before -> 'components') @> to_jsonb(c.id)
                     AND NOT (other.after -> 'components') @> to_jsonb(c.id)) END;

-- +goose Down
DROP TABLE event_changes;
