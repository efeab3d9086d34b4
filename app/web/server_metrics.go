package web

import "statusdash/app/metrics"

// Metrics is the registry /metrics serves, for the figures of work that
// runs beside the server (the in-process monitoring worker).
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }
