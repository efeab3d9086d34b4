// Package model holds statusdash's domain types and the rules derived from them.
// It knows nothing of HTTP or SQL.
package model

import "time"

// Category groups services on the page.
type Category struct {
	ID        uint
	Name      string
	Slug      string
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Region is a place a service runs in.
type Region struct {
	ID        uint
	Name      string
	Slug      string
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Service is one offering, identified by a short type code such as "ecs".
type Service struct {
	ID          uint
	Name        string
	Slug        string
	CategoryID  uint
	Category    *Category
	Description string
	Position    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Component is one service in one region: the unit that has a status.
type Component struct {
	ID        uint
	ServiceID uint
	Service   *Service
	RegionID  uint
	Region    *Region
	CreatedAt time.Time
	UpdatedAt time.Time
}
