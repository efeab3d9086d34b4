package probe

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"

	probing "github.com/prometheus-community/pro-bing"
)

// Echo requests per icmp run, and the time between them.
const (
	echoCount    = 3
	echoInterval = 100 * time.Millisecond
)

func (a attempt) icmp() Result {
	address, err := a.resolveOne(a.def.Target)
	if err != nil {
		return a.fail(err)
	}
	// Unprivileged datagram sockets first, where the kernel allows them;
	// raw sockets need root or CAP_NET_RAW.
	stats, err := a.ping(address, false)
	if err != nil && isSocketDenied(err) {
		var rawErr error
		stats, rawErr = a.ping(address, true)
		if rawErr != nil && isSocketDenied(rawErr) {
			return down(a.started, a.elapsed(), fmt.Sprintf(
				"ICMP is not allowed: the sysctl net.ipv4.ping_group_range must include group %d for unprivileged ping sockets, or the process needs root or CAP_NET_RAW for raw sockets (%v)",
				os.Getgid(), rawErr))
		}
		err = rawErr
	}
	if a.parent.Err() != nil || stats == nil || stats.PacketsSent == 0 {
		if err == nil {
			err = errors.Join(a.parent.Err(), errors.New("no echo request was sent"))
		}
		return a.fail(err)
	}
	if stats.PacketsRecv == 0 {
		return down(a.started, a.elapsed(), fmt.Sprintf("no echo reply from %s within %s (%d sent)",
			address.IP, formatDuration(a.def.Timeout), stats.PacketsSent))
	}
	if lost := stats.PacketsSent - stats.PacketsRecv; lost > 0 {
		return degraded(a.started, stats.AvgRtt, fmt.Sprintf("%d of %d echo requests to %s got no reply", lost, stats.PacketsSent, address.IP))
	}
	return up(a.started, stats.AvgRtt)
}

// ping sends echo requests until echoCount replies came or the run's deadline.
func (a attempt) ping(address *net.IPAddr, privileged bool) (*probing.Statistics, error) {
	pinger := probing.New("")
	pinger.SetIPAddr(address)
	pinger.SetPrivileged(privileged)
	pinger.SetLogger(probing.NoopLogger{})
	pinger.Count = echoCount
	pinger.Interval = echoInterval
	deadline, _ := a.ctx.Deadline()
	left := time.Until(deadline)
	if left <= 0 {
		// pro-bing's ticker panics on a timeout that is not positive.
		return nil, a.ctx.Err()
	}
	pinger.Timeout = left
	err := pinger.RunWithContext(a.ctx)
	stats := pinger.Statistics()
	if isTimeout(err) {
		// The deadline ends a run that lost replies; the statistics tell.
		err = nil
	}
	return stats, err
}

// isSocketDenied reports a socket the kernel refused to open.
func isSocketDenied(err error) bool {
	return errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EPROTONOSUPPORT)
}

// resolveOne looks host up within the run's deadline, preferring IPv4.
func (a attempt) resolveOne(host string) (*net.IPAddr, error) {
	addresses, err := net.DefaultResolver.LookupIPAddr(a.ctx, host)
	if err != nil {
		return nil, err
	}
	for _, address := range addresses {
		if address.IP.To4() != nil {
			return &address, nil
		}
	}
	if len(addresses) == 0 {
		return nil, &net.DNSError{Err: "no address", Name: host, IsNotFound: true}
	}
	return &addresses[0], nil
}
