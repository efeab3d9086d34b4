package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/store"
)

// cliActor names the command line in the audit log.
var cliActor = store.Actor{Subject: "cli", Name: "statusdash token"}

func runToken(env *environment, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.stdout, "Usage: statusdash token create --name NAME --role operator|admin\n       statusdash token list\n       statusdash token revoke ID|NAME")
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "create":
		return runTokenCreate(env, args[1:])
	case "list":
		return runTokenList(env, args[1:])
	case "revoke":
		return runTokenRevoke(env, args[1:])
	}
	return env.usageError("token", "unknown action %q: want create, list or revoke", args[0])
}

func runTokenCreate(env *environment, args []string) int {
	fs := env.flags("token create", "token create --name NAME --role operator|admin")
	name := fs.String("name", "", "the token's name, shown in the audit log")
	role := fs.String("role", "", "operator (events) or admin (events and catalog)")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("token create", "takes no arguments, got %q", fs.Args())
	}
	if *name == "" {
		return env.usageError("token create", "--name is required")
	}
	if *role != store.TokenRoleOperator && *role != store.TokenRoleAdmin {
		return env.usageError("token create", "--role must be operator or admin, got %q", *role)
	}
	return withTokenStore(env, "token create", func(ctx context.Context, s *store.Storage) error {
		token, hash, err := apiauth.NewToken()
		if err != nil {
			return err
		}
		created, err := s.CreateAPIToken(ctx, cliActor, *name, *role, hash, time.Now())
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("a live token named %q exists; revoke it first or pick another name", *name)
		}
		if err != nil {
			return err
		}
		// The token alone on stdout, so scripts can capture it.
		fmt.Fprintf(env.stderr, "created token %d %q (%s); it is shown once, store it now\n", created.ID, created.Name, created.Role)
		fmt.Fprintln(env.stdout, token)
		return nil
	})
}

func runTokenList(env *environment, args []string) int {
	fs := env.flags("token list", "token list")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("token list", "takes no arguments, got %q", fs.Args())
	}
	return withTokenStore(env, "token list", func(ctx context.Context, s *store.Storage) error {
		tokens, err := s.APITokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tREVOKED")
		for _, token := range tokens {
			revoked := "-"
			if token.RevokedAt != nil {
				revoked = token.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", token.ID, token.Name, token.Role, token.CreatedAt.UTC().Format(time.RFC3339), revoked)
		}
		return w.Flush()
	})
}

func runTokenRevoke(env *environment, args []string) int {
	fs := env.flags("token revoke", "token revoke ID|NAME")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return env.usageError("token revoke", "want one token id or name")
	}
	return withTokenStore(env, "token revoke", func(ctx context.Context, s *store.Storage) error {
		revoked, err := s.RevokeAPIToken(ctx, cliActor, fs.Arg(0), time.Now())
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no live token with id or name %q", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "revoked token %d %q\n", revoked.ID, revoked.Name)
		return nil
	})
}

// withTokenStore opens the migrated database for a token command and runs fn.
func withTokenStore(env *environment, command string, fn func(ctx context.Context, s *store.Storage) error) int {
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail(command, err)
	}
	ctx := context.Background()
	s, err := openDatabase(ctx, cfg)
	if err != nil {
		return env.fail(command, err)
	}
	defer s.Close()
	if err := fn(ctx, s); err != nil {
		return env.fail(command, err)
	}
	return exitOK
}
