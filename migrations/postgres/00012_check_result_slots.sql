-- +goose Up
-- The slot a result answers: the due time the worker claimed, shared by
-- every location that runs the check in that round, so the round's results
-- can be gathered for the quorum. Results written without a schedule (none
-- yet) leave it NULL.
ALTER TABLE check_results ADD COLUMN slot_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE check_results DROP COLUMN slot_at;
