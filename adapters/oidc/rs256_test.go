package oidc

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"math/big"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/oidc/internal/rsapub"
)

// rsaTestKeys are one key of each size the differential tests use,
// generated once per test binary.
var rsaTestKeys = sync.OnceValue(func() []*rsa.PrivateKey {
	var out []*rsa.PrivateKey
	for _, bits := range []int{2048, 3072, 4096} {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			panic(err)
		}
		out = append(out, k)
	}
	return out
})

// rawSign is the RSA private operation on em, padded to the key's size:
// a "signature" of any encoded message, well formed or not.
func rawSign(k *rsa.PrivateKey, em []byte) []byte {
	// By the Chinese remainder theorem, as crypto/rsa signs: four times
	// faster than em^D mod N, which the fuzz target notices.
	c := new(big.Int).SetBytes(em)
	p, q := k.Primes[0], k.Primes[1]
	m1 := new(big.Int).Exp(c, k.Precomputed.Dp, p)
	m2 := new(big.Int).Exp(c, k.Precomputed.Dq, q)
	h := m1.Sub(m1, m2)
	h.Mul(h, k.Precomputed.Qinv).Mod(h, p)
	s := h.Mul(h, q).Add(h, m2)
	return s.FillBytes(make([]byte, k.Size()))
}

// pkcs1EM builds EMSA-PKCS1-v1_5 (RFC 8017 § 9.2) for key size k from
// its parts, so that a test can get each one wrong.
func pkcs1EM(k int, lead, bt byte, psLen int, ps byte, sep byte, digestInfo, hash []byte) []byte {
	em := []byte{lead, bt}
	for range psLen {
		em = append(em, ps)
	}
	em = append(em, sep)
	em = append(em, digestInfo...)
	em = append(em, hash...)
	if len(em) < k {
		em = append(make([]byte, k-len(em)), em...)
	}
	return em
}

// agree checks that rsaKey's RS256 verification and crypto/rsa's agree on
// (hashed, sig), and returns whether they accept it.
func agree(t *testing.T, rk *rsaKey, hashed, sig []byte) bool {
	t.Helper()
	want := rsa.VerifyPKCS1v15(rk.pub, crypto.SHA256, hashed, sig) == nil
	got := rk.verifyPKCS1v15SHA256(hashed, sig) == nil
	if got != want {
		t.Fatalf("verifyPKCS1v15SHA256 says %v, crypto/rsa %v (hashed %x, sig %x)", got, want, hashed, sig)
	}
	return got
}

// TestRS256AgreesWithCryptoRSA: RS256 verification with the precomputed
// modulus accepts what crypto/rsa accepts and refuses what it refuses —
// a valid signature, every single bit flipped, a signature cut short or
// lengthened, s ≥ N, signatures over other hashes, and encoded messages
// wrong in each part — for keys of 2048, 3072 and 4096 bits, with
// rsapub's AVX-512 IFMA arithmetic where this machine has it and with its
// fallback (bigmod) for every size.
func TestRS256AgreesWithCryptoRSA(t *testing.T) {
	for _, ifma := range []bool{true, false} {
		name := map[bool]string{true: "ifma", false: "fallback"}[ifma]
		t.Run(name, func(t *testing.T) {
			was := rsapub.UseIFMA(ifma)
			defer rsapub.UseIFMA(was)
			if ifma && !rsapub.UseIFMA(true) {
				t.Skip("no AVX-512 IFMA on this machine")
			}
			testRS256AgreesWithCryptoRSA(t)
		})
	}
}

func testRS256AgreesWithCryptoRSA(t *testing.T) {
	msg := []byte("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwZXIifQ")
	hashed := sha256.Sum256(msg)
	for _, k := range rsaTestKeys() {
		t.Run(fmt.Sprint(k.N.BitLen()), func(t *testing.T) {
			rk, err := newRSAKey(&k.PublicKey)
			require.NoError(t, err)
			sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, hashed[:])
			require.NoError(t, err)
			require.True(t, agree(t, rk, hashed[:], sig), "a valid signature")
			other := sha256.Sum256([]byte("another message"))
			assert.False(t, agree(t, rk, other[:], sig), "another message's hash")
			assert.Error(t, rk.verifyPKCS1v15SHA256(hashed[:31], sig), "a hash cut short")

			for i := range len(sig) * 8 {
				flipped := append([]byte(nil), sig...)
				flipped[i/8] ^= 1 << (i % 8)
				assert.False(t, agree(t, rk, hashed[:], flipped), "bit %d flipped", i)
			}
			n := k.N.FillBytes(make([]byte, k.Size()))
			nPlus1 := new(big.Int).Add(k.N, big.NewInt(1)).FillBytes(make([]byte, k.Size()))
			sPlusN := new(big.Int).Add(new(big.Int).SetBytes(sig), k.N)
			for name, s := range map[string][]byte{
				"cut short":            sig[:len(sig)-1],
				"first byte dropped":   sig[1:],
				"a zero byte before":   append([]byte{0}, sig...),
				"a byte after":         append(append([]byte(nil), sig...), 0),
				"empty":                nil,
				"s = N":                n,
				"s = N + 1":            nPlus1,
				"all ones":             pkcs1EM(k.Size(), 0xff, 0xff, k.Size()-2, 0xff, 0xff, nil, nil),
				"zero":                 make([]byte, k.Size()),
				"s + N, a byte longer": sPlusN.Bytes(),
				"s + N, if it fits":    fitOrNil(sPlusN, k.Size()),
			} {
				assert.False(t, agree(t, rk, hashed[:], s), name)
			}

			// Signatures over other hashes, or over the hash bare.
			for name, sign := range map[string]func() ([]byte, error){
				"SHA-384": func() ([]byte, error) {
					h := sha512.Sum384(msg)
					return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA384, h[:])
				},
				"SHA-512": func() ([]byte, error) {
					h := sha512.Sum512(msg)
					return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA512, h[:])
				},
				"SHA-1": func() ([]byte, error) {
					h := sha1.Sum(msg)
					return rawSign(k, pkcs1EM(k.Size(), 0, 1, k.Size()-3-15-20, 0xff, 0,
						[]byte{0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14}, h[:])), nil
				},
				"no DigestInfo": func() ([]byte, error) { return rsa.SignPKCS1v15(rand.Reader, k, 0, hashed[:]) },
			} {
				s, err := sign()
				require.NoError(t, err)
				assert.False(t, agree(t, rk, hashed[:], s), name)
			}

			// Encoded messages wrong in one part each, signed raw.
			di, h, size := sha256DigestInfo, hashed[:], k.Size()
			ps := size - 3 - len(di) - len(h)
			require.True(t, agree(t, rk, h, rawSign(k, pkcs1EM(size, 0, 1, ps, 0xff, 0, di, h))), "the encoding built here is right")
			noNull := []byte{0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x04, 0x20}
			badPS := pkcs1EM(size, 0, 1, ps, 0xff, 0, di, h)
			badPS[2+ps/2] = 0xfe
			for name, em := range map[string][]byte{
				"block type 2":                pkcs1EM(size, 0, 2, ps, 0xff, 0, di, h),
				"block type 0":                pkcs1EM(size, 0, 0, ps, 0xff, 0, di, h),
				"padding not all 0xFF":        badPS,
				"padding of zeros":            pkcs1EM(size, 0, 1, ps, 0, 0, di, h),
				"separator not zero":          pkcs1EM(size, 0, 1, ps, 0xff, 1, di, h),
				"padding one byte short":      pkcs1EM(size, 0, 1, ps-1, 0xff, 0, di, append([]byte{0}, h...)),
				"padding one byte long":       pkcs1EM(size, 0, 1, ps+1, 0xff, 0, di, h[1:]),
				"DigestInfo without NULL":     pkcs1EM(size, 0, 1, ps+2, 0xff, 0, noNull, h),
				"no DigestInfo":               pkcs1EM(size, 0, 1, ps+len(di), 0xff, 0, nil, h),
				"hash then garbage":           pkcs1EM(size, 0, 1, ps-4, 0xff, 0, di, append(append([]byte(nil), h...), 1, 2, 3, 4)),
				"another hash":                pkcs1EM(size, 0, 1, ps, 0xff, 0, di, make([]byte, 32)),
				"short, left-padded by zeros": pkcs1EM(size, 0, 1, ps-1, 0xff, 0, di, h)[1:],
			} {
				assert.False(t, agree(t, rk, h, rawSign(k, em)), name)
			}
		})
	}
}

func fitOrNil(x *big.Int, size int) []byte {
	if (x.BitLen()+7)/8 > size {
		return nil
	}
	return x.FillBytes(make([]byte, size))
}

// FuzzRS256AgreesWithCryptoRSA: for any message and signature, or any
// encoded message signed raw, RS256 verification with the precomputed
// modulus and crypto/rsa agree.
//
//	go test -run '^$' -fuzz FuzzRS256AgreesWithCryptoRSA -fuzztime 1m ./adapters/oidc/
func FuzzRS256AgreesWithCryptoRSA(f *testing.F) {
	keys := rsaTestKeys()
	var rks []*rsaKey
	for _, k := range keys {
		rk, err := newRSAKey(&k.PublicKey)
		require.NoError(f, err)
		rks = append(rks, rk)
	}
	for i, k := range keys {
		msg := []byte("header.payload")
		h := sha256.Sum256(msg)
		sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
		require.NoError(f, err)
		size := k.Size()
		f.Add(uint8(i), false, msg, sig)
		f.Add(uint8(i), true, msg, pkcs1EM(size, 0, 1, size-3-len(sha256DigestInfo)-32, 0xff, 0, sha256DigestInfo, h[:]))
		f.Add(uint8(i), true, msg, pkcs1EM(size, 0, 1, size-3-len(sha256DigestInfo)-32, 0xff, 0, sha256DigestInfo, h[:])[:size-1])
	}
	f.Fuzz(func(t *testing.T, which uint8, raw bool, msg, sig []byte) {
		k, rk := keys[int(which)%len(keys)], rks[int(which)%len(keys)]
		if raw { // sig is an encoded message: sign it raw, if it is below N
			if len(sig) > k.Size() || new(big.Int).SetBytes(sig).Cmp(k.N) >= 0 {
				return
			}
			sig = rawSign(k, sig)
		}
		h := sha256.Sum256(msg)
		agree(t, rk, h[:], sig)
	})
}

func TestNewRSAKeyRefusesWhatCryptoRSARefuses(t *testing.T) {
	k := rsaTestKeys()[0]
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	_, err = newRSAKey(&small.PublicKey)
	require.NoError(t, err, "crypto/rsa verifies with 1024 bits")
	for name, pub := range map[string]*rsa.PublicKey{
		"even modulus":     {N: new(big.Int).Add(k.N, big.NewInt(1)), E: 65537},
		"exponent 1":       {N: k.N, E: 1},
		"even exponent":    {N: k.N, E: 65536},
		"exponent ≥ 2³¹":   {N: k.N, E: 1 << 31},
		"1023-bit modulus": {N: new(big.Int).Rsh(small.N, 1).SetBit(new(big.Int).Rsh(small.N, 1), 0, 1), E: 65537},
		"no modulus":       {E: 65537},
	} {
		_, err := newRSAKey(pub)
		assert.Error(t, err, name)
		if pub.N != nil {
			h := sha256.Sum256([]byte("m"))
			assert.Error(t, rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], make([]byte, (pub.N.BitLen()+7)/8)), "crypto/rsa refuses %s too", name)
		}
	}
}

// BenchmarkRS256 checks one RS256 signature with crypto/rsa and with the
// modulus prepared once (rsaKey), for each key size, in the same run.
//
//	go test -run '^$' -bench BenchmarkRS256 -count 3 ./adapters/oidc/
func BenchmarkRS256(b *testing.B) {
	for _, k := range rsaTestKeys() {
		hashed := sha256.Sum256([]byte("header.payload"))
		sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, hashed[:])
		require.NoError(b, err)
		rk, err := newRSAKey(&k.PublicKey)
		require.NoError(b, err)
		b.Run(fmt.Sprintf("%d/crypto-rsa", k.N.BitLen()), func(b *testing.B) {
			for b.Loop() {
				if rsa.VerifyPKCS1v15(&k.PublicKey, crypto.SHA256, hashed[:], sig) != nil {
					b.Fatal("refused")
				}
			}
		})
		b.Run(fmt.Sprintf("%d/prepared", k.N.BitLen()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rk.verifyPKCS1v15SHA256(hashed[:], sig) != nil {
					b.Fatal("refused")
				}
			}
		})
	}
}
