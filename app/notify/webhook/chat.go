package webhook

import (
	"encoding/json"
	"fmt"
	"strings"

	"statusdash/app/markdown"
	"statusdash/app/model"
	"statusdash/app/notify/mail"
)

// Kind is the format a webhook receives.
type Kind string

// The webhook kinds.
const (
	// Generic receives the Statuspage-shaped Payload, signed.
	Generic Kind = "generic"
	// Slack is a Slack incoming webhook: a Block Kit message.
	Slack Kind = "slack"
	// Teams is a Microsoft Teams incoming webhook (or Workflows): an Adaptive Card message.
	Teams Kind = "teams"
	// Mattermost is a Mattermost incoming webhook: Markdown text.
	Mattermost Kind = "mattermost"
)

// Kinds lists every kind, for forms and validation.
var Kinds = []Kind{Generic, Slack, Teams, Mattermost}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Summary is what a chat message says: the mail subject's words, the
// update's text (Markdown) and the links.
type Summary struct {
	Status    string // "Partial outage", as in mail subjects
	Scope     string // "Elastic Cloud Server in EU-DE"
	Title     string
	Text      string // Markdown
	URL       string // the incident's page
	URLLabel  string // the link's words; "View on the status page" when empty
	ManageURL string // change or leave the subscription
}

// SummaryOf words an update as the mail subjects do.
func SummaryOf(e *model.Event, update model.EventUpdate, eventURL, manageURL string) Summary {
	return Summary{
		Status: mail.StatusWord(e, update.Status), Scope: mail.Scope(e.Components), Title: e.Title,
		Text: update.Text, URL: eventURL, ManageURL: manageURL,
	}
}

func (s Summary) urlLabel() string {
	if s.URLLabel == "" {
		return "View on the status page"
	}
	return s.URLLabel
}

// Headline is "[status] scope: title".
func (s Summary) Headline() string { return mail.Subject(s.Status, s.Scope, s.Title) }

// chatBody renders the summary for a chat kind.
func chatBody(kind Kind, s Summary, md *markdown.Renderer) ([]byte, error) {
	switch kind {
	case Slack:
		return json.Marshal(slackMessage(s, md))
	case Teams:
		return json.Marshal(teamsMessage(s, md))
	case Mattermost:
		return json.Marshal(mattermostMessage(s))
	}
	return nil, fmt.Errorf("webhook: %q is not a chat kind", kind)
}

// Slack: https://api.slack.com/messaging/webhooks and Block Kit. The header
// block holds plain text of at most 150 characters, a section's text at
// most 3,000; text is the fallback notifications show.
type (
	slackPayload struct {
		Text   string       `json:"text"`
		Blocks []slackBlock `json:"blocks"`
	}
	slackBlock struct {
		Type     string      `json:"type"`
		Text     *slackText  `json:"text,omitempty"`
		Elements []slackText `json:"elements,omitempty"`
	}
	slackText struct {
		Type string `json:"type"` // plain_text or mrkdwn
		Text string `json:"text"`
	}
)

func slackMessage(s Summary, md *markdown.Renderer) slackPayload {
	plain := md.Text(s.Text) // Slack's mrkdwn is not Markdown: send the words
	section := "*" + slackEscape(s.Status) + "* · " + slackEscape(s.Scope)
	if plain != "" {
		section += "\n" + slackEscape(plain)
	}
	links := fmt.Sprintf("<%s|%s>", s.URL, slackEscape(s.urlLabel()))
	if s.ManageURL != "" {
		links += fmt.Sprintf(" · <%s|Manage or unsubscribe>", s.ManageURL)
	}
	return slackPayload{
		Text: s.Headline(),
		Blocks: []slackBlock{
			{Type: "header", Text: &slackText{Type: "plain_text", Text: cut(s.Headline(), 150)}},
			{Type: "section", Text: &slackText{Type: "mrkdwn", Text: cut(section, 3000)}},
			{Type: "context", Elements: []slackText{{Type: "mrkdwn", Text: links}}},
		},
	}
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Teams: a message whose one attachment is an Adaptive Card, the format
// Teams incoming webhooks and Workflows accept.
type (
	teamsPayload struct {
		Type        string            `json:"type"`
		Attachments []teamsAttachment `json:"attachments"`
	}
	teamsAttachment struct {
		ContentType string    `json:"contentType"`
		ContentURL  *string   `json:"contentUrl"`
		Content     teamsCard `json:"content"`
	}
	teamsCard struct {
		Schema  string        `json:"$schema"`
		Type    string        `json:"type"`
		Version string        `json:"version"`
		Body    []teamsBlock  `json:"body"`
		Actions []teamsAction `json:"actions,omitempty"`
	}
	teamsBlock struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		Wrap     bool   `json:"wrap"`
		Size     string `json:"size,omitempty"`
		Weight   string `json:"weight,omitempty"`
		IsSubtle bool   `json:"isSubtle,omitempty"`
	}
	teamsAction struct {
		Type  string `json:"type"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
)

// TeamsCardType is the attachment content type of an Adaptive Card.
const TeamsCardType = "application/vnd.microsoft.card.adaptive"

func teamsMessage(s Summary, md *markdown.Renderer) teamsPayload {
	card := teamsCard{
		Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4",
		Body: []teamsBlock{
			{Type: "TextBlock", Text: s.Title, Wrap: true, Size: "Medium", Weight: "Bolder"},
			{Type: "TextBlock", Text: s.Status + " · " + s.Scope, Wrap: true, IsSubtle: true},
		},
		Actions: []teamsAction{{Type: "Action.OpenUrl", Title: s.urlLabel(), URL: s.URL}},
	}
	if plain := md.Text(s.Text); plain != "" {
		card.Body = append(card.Body, teamsBlock{Type: "TextBlock", Text: plain, Wrap: true})
	}
	if s.ManageURL != "" {
		card.Actions = append(card.Actions, teamsAction{Type: "Action.OpenUrl", Title: "Manage or unsubscribe", URL: s.ManageURL})
	}
	return teamsPayload{Type: "message", Attachments: []teamsAttachment{{ContentType: TeamsCardType, Content: card}}}
}

// Mattermost: an incoming webhook takes Markdown text.
type mattermostPayload struct {
	Text string `json:"text"`
}

func mattermostMessage(s Summary) mattermostPayload {
	var b strings.Builder
	b.WriteString("#### " + s.Headline() + "\n")
	if s.Text != "" {
		b.WriteString("\n" + s.Text + "\n")
	}
	b.WriteString("\n[" + s.urlLabel() + "](" + s.URL + ")")
	if s.ManageURL != "" {
		b.WriteString(" · [Manage or unsubscribe](" + s.ManageURL + ")")
	}
	return mattermostPayload{Text: b.String()}
}

// cut shortens s to at most limit runes, ending with "…" when it cuts.
func cut(s string, limit int) string {
	runes := []rune(s)
	if len(runes) <= limit {
		return s
	}
	return string(runes[:limit-1]) + "…"
}
