package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// matchingSubscribers selects the confirmed subscribers that follow the
// news kind (?1, with 'both') and either the whole page or a region,
// category or service of one of the event's components (?2).
const matchingSubscribers = `
SELECT s.id, s.kind, s.address, s.chat_kind, s.secret, s.nonce
  FROM subscribers s
 WHERE s.confirmed_at IS NOT NULL
   AND s.news IN (@news, 'both')
   AND (s.whole_page OR EXISTS (
        SELECT 1 FROM subscriber_scopes sc
         WHERE sc.subscriber_id = s.id
           AND (sc.region_id IN (SELECT c.region_id FROM event_components ec
                                   JOIN components c ON c.id = ec.component_id WHERE ec.event_id = @event)
             OR sc.service_id IN (SELECT c.service_id FROM event_components ec
                                   JOIN components c ON c.id = ec.component_id WHERE ec.event_id = @event)
             OR sc.category_id IN (SELECT v.category_id FROM event_components ec
                                   JOIN components c ON c.id = ec.component_id
                                   JOIN services v ON v.id = c.service_id WHERE ec.event_id = @event))))
 ORDER BY s.id`

// NewsOf is the news kind an event type belongs to: incidents are
// incidents; maintenance and info notices are maintenance news.
func NewsOf(eventType model.EventType) string {
	if eventType == model.TypeIncident {
		return NewsIncidents
	}
	return NewsMaintenance
}

// MatchingSubscribers lists the confirmed subscribers who hear about the
// event: those following its kind of news and the whole page or a region,
// category or service of its components. Two statements, whatever the
// number of subscribers. An unknown event is ErrNotFound.
func (s *Storage) MatchingSubscribers(ctx context.Context, eventID uint) ([]Recipient, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	var event model.Event
	if err := db.Select("id", "type").Where("id = ?", eventID).First(&event).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("store: event %d: %w", eventID, ErrNotFound)
		}
		return nil, fmt.Errorf("store: read event %d: %w", eventID, err)
	}
	var recipients []Recipient
	err := db.Raw(matchingSubscribers, map[string]any{"news": NewsOf(event.Type), "event": eventID}).Scan(&recipients).Error
	if err != nil {
		return nil, fmt.Errorf("store: subscribers of event %d: %w", eventID, err)
	}
	return recipients, nil
}
