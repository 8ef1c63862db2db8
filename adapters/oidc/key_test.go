package oidc

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseClientKey(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(rk)
	require.NoError(t, err)
	sec1, err := x509.MarshalECPrivateKey(ek)
	require.NoError(t, err)
	jwk, err := jose.JSONWebKey{Key: rk, KeyID: "helseid-kid", Algorithm: "PS256"}.MarshalJSON()
	require.NoError(t, err)
	pub, err := jose.JSONWebKey{Key: &rk.PublicKey, KeyID: "k"}.MarshalJSON()
	require.NoError(t, err)
	pemOf := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }

	for _, tc := range []struct {
		name    string
		in      []byte
		alg     jose.SignatureAlgorithm
		kid     string // "" for the thumbprint
		wantErr string
	}{
		{"JWK keeps kid and alg", jwk, jose.PS256, "helseid-kid", ""},
		{"PKCS #8", pemOf("PRIVATE KEY", pkcs8), jose.RS256, "", ""},
		{"PKCS #1", pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk)), jose.RS256, "", ""},
		{"SEC 1", pemOf("EC PRIVATE KEY", sec1), jose.ES256, "", ""},
		{"public JWK", pub, "", "", "public key"},
		{"certificate", pemOf("CERTIFICATE", []byte("x")), "", "", "not a private key"},
		{"RSA below 2048 bits", pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(weak)), "", "", "1024 bits"},
		{"garbage", []byte("hello"), "", "", "neither"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseClientKey(tc.in)
			if tc.wantErr != "" {
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.alg, k.Algorithm)
			if tc.kid != "" {
				assert.Equal(t, tc.kid, k.KeyID)
			} else {
				assert.Regexp(t, `^[A-Za-z0-9_-]{43}$`, k.KeyID, "the RFC 7638 thumbprint")
			}
		})
	}
	a, _ := ParseClientKey(pemOf("PRIVATE KEY", pkcs8))
	b, _ := ParseClientKey(pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk)))
	assert.Equal(t, a.KeyID, b.KeyID, "the thumbprint is the key's, whatever the file's format")
}

func TestDiscover(t *testing.T) {
	p := newTestProvider(t, nil)
	d, err := Discover(context.Background(), IssuerOf(p.issuer()+DiscoverySuffix), nil)
	require.NoError(t, err)
	assert.Equal(t, Discovery{Issuer: p.issuer(), JWKSURL: p.issuer() + "/jwks"}, d)
	_, err = Discover(context.Background(), p.issuer()+"/elsewhere", nil)
	assert.Error(t, err)
}
