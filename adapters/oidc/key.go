package oidc

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
)

// ClientKey is the key a client signs its assertions with
// (private_key_jwt), as SignInConfig takes it.
type ClientKey struct {
	Key       crypto.Signer
	KeyID     string
	Algorithm jose.SignatureAlgorithm
}

// LoadClientKey reads a client's private key from a file: a JSON Web Key
// (what HelseID's self-service portal hands out, its "kid" and "alg"
// kept) or PEM (PKCS #8, PKCS #1 or SEC 1). Without a "kid" the key's id
// is its RFC 7638 thumbprint, the id a provider that was given the public
// key as a JWK without one would compute; without an "alg" it is RS256
// for RSA and ES256/ES384/ES512 for the P-256/384/521 curves.
func LoadClientKey(path string) (ClientKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return ClientKey{}, err
	}
	return ParseClientKey(b)
}

// ParseClientKey parses what LoadClientKey reads.
func ParseClientKey(b []byte) (ClientKey, error) {
	var k ClientKey
	var raw any
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(t); err != nil {
			return k, fmt.Errorf("not a JSON Web Key: %w", err)
		}
		if jwk.IsPublic() {
			return k, errors.New("a public key: the client needs its private key to sign assertions")
		}
		raw, k.KeyID, k.Algorithm = jwk.Key, jwk.KeyID, jose.SignatureAlgorithm(jwk.Algorithm)
	} else {
		blk, _ := pem.Decode(b)
		if blk == nil {
			return k, errors.New("neither a JSON Web Key nor PEM")
		}
		var err error
		switch blk.Type {
		case "PRIVATE KEY":
			raw, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
		case "RSA PRIVATE KEY":
			raw, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
		case "EC PRIVATE KEY":
			raw, err = x509.ParseECPrivateKey(blk.Bytes)
		default:
			return k, fmt.Errorf("PEM block %q is not a private key", blk.Type)
		}
		if err != nil {
			return k, fmt.Errorf("PEM %s: %w", blk.Type, err)
		}
	}
	var pub crypto.PublicKey
	switch key := raw.(type) {
	case *rsa.PrivateKey:
		if key.N.BitLen() < 2048 {
			return k, fmt.Errorf("an RSA key of %d bits; at least 2048 are needed", key.N.BitLen())
		}
		k.Key, pub = key, &key.PublicKey
		if k.Algorithm == "" {
			k.Algorithm = jose.RS256
		}
	case *ecdsa.PrivateKey:
		k.Key, pub = key, &key.PublicKey
		if k.Algorithm == "" {
			switch key.Curve {
			case elliptic.P256():
				k.Algorithm = jose.ES256
			case elliptic.P384():
				k.Algorithm = jose.ES384
			case elliptic.P521():
				k.Algorithm = jose.ES512
			}
		}
	default:
		return k, fmt.Errorf("a %T key; RSA or ECDSA are supported", raw)
	}
	if k.Algorithm == "" {
		return k, errors.New("no signature algorithm for the key's curve")
	}
	if k.KeyID == "" {
		tp, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
		if err != nil {
			return k, err
		}
		k.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	}
	return k, nil
}

// Discovery is what a provider's discovery document tells this package.
type Discovery struct {
	Issuer, JWKSURL string
}

// DiscoverySuffix ends the URL of every discovery document.
const DiscoverySuffix = "/.well-known/openid-configuration"

// IssuerOf returns the issuer of a discovery document's URL, or u itself
// if it is the issuer already: operators are given either.
func IssuerOf(u string) string {
	return strings.TrimSuffix(u, DiscoverySuffix)
}

// Discover reads issuer's discovery document; the document must name
// issuer exactly (OpenID Connect Discovery 1.0 § 4.3).
func Discover(ctx context.Context, issuer string, client *http.Client) (Discovery, error) {
	if client != nil {
		ctx = oidc.ClientContext(ctx, client)
	}
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return Discovery{}, fmt.Errorf("oidc: discovery of %s: %w", issuer, err)
	}
	var d struct {
		JWKS string `json:"jwks_uri"`
	}
	if err := p.Claims(&d); err != nil || d.JWKS == "" {
		return Discovery{}, fmt.Errorf("oidc: %s names no jwks_uri", issuer)
	}
	return Discovery{Issuer: issuer, JWKSURL: d.JWKS}, nil
}
