package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	texttemplate "text/template"
	"time"

	"statusdash/app/markdown"
	"statusdash/app/model"
)

// The mails templates/mail must hold, each as name.txt and name.html.
const (
	confirmationMail = "confirmation"
	notificationMail = "notification"
)

// Templates renders the mails. Build it once with NewTemplates: a missing or
// broken template fails start-up, not a delivery.
type Templates struct {
	text     map[string]*texttemplate.Template
	html     map[string]*htmltemplate.Template
	markdown *markdown.Renderer
}

// NewTemplates parses every mail template from files (templates.MailFS, or a
// directory in development); the templates live under mail/.
func NewTemplates(files fs.FS, md *markdown.Renderer) (*Templates, error) {
	t := &Templates{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}, markdown: md}
	for _, name := range []string{confirmationMail, notificationMail} {
		text, err := texttemplate.ParseFS(files, "mail/"+name+".txt")
		if err != nil {
			return nil, fmt.Errorf("mail: template %s.txt: %w", name, err)
		}
		html, err := htmltemplate.ParseFS(files, "mail/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("mail: template %s.html: %w", name, err)
		}
		t.text[name], t.html[name] = text, html
	}
	return t, nil
}

// Confirmation is what the double opt-in mail needs.
type Confirmation struct {
	To             string
	PageTitle      string
	ConfirmURL     string
	UnsubscribeURL string // one-click: forget the pending address
	DeliveryKey    string
}

// Confirmation renders the mail whose link confirms a subscription.
func (t *Templates) Confirmation(c Confirmation) (Message, error) {
	msg := Message{
		To: c.To, Subject: "Confirm your subscription to " + c.PageTitle,
		UnsubscribeURL: c.UnsubscribeURL, DeliveryKey: c.DeliveryKey,
	}
	if err := t.render(confirmationMail, c, &msg); err != nil {
		return Message{}, err
	}
	return msg, nil
}

// Notification is what a mail about one incident or maintenance update needs.
type Notification struct {
	To        string
	PageTitle string
	Event     *model.Event // Components with Service and Region, for the scope
	Update    model.EventUpdate
	Location  *time.Location // the page's time zone; nil is UTC
	EventURL  string         // the incident's page
	// ManageURL changes the scope or unsubscribes; UnsubscribeURL is the
	// one-click link for List-Unsubscribe.
	ManageURL      string
	UnsubscribeURL string
	DeliveryKey    string
}

// notificationView is what the notification templates see.
type notificationView struct {
	PageTitle, Status, Scope, Title, UpdateStatus, At, Text string
	HTMLText                                                htmltemplate.HTML
	EventURL, ManageURL                                     string
}

// Notification renders the mail about one update; the subject says status and scope.
func (t *Templates) Notification(n Notification) (Message, error) {
	loc := n.Location
	if loc == nil {
		loc = time.UTC
	}
	status := StatusWord(n.Event, n.Update.Status)
	view := notificationView{
		PageTitle: n.PageTitle, Status: status, Scope: Scope(n.Event.Components), Title: n.Event.Title,
		UpdateStatus: capitalise(n.Update.Status), At: n.Update.At.In(loc).Format("2 Jan 2006 15:04 MST"),
		Text: n.Update.Text, HTMLText: t.markdown.HTML(n.Update.Text),
		EventURL: n.EventURL, ManageURL: n.ManageURL,
	}
	msg := Message{
		To: n.To, Subject: Subject(view.Status, view.Scope, view.Title),
		UnsubscribeURL: n.UnsubscribeURL, DeliveryKey: n.DeliveryKey,
	}
	if err := t.render(notificationMail, view, &msg); err != nil {
		return Message{}, err
	}
	return msg, nil
}

func (t *Templates) render(name string, data any, msg *Message) error {
	var text, html bytes.Buffer
	if err := t.text[name].Execute(&text, data); err != nil {
		return fmt.Errorf("mail: render %s.txt: %w", name, err)
	}
	if err := t.html[name].Execute(&html, data); err != nil {
		return fmt.Errorf("mail: render %s.html: %w", name, err)
	}
	msg.Text, msg.HTML = text.String(), html.String()
	return nil
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
