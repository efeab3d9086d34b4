package probe

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
)

// MaxBodyRead bounds the part of a response body that is read and matched.
const MaxBodyRead = 1 << 20

// UserAgent is sent by http checks that set no User-Agent header.
const UserAgent = "statusdash-monitor/1"

func (a attempt) http() Result {
	settings := a.def.HTTP
	var body io.Reader
	if settings.Body != "" {
		body = strings.NewReader(settings.Body)
	}
	request, err := http.NewRequestWithContext(a.ctx, settings.Method, a.def.Target, body)
	if err != nil {
		return a.fail(fmt.Errorf("building the request: %w", err))
	}
	request.Header.Set("User-Agent", UserAgent)
	for name, value := range settings.Headers {
		if strings.EqualFold(name, "Host") {
			request.Host = value
			continue
		}
		request.Header.Set(name, value)
	}
	// One transport per run, without keep-alive: every run measures a fresh
	// connection and leaves none open behind it. No proxy from the
	// environment: a check measures the target itself.
	transport := &http.Transport{
		DialContext:            (&net.Dialer{}).DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: a.prober.RootCAs, InsecureSkipVerify: settings.SkipTLSVerify},
		ForceAttemptHTTP2:      true,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 1 << 20,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	if settings.IgnoreRedirects {
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	response, err := client.Do(request)
	if err != nil {
		return a.fail(err)
	}
	defer response.Body.Close()
	content, err := io.ReadAll(io.LimitReader(response.Body, MaxBodyRead))
	latency := a.elapsed()
	if err != nil {
		return down(a.started, latency, "reading the body: "+a.reason(err))
	}
	if !settings.ExpectedStatus.Contains(response.StatusCode) {
		return down(a.started, latency, fmt.Sprintf("status %d, want %s", response.StatusCode, settings.ExpectedStatus))
	}
	if settings.BodyContains != "" && !bytes.Contains(content, []byte(settings.BodyContains)) {
		return down(a.started, latency, fmt.Sprintf("body does not contain %q", settings.BodyContains))
	}
	if settings.BodyRegexp != "" {
		pattern, err := regexp.Compile(settings.BodyRegexp)
		if err != nil {
			return down(a.started, latency, "body_regexp: "+err.Error())
		}
		if !pattern.Match(content) {
			return down(a.started, latency, fmt.Sprintf("body does not match %q", settings.BodyRegexp))
		}
	}
	return up(a.started, latency)
}
