package cli

import (
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X statusdash/app/cli.version=..."; it is a constant
// for the life of the process.
var version = "dev"

func runVersion(env *environment, args []string) int {
	fs := env.flags("version", "version")
	if code, done := env.parse(fs, args); done {
		return code
	}
	goVersion := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
	}
	fmt.Fprintf(env.stdout, "statusdash %s (%s)\n", version, goVersion)
	return exitOK
}
