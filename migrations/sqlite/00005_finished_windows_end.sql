-- +goose Up
-- A maintenance window or info notice completed or cancelled ends at the
-- update that ended it (API.md). One called off before it began kept its
-- planned window until now; it now starts and ends at that update, as the
-- writes do from now on (incident.ApplyUpdate).
UPDATE events
SET end_at = (SELECT MAX(u.at) FROM event_updates u WHERE u.event_id = events.id AND u.status = events.status)
WHERE type <> 'incident' AND status IN ('completed', 'cancelled')
  AND EXISTS (SELECT 1 FROM event_updates u WHERE u.event_id = events.id AND u.status = events.status
              AND (events.end_at IS NULL OR u.at < events.end_at));
UPDATE events SET start_at = end_at
WHERE type <> 'incident' AND status IN ('completed', 'cancelled') AND end_at < start_at;

-- +goose Down
-- The planned windows are kept in the audit log; nothing is put back.
SELECT 1;
