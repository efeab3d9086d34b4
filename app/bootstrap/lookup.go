package bootstrap

import (
	"statusdash/app/model"
	"statusdash/app/store"
)

// lookup finds categories, regions or services by slug, by name, or by the
// slug a reference derives to, so "EU-DE" and "eu-de" name the same region.
type lookup struct {
	bySlug map[string]int // slug to the line it was defined on
	byName map[string]string
}

func newLookup() *lookup {
	return &lookup{bySlug: map[string]int{}, byName: map[string]string{}}
}

func (l *lookup) add(name, slug string, line int) {
	l.bySlug[slug] = line
	if _, taken := l.byName[name]; !taken {
		l.byName[name] = slug
	}
}

// line tells where slug was defined; ok is false when it was not.
func (l *lookup) line(slug string) (int, bool) {
	line, ok := l.bySlug[slug]
	return line, ok
}

func (l *lookup) resolve(ref string) (string, bool) {
	if _, ok := l.bySlug[ref]; ok {
		return ref, true
	}
	if slug, ok := l.byName[ref]; ok {
		return slug, true
	}
	if slug := model.Slug(ref); slug != "" {
		if _, ok := l.bySlug[slug]; ok {
			return slug, true
		}
	}
	return "", false
}

// catalogRefs is what events may refer to.
type catalogRefs struct {
	regions  *lookup
	services *lookup
	// regionsOf lists each service's regions in file order.
	regionsOf  map[string][]string
	components map[store.ComponentSpec]int // to the line that defined it
}

func newCatalogRefs() *catalogRefs {
	return &catalogRefs{
		regions:    newLookup(),
		services:   newLookup(),
		regionsOf:  map[string][]string{},
		components: map[store.ComponentSpec]int{},
	}
}

// addComponent records a component; ok is false with the earlier line when
// it is a duplicate.
func (r *catalogRefs) addComponent(component store.ComponentSpec, line int) (int, bool) {
	if earlier, dup := r.components[component]; dup {
		return earlier, false
	}
	r.components[component] = line
	r.regionsOf[component.Service] = append(r.regionsOf[component.Service], component.Region)
	return 0, true
}
