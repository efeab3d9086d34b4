package availability

import "time"

// Months are the n calendar months in loc up to the one holding now, newest
// first. The current month ends in the future: figures count it up to now.
func Months(now time.Time, n int, loc *time.Location) []Span {
	now = now.In(loc)
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	months := make([]Span, n)
	for i := range months {
		start := current.AddDate(0, -i, 0)
		months[i] = Span{Start: start, End: start.AddDate(0, 1, 0)}
	}
	return months
}

// Days are the n calendar days in loc up to the one holding now, newest
// first; a day of a change of daylight saving time is 23 or 25 hours long.
func Days(now time.Time, n int, loc *time.Location) []Span {
	now = now.In(loc)
	days := make([]Span, n)
	for i := range days {
		start := time.Date(now.Year(), now.Month(), now.Day()-i, 0, 0, 0, 0, loc)
		days[i] = Span{Start: start, End: time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, loc)}
	}
	return days
}
