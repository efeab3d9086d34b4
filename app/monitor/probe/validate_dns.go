package probe

import (
	"fmt"
	"net/netip"
	"strings"

	"statusdash/app/incident"
)

func validateDNS(errs incident.FieldErrors, s DNSSettings) {
	recordTypeName := s.RecordType
	if recordTypeName == "" {
		recordTypeName = "A"
	}
	if _, ok := recordType(recordTypeName); !ok {
		errs.Add(FieldRecordType, "must be one of "+strings.Join(RecordTypes(), ", "))
	}
	if s.NameServer != "" {
		if _, _, err := splitHostPort(s.NameServer, 53); err != nil {
			errs.Add(FieldNameServer, err.Error())
		}
	}
	if len(s.ExpectedAnswers) > MaxAnswers {
		errs.Add(FieldExpectedAnswers, fmt.Sprintf("may list at most %d answers", MaxAnswers))
	}
	for _, answer := range s.ExpectedAnswers {
		if problem := checkAnswer(recordTypeName, answer); problem != "" {
			errs.Add(FieldExpectedAnswers, problem)
		}
	}
}

// checkAnswer returns what is wrong with one expected answer, or "".
func checkAnswer(recordType, answer string) string {
	if answer == "" || len(answer) > MaxAnswerLength {
		return fmt.Sprintf("each answer must be 1 to %d characters", MaxAnswerLength)
	}
	switch recordType {
	case "A", "AAAA":
		addr, err := netip.ParseAddr(answer)
		if err != nil || addr.Is4() != (recordType == "A") || addr.Zone() != "" {
			return fmt.Sprintf("%q is not an IPv%s address", answer, map[string]string{"A": "4", "AAAA": "6"}[recordType])
		}
	case "CNAME", "NS", "PTR":
		if !validDomainName(answer) {
			return fmt.Sprintf("%q is not a domain name", answer)
		}
	}
	return ""
}
