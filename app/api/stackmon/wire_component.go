package stackmon

import "statusdash/app/model"

// Attribute is one stackmon component attribute.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Component is a statusdash component on the wire: the service's name and
// its region, category and type (the service's slug) as attributes.
type Component struct {
	ID         uint        `json:"id"`
	Name       string      `json:"name"`
	Attributes []Attribute `json:"attributes"`
}

// componentJSON needs c.Service (with Category) and c.Region.
func componentJSON(c *model.Component) Component {
	out := Component{ID: c.ID, Attributes: []Attribute{}}
	if c.Service != nil {
		out.Name = c.Service.Name
	}
	if c.Region != nil {
		out.Attributes = append(out.Attributes, Attribute{Name: "region", Value: c.Region.Name})
	}
	if c.Service != nil && c.Service.Category != nil {
		out.Attributes = append(out.Attributes, Attribute{Name: "category", Value: c.Service.Category.Name})
	}
	if c.Service != nil {
		out.Attributes = append(out.Attributes, Attribute{Name: "type", Value: c.Service.Slug})
	}
	return out
}

// hasAttribute reports whether the component carries the pair.
func (c Component) hasAttribute(name, value string) bool {
	for _, attr := range c.Attributes {
		if attr.Name == name && attr.Value == value {
			return true
		}
	}
	return false
}
