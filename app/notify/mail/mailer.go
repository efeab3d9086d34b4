package mail

import "context"

// Mailer renders and sends in one call: what the subscription pages (the
// confirmation) and the delivery jobs (notifications) call.
type Mailer struct {
	Templates *Templates
	Sender    *Sender
}

// SendConfirmation renders and sends the double opt-in mail.
func (m *Mailer) SendConfirmation(ctx context.Context, c Confirmation) error {
	msg, err := m.Templates.Confirmation(c)
	if err != nil {
		return err
	}
	return m.Sender.Send(ctx, msg)
}

// SendNotification renders and sends the mail about one update.
func (m *Mailer) SendNotification(ctx context.Context, n Notification) error {
	msg, err := m.Templates.Notification(n)
	if err != nil {
		return err
	}
	return m.Sender.Send(ctx, msg)
}
