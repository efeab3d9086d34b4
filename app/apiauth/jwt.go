package apiauth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/auth"
)

// isHS256 peeks at a JWT's header (unverified) to route it: HS256 tokens are
// checked against the shared secret, anything else against the OIDC issuer.
func isHS256(token string) bool {
	head, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return false
	}
	var header struct {
		Alg string `json:"alg"`
	}
	return json.Unmarshal(raw, &header) == nil && header.Alg == jwt.SigningMethodHS256.Alg()
}

// verifySharedJWT checks an HS256 JWT signed with the API secret. It acts as
// an operator; PayloadKey tells whether v1 accepts it.
func (v *Verifier) verifySharedJWT(token string) (Credential, error) {
	secret := v.cfg.APISigningSecret()
	if secret == "" {
		return Credential{}, fmt.Errorf("%w: no API secret is configured", ErrInvalid)
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithTimeFunc(v.now), jwt.WithLeeway(jwtLeeway),
		jwt.WithIssuedAt())
	if errors.Is(err, jwt.ErrTokenUsedBeforeIssued) {
		return Credential{}, fmt.Errorf("%w: %v", ErrIssuedInFuture, err)
	}
	if err != nil {
		return Credential{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	name := "jwt"
	if sub, ok := claims["sub"].(string); ok && strings.TrimSpace(sub) != "" {
		name = strings.TrimSpace(sub)
	}
	return Credential{Kind: KindSharedJWT, Name: name, Role: auth.RoleOperator, PayloadKey: truthy(claims[v.cfg.APIPayloadKey])}, nil
}

// truthy follows the JSON idea of truth the stackmon dashboards used:
// absent, null, false, 0, "" and empty lists or objects are false.
func truthy(value any) bool {
	switch value := value.(type) {
	case nil:
		return false
	case bool:
		return value
	case string:
		return value != ""
	case float64:
		return value != 0
	case json.Number:
		return value.String() != "0"
	case []any:
		return len(value) > 0
	case map[string]any:
		return len(value) > 0
	}
	return true
}
