-- +goose Up
-- Provisioning recognises an event by its type and title (and start,
-- unless the event is floating): it looks up the twins of a whole batch of
-- catalog events at once by these two columns. Without the index each
-- batch would scan every event, and a catalog carrying a large history
-- would provision in time growing with the square of its events.
CREATE INDEX events_type_title_idx ON events (type, title);

-- +goose Down
DROP INDEX events_type_title_idx;
