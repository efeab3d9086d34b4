package proto_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// apiDir is app/api, where buf.yaml and buf.gen.yaml are.
const apiDir = ".."

// runBuf runs the buf pinned in go.mod (go tool buf) in app/api.
func runBuf(t *testing.T, args ...string) {
	t.Helper()
	// Building buf the first time takes a while on a loaded machine.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "buf"}, args...)...)
	cmd.Dir = apiDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go tool buf %v: %v\n%s", args, err, out)
	}
}

// TestGeneratedCodeIsCurrent regenerates the Go code into a temporary
// directory and compares it with app/api/gen, file by file: a .proto change
// without `make generate` fails here.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs buf; skipped with -short")
	}
	out := t.TempDir()
	runBuf(t, "generate", "--output", out)
	want := readTree(t, filepath.Join(out, "gen"))
	got := readTree(t, filepath.Join(apiDir, "gen"))
	for name, body := range want {
		committed, ok := got[name]
		switch {
		case !ok:
			t.Errorf("app/api/gen/%s is missing: run make generate", name)
		case !bytes.Equal(committed, body):
			t.Errorf("app/api/gen/%s is stale: run make generate", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("app/api/gen/%s is generated from no .proto file: run make generate", name)
		}
	}
}

// TestProtoLint runs buf lint (buf.yaml's rules) on the .proto files.
func TestProtoLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs buf; skipped with -short")
	}
	runBuf(t, "lint")
}

// readTree reads every file under root, keyed by its slash path below root.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = body
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", root, err)
	}
	return files
}
