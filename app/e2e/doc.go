// Package e2e holds statusdash's end-to-end tests: the public pages served
// in-process and read by headless Chromium with JavaScript disabled. The
// package has no code of its own; everything is in its _test.go files.
package e2e
