package web

import (
	"encoding/json"
	"fmt"

	"github.com/labstack/echo/v4"
)

// jsonSerializer writes API bodies as the stackmon dashboards do: "<a href>"
// in a SYSTEM update stays "<a href>", not "\u003ca href\u003e".
type jsonSerializer struct{}

func (jsonSerializer) Serialize(c echo.Context, value any, indent string) error {
	encoder := json.NewEncoder(c.Response())
	encoder.SetEscapeHTML(false)
	if indent != "" {
		encoder.SetIndent("", indent)
	}
	if err := encoder.Encode(value); err != nil {
		return fmt.Errorf("web: encode JSON: %w", err)
	}
	return nil
}

func (jsonSerializer) Deserialize(c echo.Context, value any) error {
	return echo.DefaultJSONSerializer{}.Deserialize(c, value)
}
