package web

import "testing"

func TestCheckWebhookURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url          string
		allowPrivate bool
		ok           bool
	}{
		{"https://hooks.slack.com/services/T0/B0/x", false, true},
		{"http://example.org:8080/hook", false, true},
		{"http://203.0.113.9/hook", false, true},
		{"ftp://example.org/hook", false, false},
		{"javascript:alert(1)", false, false},
		{"/relative", false, false},
		{"https://", false, false},
		{"http://127.0.0.1/hook", false, false},
		{"http://127.0.0.1/hook", true, true},
		{"http://[::1]/hook", false, false},
		{"http://[::ffff:10.0.0.1]/hook", false, false},
		{"http://169.254.169.254/latest/meta-data", false, false},
		{"http://192.168.0.10/hook", false, false},
		{"http://172.16.5.4/hook", false, false},
		{"http://0.0.0.0/hook", false, false},
		{"http://LOCALHOST/hook", false, false},
		{"http://api.localhost/hook", false, false},
		{"http://[fe80::1%25eth0]/hook", false, false},
	}
	for _, tc := range cases {
		problem := checkWebhookURL(tc.url, tc.allowPrivate)
		if (problem == "") != tc.ok {
			t.Errorf("checkWebhookURL(%q, allowPrivate %v) = %q, want ok %v", tc.url, tc.allowPrivate, problem, tc.ok)
		}
	}
}

func TestCheckEmail(t *testing.T) {
	t.Parallel()
	cases := []struct {
		address string
		ok      bool
	}{
		{"reader@example.org", true},
		{"first.last+status@mail.example.co.uk", true},
		{"reader", false},
		{"reader@localhost", false},
		{"Reader <reader@example.org>", false},
		{"reader@[127.0.0.1]", false},
		{"a@b@example.org", false},
		{"", false},
	}
	for _, tc := range cases {
		if problem := checkEmail(tc.address); (problem == "") != tc.ok {
			t.Errorf("checkEmail(%q) = %q, want ok %v", tc.address, problem, tc.ok)
		}
	}
}
