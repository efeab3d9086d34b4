package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SecretKeyFile is where the embedded default keeps its generated secret.
const SecretKeyFile = "secret_key"

// EnsureSecretKey fills an empty SecretKey on the embedded default from
// <instance>/secret_key, generating that file on first use.
func EnsureSecretKey(cfg *Config) error {
	if cfg.SecretKey != "" {
		return nil
	}
	if !cfg.Embedded() {
		return &FieldError{Variable: "SDB_SECRET_KEY", Problem: "is required with PostgreSQL"}
	}
	path := filepath.Join(cfg.InstanceDir, SecretKeyFile)
	content, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(content))) >= 16 {
		cfg.SecretKey = strings.TrimSpace(string(content))
		return nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("config: read %s: %w", path, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("config: generate secret key: %w", err)
	}
	if err := os.MkdirAll(cfg.InstanceDir, 0o750); err != nil {
		return fmt.Errorf("config: create %s: %w", cfg.InstanceDir, err)
	}
	secret := hex.EncodeToString(key)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: write %s: %w", path, err)
	}
	cfg.SecretKey = secret
	return nil
}
