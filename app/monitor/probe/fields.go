package probe

// Field names of a definition, as the JSON API, forms and catalog name them
// and as validation errors report them.
const (
	FieldKind              = "kind"
	FieldTarget            = "target"
	FieldInterval          = "interval_seconds"
	FieldTimeout           = "timeout_seconds"
	FieldMaxLatency        = "max_latency_ms"
	FieldLocations         = "locations"
	FieldQuorum            = "quorum"
	FieldImpact            = "impact"
	FieldFailureThreshold  = "failure_threshold"
	FieldSuccessThreshold  = "success_threshold"
	FieldMethod            = "method"
	FieldHeaders           = "headers"
	FieldBody              = "body"
	FieldExpectedStatus    = "expected_status"
	FieldBodyContains      = "body_contains"
	FieldBodyRegexp        = "body_regexp"
	FieldIgnoreRedirects   = "ignore_redirects"
	FieldSkipTLSVerify     = "skip_tls_verify"
	FieldRecordType        = "record_type"
	FieldNameServer        = "name_server"
	FieldExpectedAnswers   = "expected_answers"
	FieldExpiryWarningDays = "expiry_warning_days"
	FieldGrace             = "grace_seconds"
)
