package probe

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// validHost reports whether host is an IP address or a DNS name.
func validHost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return validDomainName(host)
}

// validDomainName accepts names of letters, digits, hyphens and underscores
// (service names such as _dmarc), with or without the final dot.
func validDomainName(name string) bool {
	name = strings.TrimSuffix(name, ".")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// splitHostPort reads host:port, or host alone when defaultPort is not zero.
func splitHostPort(address string, defaultPort int) (host string, port int, err error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		if defaultPort == 0 {
			return "", 0, errors.New("must be host:port")
		}
		host, portText = strings.TrimSuffix(strings.TrimPrefix(address, "["), "]"), strconv.Itoa(defaultPort)
	}
	if !validHost(host) {
		return "", 0, fmt.Errorf("%q is not a host name or IP address", host)
	}
	port, err = strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 || strings.Trim(portText, "0123456789") != "" {
		return "", 0, fmt.Errorf("port %q must be a number from 1 to 65535", portText)
	}
	return host, port, nil
}

// joinHostPort is splitHostPort's result as a dial address.
func joinHostPort(address string, defaultPort int) (string, error) {
	host, port, err := splitHostPort(address, defaultPort)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}
