package web

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/config"
)

// clientAddresses tells Echo's RealIP who the client is. Without trusted
// proxies it is the connection's peer, as anyone can send X-Forwarded-For.
// Behind trusted proxies it is the last address in X-Forwarded-For that is
// not one of them, and only when the peer itself is one: otherwise several
// instances behind one load balancer would count every reader as the
// balancer.
func clientAddresses(cfg config.Config) (echo.IPExtractor, error) {
	ranges, err := cfg.TrustedProxyRanges()
	if err != nil {
		return nil, err
	}
	if len(ranges) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	// Echo trusts loopback and private ranges unless told otherwise.
	options := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, network := range ranges {
		options = append(options, echo.TrustIPRange(network))
	}
	return echo.ExtractIPFromXFFHeader(options...), nil
}
