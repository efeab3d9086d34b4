// Package cli is statusdash's command line: it builds configuration, database,
// cache and server from the environment and hands them down. Run returns the
// process exit code; nothing below it calls os.Exit.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"statusdash/app/config"
	"statusdash/app/store"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// command is one subcommand; run gets the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(env *environment, args []string) int
}

// environment is what every command may use.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []command {
	return []command{
		{"serve", "run the web server", runServe},
		{"worker", "run monitoring checks for a location (--location NAME)", runWorker},
		{"migrate", "apply or roll back database migrations (up|down|status)", runMigrate},
		{"bootstrap", "provision or purge the catalog from YAML (provision|purge)", runBootstrap},
		{"token", "manage API tokens (create|list|revoke)", runToken},
		{"version", "print the version", runVersion},
	}
}

// Run executes the command line args (without the program name).
func Run(args []string, stdout, stderr io.Writer) int {
	env := &environment{stdout: stdout, stderr: stderr, getenv: os.Getenv}
	return env.dispatch(args)
}

func (env *environment) dispatch(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, "statusdash: missing command (try statusdash --help)")
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		env.usage(env.stdout)
		return exitOK
	}
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd.run(env, args[1:])
		}
	}
	fmt.Fprintf(env.stderr, "statusdash: unknown command %q (try statusdash --help)\n", name)
	return exitUsage
}

func (env *environment) usage(w io.Writer) {
	fmt.Fprintln(w, "statusdash: a status dashboard for services in several regions")
	fmt.Fprintln(w, "\nUsage: statusdash <command> [flags]\n\nCommands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\nRun statusdash <command> --help for a command's flags.")
	fmt.Fprintf(w, "Configuration comes from the environment: %s.\n", strings.Join(config.Variables(), ", "))
}

// flags builds a flag set that writes its usage to stdout for --help and
// reports mistakes on stderr.
func (env *environment) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(env.stdout, "Usage: statusdash %s\n", usage)
		fs.SetOutput(env.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args; done is true when the command should stop with code.
func (env *environment) parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// The flag package has already printed the usage once.
			return exitOK, true
		}
		fmt.Fprintf(env.stderr, "statusdash %s: %v\n", fs.Name(), err)
		return exitUsage, true
	}
	// Parsing stops at the first argument, so "migrate up --help" still asks for help.
	for _, arg := range fs.Args() {
		if arg == "-h" || arg == "-help" || arg == "--help" {
			fs.Usage()
			return exitOK, true
		}
	}
	return exitOK, false
}

// fail prints a one-line reason and returns the failure exit code.
func (env *environment) fail(command string, err error) int {
	reason := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintf(env.stderr, "statusdash %s: %s\n", command, reason)
	return exitFailure
}

// usageError prints a one-line usage mistake and returns exit code 2.
func (env *environment) usageError(command, format string, args ...any) int {
	fmt.Fprintf(env.stderr, "statusdash %s: %s\n", command, fmt.Sprintf(format, args...))
	return exitUsage
}

func (env *environment) loadConfig() (config.Config, error) {
	return config.Load(env.getenv)
}

// openStore opens the configured database, every call bounded by the
// configured timeouts.
func openStore(ctx context.Context, cfg config.Config) (*store.Storage, error) {
	return store.OpenWith(ctx, cfg.DatabaseURL, databaseTimeouts(cfg))
}

// databaseTimeouts are the store's timeouts from the SDB_DATABASE_*_TIMEOUT settings.
func databaseTimeouts(cfg config.Config) store.Timeouts {
	return store.Timeouts{Connect: cfg.DatabaseConnectTimeout, Read: cfg.DatabaseReadTimeout, Write: cfg.DatabaseWriteTimeout}
}

// signalContext is cancelled on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
