-- +goose Up
-- The stackmon v2 event list (store.APIEvents) pages newest start first,
-- ties by id: ORDER BY start_at DESC, id DESC LIMIT n OFFSET m. With an
-- index in that exact order a page's ids are read by walking the index (no
-- sort of every matching event; unfiltered, no table row read for the rows
-- skipped), so a deep page costs about what the first does.
-- events_start_at_idx (start_at DESC) is a prefix of it and goes.
-- No index by type: SQLite, without statistics, then chose it for the
-- availability's per-component "any event before" probe and read every
-- event once per component; the type filter walks this index instead.
CREATE INDEX events_start_at_id_idx ON events (start_at DESC, id DESC);
DROP INDEX events_start_at_idx;

-- +goose Down
CREATE INDEX events_start_at_idx ON events (start_at DESC);
DROP INDEX events_start_at_id_idx;
