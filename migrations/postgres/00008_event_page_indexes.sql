-- +goose Up
-- The stackmon v2 event list (store.APIEvents) pages newest start first,
-- ties by id: ORDER BY start_at DESC, id DESC LIMIT n OFFSET m. With these
-- indexes in that exact order a page's ids are read by walking the index
-- alone (no sort of every matching event, no table row read for the rows
-- skipped), so a deep page costs about what the first does; the type
-- filter, the one stackmon clients use most, gets its own.
-- events_start_at_idx (start_at DESC) is a prefix of the first and goes.
CREATE INDEX events_start_at_id_idx ON events (start_at DESC, id DESC);
CREATE INDEX events_type_start_at_id_idx ON events (type, start_at DESC, id DESC);
DROP INDEX events_start_at_idx;

-- +goose Down
CREATE INDEX events_start_at_idx ON events (start_at DESC);
DROP INDEX events_type_start_at_id_idx;
DROP INDEX events_start_at_id_idx;
