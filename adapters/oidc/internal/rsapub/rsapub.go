package rsapub

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/big"
	"math/bits"

	"filippo.io/bigmod"
)

// limbs is the number of 52-bit limbs of a 2048-bit number in the IFMA
// arithmetic: 40·52 = 2080 bits, so that R = 2²⁰⁸⁰ > 4N, which lets every
// Montgomery product stay below 2N without a final subtraction.
const limbs = 40

// limbBits is the width of a limb: what VPMADD52LUQ multiplies.
const limbBits = 52

const limbMask = 1<<limbBits - 1

// nat52 is a number below 2²⁰⁸⁰ in 52-bit limbs, least significant
// first.
type nat52 [limbs]uint64

// Key is an RSA public key prepared for the public operation.
type Key struct {
	size int // bytes of the modulus
	e    uint
	n    []byte // the modulus, size bytes big-endian
	mod  *bigmod.Modulus
	ifma *ifmaKey // nil when the IFMA arithmetic does not take this size
}

// ifmaKey is what the IFMA arithmetic needs of a 2048-bit modulus.
type ifmaKey struct {
	n  nat52
	rr nat52  // R² mod N, R = 2²⁰⁸⁰
	k0 uint64 // −N⁻¹ mod 2⁵²
}

// useIFMA says whether the IFMA arithmetic is used: where this machine
// has AVX-512 IFMA, unless a test turned it off to check the fallback.
var useIFMA = hasIFMA

// UseIFMA turns the AVX-512 IFMA arithmetic on (where the processor has
// it) or off, and returns whether it was on: for the tests of a package
// using this one, to check the fallback on a machine that has IFMA too.
// It must not be called while a Key is in use.
func UseIFMA(on bool) (was bool) {
	was, useIFMA = useIFMA, on && hasIFMA
	return was
}

// NewKey prepares the modulus n (odd, at least 2 bits) and the exponent e
// (odd, at least 3) of an RSA public key. The caller checks the sizes it
// accepts.
func NewKey(n *big.Int, e uint) (*Key, error) {
	switch {
	case n == nil || n.Sign() <= 0 || n.Bit(0) == 0 || n.BitLen() < 2:
		return nil, errors.New("rsapub: the modulus must be odd and above 1")
	case e < 3 || e&1 == 0:
		return nil, errors.New("rsapub: the exponent must be odd and at least 3")
	}
	mod, err := bigmod.NewModulus(n.Bytes())
	if err != nil {
		return nil, err
	}
	k := &Key{size: mod.Size(), e: e, mod: mod}
	k.n = n.FillBytes(make([]byte, k.size))
	if k.size == 256 {
		k.ifma = newIFMAKey(n)
	}
	return k, nil
}

func newIFMAKey(n *big.Int) *ifmaKey {
	k := &ifmaKey{}
	k.n = toNat52(n.FillBytes(make([]byte, 256)))
	r := new(big.Int).Lsh(big.NewInt(1), 2*limbs*limbBits)
	k.rr = toNat52(r.Mod(r, n).FillBytes(make([]byte, 256)))
	// −N⁻¹ mod 2⁶⁴ by Newton's iteration (each step doubles the bits
	// that are right; N·N ≡ 1 mod 8 gives three to start), then mod 2⁵².
	n0 := n.Bits()[0]
	inv := uint64(n0)
	for range 5 {
		inv *= 2 - uint64(n0)*inv
	}
	k.k0 = -inv & limbMask
	return k
}

// Size is the length in bytes of the modulus, and of every signature.
func (k *Key) Size() int { return k.size }

// errInput is any s that is not Size bytes or is not below N.
var errInput = errors.New("rsapub: the input is not Size bytes below the modulus")

// Exp returns s^e mod N in Size bytes, big-endian, for s of exactly Size
// bytes (big-endian) and below N, the RSA public operation of RFC 8017
// § 5.2.2 (RSAVP1). It is variable-time: every input is public.
func (k *Key) Exp(s []byte) ([]byte, error) {
	if len(s) != k.size || bytes.Compare(s, k.n) >= 0 {
		return nil, errInput
	}
	if k.ifma != nil && useIFMA {
		return k.ifma.exp(s, k.e), nil
	}
	x, err := bigmod.NewNat().SetBytes(s, k.mod)
	if err != nil { // not reached: s < N was checked above
		return nil, errInput
	}
	return bigmod.NewNat().ExpShortVarTime(x, k.e, k.mod).Bytes(k.mod), nil
}

// exp is s^e mod N by left-to-right square and multiply in the Montgomery
// domain (R = 2²⁰⁸⁰). e is odd: its last bit is taken by a product with s
// outside the domain, which takes the result out of it with no further
// multiplication (s^(e−1)·R · s · R⁻¹ = s^e) — 18 products for 65537.
func (k *ifmaKey) exp(sb []byte, e uint) []byte {
	s := toNat52(sb)
	var x, acc nat52
	amm52x40(&x, &s, &k.rr, &k.n, k.k0) // s·R
	acc = x
	for i := bits.Len(e) - 2; i >= 1; i-- {
		amm52x40(&acc, &acc, &acc, &k.n, k.k0)
		if e>>i&1 == 1 {
			amm52x40(&acc, &acc, &x, &k.n, k.k0)
		}
	}
	amm52x40(&acc, &acc, &acc, &k.n, k.k0)
	amm52x40(&acc, &acc, &s, &k.n, k.k0) // below 2N
	if !less(&acc, &k.n) {
		sub(&acc, &k.n)
	}
	return fromNat52(&acc)
}

// toNat52 reads 256 big-endian bytes into 52-bit limbs.
func toNat52(b []byte) nat52 {
	var w [32]uint64 // least significant first
	for i := range w {
		w[i] = binary.BigEndian.Uint64(b[len(b)-8*(i+1):])
	}
	var z nat52
	for j := range z {
		q, r := j*limbBits/64, uint(j*limbBits%64)
		l := w[q] >> r
		if q+1 < len(w) {
			l |= w[q+1] << (64 - r) // 0 when r is 0
		}
		z[j] = l & limbMask
	}
	return z
}

// fromNat52 writes z, below 2²⁰⁴⁸, as 256 big-endian bytes.
func fromNat52(z *nat52) []byte {
	var w [32]uint64
	for j, l := range z {
		q, r := j*limbBits/64, uint(j*limbBits%64)
		w[q] |= l << r
		if q+1 < len(w) {
			w[q+1] |= l >> (64 - r) // 0 when r is 0
		}
	}
	out := make([]byte, 256)
	for i, x := range w {
		binary.BigEndian.PutUint64(out[len(out)-8*(i+1):], x)
	}
	return out
}

// less reports whether x < y.
func less(x, y *nat52) bool {
	for i := limbs - 1; i >= 0; i-- {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

// sub sets x to x − y, for x ≥ y.
func sub(x, y *nat52) {
	var borrow uint64
	for i := range x {
		d := x[i] - y[i] - borrow
		x[i] = d & limbMask
		borrow = d >> 63
	}
}
