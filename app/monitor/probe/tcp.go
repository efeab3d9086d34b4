package probe

import "net"

func (a attempt) tcp() Result {
	conn, err := (&net.Dialer{}).DialContext(a.ctx, "tcp", a.def.Target)
	if err != nil {
		return a.fail(err)
	}
	latency := a.elapsed()
	_ = conn.Close() // connected is all a tcp check asks
	return up(a.started, latency)
}
