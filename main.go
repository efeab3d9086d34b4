// Command statusdash serves a multi-region status dashboard.
package main

import (
	"os"

	"statusdash/app/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr)) }
