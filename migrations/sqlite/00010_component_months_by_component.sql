-- +goose Up
-- One region's availability table (store.ReadRegionAvailability) reads the
-- months of a region's components: by component, 12 rows each, from an
-- index that holds the whole row. Led by month (the table's key) every read
-- went through every component's months: PostgreSQL looked each region
-- component up in the whole month range (18,926 buffers, 82 ms at 1,000
-- components), SQLite probed its list for every row.
CREATE INDEX component_months_component_idx
    ON component_months (component_id, month, maintenance_ns, degraded_ns, partial_ns, outage_ns);

-- +goose Down
DROP INDEX component_months_component_idx;
