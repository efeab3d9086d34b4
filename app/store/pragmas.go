package store

import (
	"fmt"

	"gorm.io/gorm"
)

// pragma is one setting of SQLite's connection.
type pragma struct{ name, value string }

// setPragmas sets the pragmas on the connection of the transaction tx, and
// returns what sets back those it changed: the pool hands the connection
// out again afterwards.
func setPragmas(tx *gorm.DB, pragmas []pragma) (restore func() error, err error) {
	var set []pragma
	restore = func() error {
		for _, p := range set {
			if err := tx.Exec("PRAGMA " + p.name + " = " + p.value).Error; err != nil {
				return fmt.Errorf("store: set %s back: %w", p.name, err)
			}
		}
		return nil
	}
	for _, p := range pragmas {
		var before string
		if err := tx.Raw("PRAGMA " + p.name).Row().Scan(&before); err != nil {
			return restore, fmt.Errorf("store: read %s: %w", p.name, err)
		}
		if err := tx.Exec("PRAGMA " + p.name + " = " + p.value).Error; err != nil {
			return restore, fmt.Errorf("store: set %s: %w", p.name, err)
		}
		set = append(set, pragma{name: p.name, value: before})
	}
	return restore, nil
}
