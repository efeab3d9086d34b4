package store

import (
	"fmt"

	"gorm.io/gorm"
)

// lookupBatch is how many keys or ids provisioning looks up per statement.
// Both databases answer an IN list this long from an index; PostgreSQL
// plans a list of a few hundred as a scan of the whole table, which would
// make a run's lookups grow with the square of its events.
const lookupBatch = 100

// inBatches calls fn with consecutive slices of at most size items of all.
func inBatches[T any](all []T, size int, fn func(batch []T) error) error {
	for start := 0; start < len(all); start += size {
		if err := fn(all[start:min(start+size, len(all))]); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts the rows under into ("INSERT INTO t (a, b) VALUES "),
// a batch of size rows per statement.
func insertRows(tx *gorm.DB, size int, into string, rows [][]any) error {
	return inBatches(rows, size, func(batch [][]any) error {
		return tx.Exec(into+placeholderRows(len(batch), len(batch[0])), flatten(batch)...).Error
	})
}

// insertReturningIDs is insertRows that returns the new rows' ids in the
// order of rows. Both databases return the rows of a multi-row INSERT ...
// RETURNING in the order of its VALUES, as GORM's batch create relies on.
func insertReturningIDs(tx *gorm.DB, size int, into string, rows [][]any) ([]uint, error) {
	ids := make([]uint, 0, len(rows))
	err := inBatches(rows, size, func(batch [][]any) error {
		result, err := tx.Raw(into+placeholderRows(len(batch), len(batch[0]))+" RETURNING id", flatten(batch)...).Rows()
		if err != nil {
			return err
		}
		defer result.Close()
		for result.Next() {
			var id uint
			if err := result.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return result.Err()
	})
	if err == nil && len(ids) != len(rows) {
		err = fmt.Errorf("inserted %d rows, got %d ids back", len(rows), len(ids))
	}
	return ids, err
}

// flatten lays the rows' arguments end to end, as placeholderRows lays
// out their placeholders.
func flatten(rows [][]any) []any {
	args := make([]any, 0, len(rows)*len(rows[0]))
	for _, row := range rows {
		args = append(args, row...)
	}
	return args
}
