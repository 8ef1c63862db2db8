package oidc

import (
	"bytes"
	"crypto/rsa"
	"errors"
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/adapters/oidc/internal/rsapub"
)

// rsaKey is a provider's RSA public key made ready for RS256 verification
// once, when the key set is fetched: crypto/rsa builds the modulus'
// Montgomery constants (R² mod N) anew on every verification, which cost
// a third of an RS256 check (2048 bits) and a fifth of a first-seen
// token's whole verification (CPU profile of BenchmarkReadPathRatio). The
// public operation itself is rsapub's: for 2048 bits on a processor with
// AVX-512 IFMA about four times faster than bigmod's ExpShortVarTime,
// which it uses for every other size and machine
// (BenchmarkExp2048Ratio). See verifyPKCS1v15SHA256.
type rsaKey struct {
	pub *rsa.PublicKey
	key *rsapub.Key
	// em is the encoded message EMSA-PKCS1-v1_5 (RFC 8017 § 9.2) for
	// SHA-256 up to the hash: 0x00 0x01 0xFF…0xFF 0x00 DigestInfo prefix.
	em []byte
}

// sha256DigestInfo is the DER DigestInfo of a SHA-256 hash up to the hash
// itself (RFC 8017 § 9.2, note 1).
var sha256DigestInfo = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// newRSAKey checks pub as crypto/rsa checks a key it verifies with (an odd
// modulus of at least 1024 bits, an odd exponent from 3 to 2³¹−1) and
// precomputes its modulus.
func newRSAKey(pub *rsa.PublicKey) (*rsaKey, error) {
	switch {
	case pub == nil || pub.N == nil:
		return nil, errors.New("no RSA modulus")
	case pub.N.BitLen() < 1024:
		return nil, fmt.Errorf("an RSA key of %d bits, fewer than 1024", pub.N.BitLen())
	case pub.N.Bit(0) == 0:
		return nil, errors.New("an even RSA modulus")
	case pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1:
		return nil, fmt.Errorf("an RSA public exponent %d (odd, 3 to 2³¹−1 are taken)", pub.E)
	}
	key, err := rsapub.NewKey(pub.N, uint(pub.E))
	if err != nil {
		return nil, err
	}
	k := key.Size()
	em := make([]byte, k-32)
	em[1] = 1
	for i := 2; i < len(em)-len(sha256DigestInfo)-1; i++ {
		em[i] = 0xff
	}
	copy(em[len(em)-len(sha256DigestInfo):], sha256DigestInfo)
	return &rsaKey{pub: pub, key: key, em: em}, nil
}

// errVerification is every RS256 signature that does not verify.
var errVerification = errors.New("crypto/rsa: verification error")

// verifyPKCS1v15SHA256 reports whether sig is an RSASSA-PKCS1-v1_5
// signature (RFC 8017 § 8.2.2) of the SHA-256 hash hashed by k, as
// rsa.VerifyPKCS1v15(k.pub, crypto.SHA256, hashed, sig) does — the tests
// check that the two agree (TestRS256AgreesWithCryptoRSA,
// FuzzRS256AgreesWithCryptoRSA) — with the modulus precomputed. It is
// variable-time: every input is public.
func (k *rsaKey) verifyPKCS1v15SHA256(hashed, sig []byte) error {
	if len(hashed) != 32 {
		return errors.New("crypto/rsa: input must be hashed message")
	}
	// The signature is exactly k octets, and less than N as an integer
	// (Exp refuses any other).
	em, err := k.key.Exp(sig)
	if err != nil {
		return errVerification
	}
	// The whole encoded message is compared: padding, DigestInfo, hash.
	if !bytes.Equal(em[:len(k.em)], k.em) || !bytes.Equal(em[len(k.em):], hashed) {
		return errVerification
	}
	return nil
}
