package typed

import (
	"context"
	"math"
	"time"

	"connectrpc.com/connect"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
)

// availabilityService is statusdash.v1.AvailabilityService: public.
type availabilityService struct{ *API }

var _ statusdashv1connect.AvailabilityServiceHandler = availabilityService{}

func (s availabilityService) GetAvailability(ctx context.Context, _ *connect.Request[statusdashv1.GetAvailabilityRequest]) (*connect.Response[statusdashv1.GetAvailabilityResponse], error) {
	out, err := read(ctx, s.API, "availability", func(ctx context.Context, now time.Time) (*statusdashv1.GetAvailabilityResponse, error) {
		report, err := s.store.ReadAvailability(ctx, now)
		if err != nil {
			return nil, err
		}
		out := &statusdashv1.GetAvailabilityResponse{Components: make([]*statusdashv1.ComponentAvailability, 0, len(report.Rows))}
		for _, row := range report.Rows {
			entry := &statusdashv1.ComponentAvailability{ComponentId: uint32(row.Component.ID), Months: []*statusdashv1.MonthAvailability{}}
			if row.Component.Service != nil {
				entry.Name = row.Component.Service.Name
			}
			if row.Component.Region != nil {
				entry.Region = row.Component.Region.Name
			}
			for _, month := range row.Months {
				if month.NoData {
					continue // before the component existed, as GET /v2/availability
				}
				start := month.Period.Start
				entry.Months = append(entry.Months, &statusdashv1.MonthAvailability{Year: int32(start.Year()), Month: int32(start.Month()),
					Percentage: math.Round(month.Percent()*100000) / 100000})
			}
			out.Components = append(out.Components, entry)
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(out), nil
}
