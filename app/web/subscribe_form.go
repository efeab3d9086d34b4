package web

import (
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// subscribeForm is what the subscribe and manage forms post: where to
// send (subscribe only), what to follow and which news.
type subscribeForm struct {
	Email      string
	WebhookURL string
	ChatKind   string
	// WholePage is the "scope" choice "page"; "selected" uses the ids.
	WholePage   bool
	RegionIDs   []uint
	CategoryIDs []uint
	ServiceIDs  []uint
	News        string
}

// maxScopeIDs bounds the ticked boxes of one form.
const maxScopeIDs = 1000

// sayFunc words a message (app/locale) in the reader's language; the
// subscription forms' field errors go through it (Language.MustT).
type sayFunc func(key string, args ...any) string

// parseSubscribeForm reads the form; ids that are not numbers are field
// errors, checked against the catalog by validate.
func parseSubscribeForm(values url.Values, say sayFunc) (subscribeForm, incident.FieldErrors) {
	errs := incident.FieldErrors{}
	form := subscribeForm{
		Email:      strings.TrimSpace(values.Get("email")),
		WebhookURL: strings.TrimSpace(values.Get("webhook_url")),
		ChatKind:   values.Get("chat_kind"),
		WholePage:  values.Get("scope") != "selected",
		News:       values.Get("news"),
	}
	if form.ChatKind == "" {
		form.ChatKind = store.ChatGeneric
	}
	if form.News == "" {
		form.News = store.NewsBoth
	}
	lists := []struct {
		field string
		ids   *[]uint
	}{{"regions", &form.RegionIDs}, {"categories", &form.CategoryIDs}, {"services", &form.ServiceIDs}}
	for _, list := range lists {
		raw := values[list.field]
		if len(raw) > maxScopeIDs {
			errs[list.field] = say("form.scope.too_many", "Count", maxScopeIDs)
			continue
		}
		for _, value := range raw {
			id, err := strconv.ParseUint(strings.TrimSpace(value), 10, 32)
			if err != nil || id == 0 {
				errs[list.field] = say("form.scope.unknown_id", "ID", strconv.Quote(truncate(value, 40)))
				break
			}
			if !slices.Contains(*list.ids, uint(id)) {
				*list.ids = append(*list.ids, uint(id))
			}
		}
	}
	return form, errs
}

// validateSubscribeForm adds the field errors of a subscription: an email
// address or a webhook URL (or both), a known chat kind, ids the catalog
// has, news that exists, and something to follow.
func validateSubscribeForm(form subscribeForm, tree *store.CatalogTree, allowPrivate bool, errs incident.FieldErrors, say sayFunc) {
	if form.Email == "" && form.WebhookURL == "" {
		errs["email"] = say("form.email.missing")
	}
	if form.Email != "" {
		if problem := checkEmail(form.Email); problem != "" {
			errs["email"] = say(problem)
		}
	}
	if form.WebhookURL != "" {
		if problem := checkWebhookURL(form.WebhookURL, allowPrivate); problem != "" {
			errs["webhook_url"] = say(problem)
		}
		if !slices.Contains(store.ChatKinds, form.ChatKind) {
			errs["chat_kind"] = say("form.chat_kind", "Kinds", strings.Join(store.ChatKinds, ", "))
		}
	}
	validateScopeForm(form, tree, errs, say)
}

// validateScopeForm checks what the form follows, for subscribe and manage.
func validateScopeForm(form subscribeForm, tree *store.CatalogTree, errs incident.FieldErrors, say sayFunc) {
	if !slices.Contains([]string{store.NewsIncidents, store.NewsMaintenance, store.NewsBoth}, form.News) {
		errs["news"] = say("form.news")
	}
	known := func(field string, ids []uint, exists func(uint) bool) {
		for _, id := range ids {
			if !exists(id) {
				errs[field] = say("form.scope.unknown_id", "ID", strconv.FormatUint(uint64(id), 10))
				return
			}
		}
	}
	known("regions", form.RegionIDs, func(id uint) bool { return tree.Region(id) != nil })
	known("categories", form.CategoryIDs, func(id uint) bool {
		return slices.ContainsFunc(tree.Categories, func(c *model.Category) bool { return c.ID == id })
	})
	known("services", form.ServiceIDs, func(id uint) bool {
		return slices.ContainsFunc(tree.Services, func(s *model.Service) bool { return s.ID == id })
	})
	if !form.WholePage && len(form.RegionIDs)+len(form.CategoryIDs)+len(form.ServiceIDs) == 0 {
		errs["scope"] = say("form.scope.nothing")
	}
}

// checkEmail names the message (app/locale) that says what is wrong with
// an address, or "": one plain address (no display name) with a domain.
func checkEmail(address string) string {
	if len(address) > 254 {
		return "form.email.too_long"
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Address != address || parsed.Name != "" {
		return "form.email.invalid"
	}
	if _, domain, _ := strings.Cut(address, "@"); !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "form.email.no_domain"
	}
	return ""
}

// scope is the form's choice as the store keeps it.
func (f subscribeForm) scope() store.SubscriberScope {
	if f.WholePage {
		return store.SubscriberScope{WholePage: true, News: f.News}
	}
	return store.SubscriberScope{RegionIDs: f.RegionIDs, CategoryIDs: f.CategoryIDs, ServiceIDs: f.ServiceIDs, News: f.News}
}

// formOfScope fills a manage form from what the subscriber follows.
func formOfScope(scope store.SubscriberScope) subscribeForm {
	return subscribeForm{WholePage: scope.WholePage, RegionIDs: scope.RegionIDs, CategoryIDs: scope.CategoryIDs,
		ServiceIDs: scope.ServiceIDs, News: scope.News}
}

// scopeChoices are the scope checkboxes, grouped as on the overview:
// regions, then categories with their services.
type scopeChoices struct {
	WholePage  bool
	Regions    []scopeChoice
	Categories []categoryChoice
	News       string
	ChatKinds  []string
}

// categoryChoice is a category's checkbox with its services'.
type categoryChoice struct {
	scopeChoice
	Services []scopeChoice
}

// scopeChoice is one checkbox.
type scopeChoice struct {
	ID      uint
	Name    string
	Checked bool
}

// choicesOf builds the checkboxes from the catalog, ticked as in form.
func choicesOf(tree *store.CatalogTree, form subscribeForm) scopeChoices {
	choices := scopeChoices{WholePage: form.WholePage, News: form.News, ChatKinds: store.ChatKinds}
	for _, region := range tree.Regions {
		choices.Regions = append(choices.Regions, scopeChoice{ID: region.ID, Name: region.Name,
			Checked: slices.Contains(form.RegionIDs, region.ID)})
	}
	for _, category := range tree.Categories {
		group := categoryChoice{scopeChoice: scopeChoice{ID: category.ID, Name: category.Name,
			Checked: slices.Contains(form.CategoryIDs, category.ID)}}
		for _, service := range tree.Services {
			if service.CategoryID == category.ID {
				group.Services = append(group.Services, scopeChoice{ID: service.ID, Name: service.Name,
					Checked: slices.Contains(form.ServiceIDs, service.ID)})
			}
		}
		choices.Categories = append(choices.Categories, group)
	}
	return choices
}
