-- +goose Up
-- What an event's own row cannot tell about its past, for availability
-- (package availability): when an incident's impact changed (impact, from
-- previous_impact), when a component joined or left an event after it
-- opened (joined, left), and when a reopened incident had been closed
-- (reopened, closed_at). The store writes these rows with the audit rows,
-- from the same before and after snapshots (store/event_changes.go).
CREATE TABLE event_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    at              DATETIME NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('impact', 'joined', 'left', 'reopened')),
    component_id    INTEGER REFERENCES components (id) ON DELETE CASCADE,
    impact          INTEGER,
    previous_impact INTEGER,
    closed_at       DATETIME
);
CREATE INDEX event_changes_event_id_idx ON event_changes (event_id);

-- The rows of the incidents written so far, from the audit log, which holds
-- every event write's snapshots before and after (empty before: created).
CREATE TEMPORARY TABLE audited_incidents AS
SELECT a.id, a.actor, a.at, e.id AS event_id, NULLIF(a.before, '') AS before, a.after AS after
FROM audit_entries a
JOIN events e ON a.object = 'event:' || e.id
WHERE a.action LIKE 'event.%' AND e.type = 'incident' AND a.after <> '';

INSERT INTO event_changes (event_id, at, kind, impact, previous_impact)
SELECT event_id, at, 'impact', json_extract(after, '$.impact'), json_extract(before, '$.impact')
FROM audited_incidents
WHERE before IS NOT NULL AND json_extract(after, '$.impact') <> json_extract(before, '$.impact');

-- Times in JSON are RFC 3339; the column holds them as the driver writes them.
INSERT INTO event_changes (event_id, at, kind, closed_at)
SELECT event_id, at, 'reopened', strftime('%Y-%m-%d %H:%M:%f+00:00', json_extract(before, '$.end_at'))
FROM audited_incidents
WHERE json_extract(before, '$.end_at') IS NOT NULL AND json_extract(after, '$.end_at') IS NULL;

INSERT INTO event_changes (event_id, at, kind, component_id)
SELECT w.event_id, w.at, 'left', c.id
FROM audited_incidents w, json_each(w.before, '$.components') AS was
JOIN components c ON c.id = was.value
WHERE NOT EXISTS (SELECT 1 FROM json_each(w.after, '$.components') AS kept WHERE kept.value = c.id);

-- A component joins an existing incident when it comes; a new incident
-- holds its components from its start, unless they were extracted into it
-- (they left, in the same write, an incident with the same start): they
-- join it then.
INSERT INTO event_changes (event_id, at, kind, component_id)
SELECT w.event_id, w.at, 'joined', c.id
FROM audited_incidents w, json_each(w.after, '$.components') AS held
JOIN components c ON c.id = held.value
WHERE CASE WHEN w.before IS NOT NULL
           THEN NOT EXISTS (SELECT 1 FROM json_each(w.before, '$.components') AS was WHERE was.value = c.id)
      ELSE EXISTS (SELECT 1 FROM audited_incidents other
                   WHERE other.at = w.at AND other.actor = w.actor AND other.id <> w.id AND other.before IS NOT NULL
                     AND julianday(json_extract(other.before, '$.start_at')) = julianday(json_extract(w.after, '$.start_at'))
                     AND EXISTS (SELECT 1 FROM json_each(other.before, '$.components') AS was WHERE was.value = c.id)
                     AND NOT EXISTS (SELECT 1 FROM json_each(other.after, '$.components') AS kept WHERE kept.value = c.id)) END;

DROP TABLE audited_incidents;

-- +goose Down
DROP TABLE event_changes;
