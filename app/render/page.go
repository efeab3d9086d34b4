package render

import "time"

// Page is what every page's data embeds: the layout reads only these fields.
type Page struct {
	SiteTitle string
	// Title names the page in <title>; empty on the overview.
	Title   string
	BaseURL string
	// Nav lists the main links; Current marks the page shown.
	Nav []Link
	// Self is the page's path and normalised query, where forms return to.
	Self string
	// Lang is the reader's language tag (app/locale): the page is rendered
	// in it; empty is the default language.
	Lang string
	// Languages are the choices of the language form.
	Languages []LanguageChoice
	// Zone is the reader's time zone; every time is shown in it.
	Zone        *time.Location
	ZoneChoices []ZoneChoice
	// Now is the moment the page data was read.
	Now time.Time
	// Refresh is the opt-in reload interval in seconds, 0 for none; the
	// links turn it on and off.
	Refresh       int
	RefreshOnURL  string
	RefreshOffURL string
	// Feeds are offered as <link rel="alternate"> and in the footer.
	Feeds []Feed
	// Favicon is the static file of the page's icon, "favicon.svg" when
	// empty; the overview shows the page-wide status in it.
	Favicon string
	// SignIn is true when operator sign-in is configured: the footer then
	// links to it.
	SignIn bool
	// Brand is the configured branding; nil shows the defaults.
	Brand *Brand
}

// FaviconFile is the static file linked as the page's icon.
func (p *Page) FaviconFile() string {
	if p.Favicon == "" {
		return "favicon.svg"
	}
	return p.Favicon
}

// Link is one navigation entry.
type Link struct {
	Label   string
	URL     string
	Current bool
}

// ZoneChoice is one option of the time-zone form.
type ZoneChoice struct {
	Name     string
	Selected bool
}

// LanguageChoice is one option of the language form.
type LanguageChoice struct {
	Tag      string
	Name     string
	Selected bool
}

// PageLanguage names the language the page is rendered in (Languaged).
func (p Page) PageLanguage() string { return p.Lang }

// Feed is one subscription link.
type Feed struct {
	Title string
	Type  string // MIME type
	URL   string
}

// ZoneName is the zone's IANA name, "UTC" when unset.
func (p *Page) ZoneName() string {
	if p.Zone == nil {
		return "UTC"
	}
	return p.Zone.String()
}

// StaleNote is the data of the "stale-note" partial, rendered into a copy of
// a page served while the database is unreachable.
type StaleNote struct {
	AsOf time.Time
	Zone *time.Location
	Lang string
}

// PageLanguage names the language the note is rendered in (Languaged).
func (n StaleNote) PageLanguage() string { return n.Lang }

// StaleSlot is the empty element every page carries where a stale copy's
// note goes; html/template drops comments, so an element marks the spot.
const StaleSlot = `<div class="stale-slot"></div>`
