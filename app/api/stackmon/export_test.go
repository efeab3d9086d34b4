package stackmon

// The pieces of the v1 lists' former build, for the test comparing their bytes.
var (
	V1IncidentJSON = v1IncidentJSON
	ComponentJSON  = componentJSON
)

func HasAttribute(c Component, name, value string) bool { return c.hasAttribute(name, value) }
