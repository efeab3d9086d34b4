package feed

import (
	"cmp"
	"fmt"
	"slices"

	"statusdash/app/model"
)

// SortForFeed orders events as the stackmon RSS does: open events first,
// newest start first, then closed events, latest end first. It sorts in place.
func SortForFeed(events []*model.Event) {
	slices.SortStableFunc(events, func(a, b *model.Event) int {
		switch {
		case a.EndAt == nil && b.EndAt != nil:
			return -1
		case a.EndAt != nil && b.EndAt == nil:
			return 1
		case a.EndAt == nil:
			return b.StartAt.Compare(a.StartAt)
		}
		return cmp.Or(b.EndAt.Compare(*a.EndAt), b.StartAt.Compare(a.StartAt))
	})
}

// StackmonTitle is the stackmon RSS channel title: "<service> (<region>) -
// Incidents | <site>", "<region> - Incidents | <site>", or "Incidents | <site>"
// when region and service are empty.
func StackmonTitle(site, region, service string) string {
	switch {
	case region != "" && service != "":
		return fmt.Sprintf("%s (%s) - Incidents | %s", service, region, site)
	case region != "":
		return fmt.Sprintf("%s - Incidents | %s", region, site)
	}
	return "Incidents | " + site
}
