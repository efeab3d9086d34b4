package store

import (
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// widenCache lets SQLite's connection of the transaction tx keep up to kib
// KiB of pages in memory, and returns what sets its cache back. The size
// belongs to the connection, which the pool hands out again afterwards.
func widenCache(tx *gorm.DB, kib int) (restore func() error, err error) {
	var before int
	if err := tx.Raw("PRAGMA cache_size").Row().Scan(&before); err != nil {
		return nil, fmt.Errorf("store: read the cache size: %w", err)
	}
	if err := tx.Exec("PRAGMA cache_size = " + strconv.Itoa(-kib)).Error; err != nil {
		return nil, fmt.Errorf("store: widen the cache: %w", err)
	}
	return func() error {
		if err := tx.Exec("PRAGMA cache_size = " + strconv.Itoa(before)).Error; err != nil {
			return fmt.Errorf("store: set the cache back: %w", err)
		}
		return nil
	}, nil
}
