// Package availability computes how available components were from their
// status timelines: each impact level counts for the minutes it held,
// maintenance windows are left out of the measured time, and there is no
// data before a component existed. Downtime is weighted as Statuspage and
// Instatus weigh it: a major outage counts fully, a partial outage (impact
// major) 30 %, degraded performance (impact minor) not at all; overlapping
// incidents count the worst impact at each moment, never the sum.
//
// Like incident.Decide it knows nothing of SQL or HTTP: the store reads the
// events with their recorded changes, Timelines turns them into each
// component's timeline, and Timeline.Figures gives the figures for any
// periods (Months, Days). Every availability figure the pages and the API
// show comes from here.
package availability
