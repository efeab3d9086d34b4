package probe

import "github.com/miekg/dns"

// RecordTypes lists the record types a dns check may ask for.
func RecordTypes() []string {
	return []string{"A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "PTR", "CAA", "SOA"}
}

// recordType is the query type of a RecordTypes name.
func recordType(name string) (uint16, bool) {
	switch name {
	case "A":
		return dns.TypeA, true
	case "AAAA":
		return dns.TypeAAAA, true
	case "CNAME":
		return dns.TypeCNAME, true
	case "MX":
		return dns.TypeMX, true
	case "TXT":
		return dns.TypeTXT, true
	case "NS":
		return dns.TypeNS, true
	case "SRV":
		return dns.TypeSRV, true
	case "PTR":
		return dns.TypePTR, true
	case "CAA":
		return dns.TypeCAA, true
	case "SOA":
		return dns.TypeSOA, true
	}
	return 0, false
}
