package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/config"
	"statusdash/app/store"
)

func runBootstrap(env *environment, args []string) int {
	if len(args) == 0 {
		return env.usageError("bootstrap", "missing action: want provision or purge")
	}
	if args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.stdout, "Usage: statusdash bootstrap provision [--catalog FILE] [--if-empty]\n       statusdash bootstrap purge [--yes]")
		return exitOK
	}
	switch args[0] {
	case "provision":
		return runProvision(env, args[1:])
	case "purge":
		return runPurge(env, args[1:], os.Stdin)
	}
	return env.usageError("bootstrap", "unknown action %q: want provision or purge", args[0])
}

func runProvision(env *environment, args []string) int {
	fs := env.flags("bootstrap provision", "bootstrap provision [--catalog FILE] [--if-empty]")
	catalogPath := fs.String("catalog", "", "catalog YAML file (default: SDB_CATALOG, else instance/catalog.yaml)")
	ifEmpty := fs.Bool("if-empty", false, "provision only when the database has no catalog yet")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("bootstrap provision", "takes no arguments, got %q", fs.Args())
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail("bootstrap provision", err)
	}
	if *catalogPath == "" {
		*catalogPath = cfg.Catalog
	}
	// Parse before touching the database: a malformed catalog writes nothing.
	now := time.Now()
	catalog, err := bootstrap.LoadFile(*catalogPath, now)
	var invalid *bootstrap.ValidationError
	if errors.As(err, &invalid) {
		// The reason on the first line, then one line per problem with its path and line.
		fmt.Fprintf(env.stderr, "statusdash bootstrap provision: %s\n", strings.TrimPrefix(invalid.Error(), "bootstrap: "))
		return exitFailure
	}
	if err != nil {
		return env.fail("bootstrap provision", err)
	}
	ctx := context.Background()
	s, err := openDatabase(ctx, withCatalogWriteTimeout(cfg))
	if err != nil {
		return env.fail("bootstrap provision", err)
	}
	defer s.Close()
	if *ifEmpty {
		empty, err := s.IsCatalogEmpty(ctx)
		if err != nil {
			return env.fail("bootstrap provision", err)
		}
		if !empty {
			fmt.Fprintln(env.stdout, "catalog already provisioned; nothing to do")
			return exitOK
		}
	}
	result, err := s.ProvisionCatalog(ctx, bootstrapActor(), catalog.CatalogSpec, now)
	if err != nil {
		return env.fail("bootstrap provision", err)
	}
	fmt.Fprintf(env.stdout, "provisioned %s: %s\n", *catalogPath, result)
	// The catalog is in; tidying after it only speeds the reads up.
	if result.Events.Created+result.Updates.Created > 0 {
		if err := s.VacuumAfterImport(ctx); err != nil {
			fmt.Fprintf(env.stderr, "statusdash bootstrap provision: provisioned, but the tables were not tidied (autovacuum will): %v\n", err)
		}
	}
	return exitOK
}

func runPurge(env *environment, args []string, stdin io.Reader) int {
	fs := env.flags("bootstrap purge", "bootstrap purge [--yes]")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("bootstrap purge", "takes no arguments, got %q", fs.Args())
	}
	if !*yes {
		fmt.Fprint(env.stdout, "This deletes every category, region, service, component and event. Type 'yes' to go on: ")
		answer, _ := bufio.NewReader(stdin).ReadString('\n')
		if strings.TrimSpace(answer) != "yes" {
			fmt.Fprintln(env.stderr, "statusdash bootstrap purge: not confirmed; nothing deleted (pass --yes to skip the question)")
			return exitFailure
		}
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail("bootstrap purge", err)
	}
	ctx := context.Background()
	s, err := openDatabase(ctx, withCatalogWriteTimeout(cfg))
	if err != nil {
		return env.fail("bootstrap purge", err)
	}
	defer s.Close()
	result, err := s.PurgeCatalog(ctx, bootstrapActor(), time.Now())
	if err != nil {
		return env.fail("bootstrap purge", err)
	}
	fmt.Fprintf(env.stdout, "purged: %s\n", result)
	return exitOK
}

// bootstrapActor names the user running the command in the audit log, or
// store.BootstrapActor when the system cannot tell who it is.
func bootstrapActor() store.Actor {
	current, err := user.Current()
	if err != nil || current.Username == "" {
		return store.BootstrapActor
	}
	return store.Actor{Subject: current.Username, Name: store.BootstrapActor.Name}
}

// catalogWriteTimeout bounds the one transaction of a provisioning or a
// purge: a catalog may carry a whole installation's history (50,000 events
// take about 10 s to write on a quiet machine), far beyond what a request's
// write may take (SDB_DATABASE_WRITE_TIMEOUT, 5 s by default).
const catalogWriteTimeout = 10 * time.Minute

// withCatalogWriteTimeout is cfg with its write timeout raised to
// catalogWriteTimeout, unless it is longer already.
func withCatalogWriteTimeout(cfg config.Config) config.Config {
	cfg.DatabaseWriteTimeout = max(cfg.DatabaseWriteTimeout, catalogWriteTimeout)
	return cfg
}
