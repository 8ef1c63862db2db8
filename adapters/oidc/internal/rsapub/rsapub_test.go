package rsapub

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"filippo.io/bigmod"
	"github.com/stretchr/testify/require"
)

// paths runs f with the IFMA arithmetic, if this machine has it, and with
// the fallback every other machine takes.
func paths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	if hasIFMA {
		t.Run("ifma", f)
	} else {
		t.Log("no AVX-512 IFMA here: the fallback only")
	}
	t.Run("fallback", func(t *testing.T) {
		useIFMA = false
		defer func() { useIFMA = hasIFMA }()
		f(t)
	})
}

// testModuli are odd moduli of 2048, 3072 and 4096 bits (RSA moduli and
// random odd numbers), and a few smaller.
var testModuli = sync.OnceValue(func() []*big.Int {
	var out []*big.Int
	for _, bits := range []int{2048, 3072, 4096} {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			panic(err)
		}
		out = append(out, k.N)
	}
	for _, bits := range []int{2048, 2048, 2047, 2041, 2040, 1024, 1000, 64, 3} {
		n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
		if err != nil {
			panic(err)
		}
		n.SetBit(n, bits-1, 1).SetBit(n, 0, 1)
		out = append(out, n)
	}
	// 2²⁰⁴⁸ − 1 and 2²⁰⁴⁷ + 1: every limb full, and the fewest bits set.
	out = append(out, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 2048), big.NewInt(1)))
	out = append(out, new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 2047), big.NewInt(1)))
	return out
})

// checkExp checks k.Exp(s) against math/big for s of Size bytes, and that
// s ≥ N is refused.
func checkExp(t *testing.T, k *Key, n *big.Int, e uint, s *big.Int) {
	t.Helper()
	in := s.FillBytes(make([]byte, k.Size()))
	got, err := k.Exp(in)
	if s.Cmp(n) >= 0 {
		require.Error(t, err, "s ≥ N")
		return
	}
	require.NoError(t, err)
	want := new(big.Int).Exp(s, new(big.Int).SetUint64(uint64(e)), n).FillBytes(make([]byte, k.Size()))
	require.Equal(t, want, got, "%x^%d mod %x", s, e, n)
}

// TestExpAgreesWithMathBig: s^e mod N agrees with math/big's Exp for
// random s and for 0, 1, 2, N−1 and N−2, for each test modulus and
// exponents 3, 5, 17, 65537, a random odd one and 2³¹−1, and s ≥ N (N,
// N+1 when it fits, all ones) is refused — with the IFMA arithmetic (on a
// machine that has it) and with the fallback.
func TestExpAgreesWithMathBig(t *testing.T) {
	paths(t, func(t *testing.T) {
		for _, n := range testModuli() {
			t.Run(fmt.Sprint(n.BitLen()), func(t *testing.T) {
				for _, e := range []uint{3, 5, 17, 65537, 0x5a5a5a5b, 1<<31 - 1} {
					k, err := NewKey(n, e)
					require.NoError(t, err)
					require.Equal(t, (n.BitLen()+7)/8, k.Size())
					one := big.NewInt(1)
					nMinus1 := new(big.Int).Sub(n, one)
					for _, s := range []*big.Int{
						big.NewInt(0), one, big.NewInt(2), nMinus1, new(big.Int).Sub(nMinus1, one),
						n, new(big.Int).Sub(new(big.Int).Lsh(one, uint(8*k.Size())), one),
					} {
						if s.Sign() >= 0 && s.BitLen() <= 8*k.Size() {
							checkExp(t, k, n, e, s)
						}
					}
					if n.BitLen() < 8*k.Size() {
						checkExp(t, k, n, e, new(big.Int).Add(n, one))
					}
					for range 20 {
						s, err := rand.Int(rand.Reader, n)
						require.NoError(t, err)
						checkExp(t, k, n, e, s)
					}
				}
			})
		}
	})
}

func TestExpRefusesWrongLengths(t *testing.T) {
	paths(t, func(t *testing.T) {
		k, err := NewKey(testModuli()[0], 65537)
		require.NoError(t, err)
		for _, l := range []int{0, 1, k.Size() - 1, k.Size() + 1} {
			_, err := k.Exp(make([]byte, l))
			require.Error(t, err, "%d bytes", l)
		}
	})
}

func TestNewKeyRefuses(t *testing.T) {
	n := testModuli()[0]
	for name, c := range map[string]struct {
		n *big.Int
		e uint
	}{
		"even modulus": {new(big.Int).Add(n, big.NewInt(1)), 65537},
		"modulus 1":    {big.NewInt(1), 65537},
		"modulus 0":    {big.NewInt(0), 65537},
		"negative":     {new(big.Int).Neg(n), 65537},
		"no modulus":   {nil, 65537},
		"exponent 1":   {n, 1},
		"even exp.":    {n, 65536},
	} {
		_, err := NewKey(c.n, c.e)
		require.Error(t, err, name)
	}
}

// TestAMMAgreesWithMathBig checks the IFMA Montgomery product itself:
// for a, b below 2N, amm52x40 gives a·b·2⁻²⁰⁸⁰ mod N, below 2N, in
// normalised limbs — including a, b = 2N−1, the largest it is given.
func TestAMMAgreesWithMathBig(t *testing.T) {
	if !hasIFMA {
		t.Skip("no AVX-512 IFMA on this machine")
	}
	for _, n := range testModuli() {
		if (n.BitLen()+7)/8 != 256 {
			continue
		}
		k := newIFMAKey(n)
		twoN := new(big.Int).Lsh(n, 1)
		rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), limbs*limbBits), n)
		edge := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(n, big.NewInt(1)), n, new(big.Int).Sub(twoN, big.NewInt(1))}
		var cases [][2]*big.Int
		for _, a := range edge {
			for _, b := range edge {
				cases = append(cases, [2]*big.Int{a, b})
			}
		}
		for range 200 {
			a, _ := rand.Int(rand.Reader, twoN)
			b, _ := rand.Int(rand.Reader, twoN)
			cases = append(cases, [2]*big.Int{a, b})
		}
		for _, c := range cases {
			a, b := toLimbs(c[0]), toLimbs(c[1])
			var out nat52
			amm52x40(&out, a, b, &k.n, k.k0)
			got := fromLimbs(&out)
			for i, l := range out {
				require.Less(t, l, uint64(1)<<limbBits, "limb %d", i)
			}
			require.Equal(t, -1, got.Cmp(twoN), "below 2N")
			want := new(big.Int).Mul(c[0], c[1])
			want.Mul(want, rInv).Mod(want, n)
			require.Equal(t, want, new(big.Int).Mod(got, n), "%x·%x", c[0], c[1])
		}
	}
}

// toLimbs is x, below 2²⁰⁸⁰, in 52-bit limbs (toNat52 reads 2048 bits
// only, and a Montgomery product's operands go up to 2N).
func toLimbs(x *big.Int) *nat52 {
	var z nat52
	y := new(big.Int).Set(x)
	mask := big.NewInt(limbMask)
	for i := range z {
		z[i] = new(big.Int).And(y, mask).Uint64()
		y.Rsh(y, limbBits)
	}
	return &z
}

func fromLimbs(z *nat52) *big.Int {
	x := new(big.Int)
	for i := limbs - 1; i >= 0; i-- {
		x.Lsh(x, limbBits).Or(x, new(big.Int).SetUint64(z[i]))
	}
	return x
}

// FuzzExpAgreesWithMathBig: for any 2048-bit odd modulus (the IFMA
// arithmetic's), any s and any odd exponent, Exp agrees with math/big.
//
//	go test -run '^$' -fuzz FuzzExpAgreesWithMathBig -fuzztime 1m ./adapters/oidc/internal/rsapub/
func FuzzExpAgreesWithMathBig(f *testing.F) {
	n := testModuli()[0].Bytes()
	f.Add(n, []byte{2}, uint32(65537), false)
	f.Add(n, n, uint32(3), true)
	f.Add(make([]byte, 256), []byte{0xff}, uint32(65537), false)
	f.Fuzz(func(t *testing.T, nb, sb []byte, e uint32, fallback bool) {
		if len(nb) > 256 {
			nb = nb[:256]
		}
		// The modulus: 2048 bits, odd, from the fuzzer's bytes.
		n := new(big.Int).SetBytes(nb)
		n.SetBit(n, 2047, 1).SetBit(n, 0, 1)
		ee := uint(e) | 1
		if ee < 3 {
			ee = 3
		}
		k, err := NewKey(n, ee)
		require.NoError(t, err)
		if len(sb) > 256 {
			sb = sb[:256]
		}
		if fallback {
			useIFMA = false
			defer func() { useIFMA = hasIFMA }()
		}
		checkExp(t, k, n, ee, new(big.Int).SetBytes(sb))
	})
}

// BenchmarkExp2048Ratio is the RSA-2048 public operation (e = 65537)
// here and with filippo.io/bigmod's ExpShortVarTime on a prepared modulus
// (what the oidc adapter used before), interleaved: each iteration times
// one of each, so that a busy machine slows both alike, and reports how
// many times faster this package's is (bigmod/rsapub) and the µs of each.
//
//	go test -run '^$' -bench BenchmarkExp2048Ratio -benchtime 20000x -count 3 ./adapters/oidc/internal/rsapub/
func BenchmarkExp2048Ratio(b *testing.B) {
	n := testModuli()[0]
	k, err := NewKey(n, 65537)
	require.NoError(b, err)
	m, err := bigmod.NewModulus(n.Bytes())
	require.NoError(b, err)
	s, err := rand.Int(rand.Reader, n)
	require.NoError(b, err)
	in := s.FillBytes(make([]byte, 256))
	var dHere, dBigmod time.Duration
	for b.Loop() {
		start := time.Now()
		got, err := k.Exp(in)
		dHere += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		x, err := bigmod.NewNat().SetBytes(in, m)
		if err != nil {
			b.Fatal(err)
		}
		want := bigmod.NewNat().ExpShortVarTime(x, 65537, m).Bytes(m)
		dBigmod += time.Since(start)
		if !bytes.Equal(got, want) {
			b.Fatal("rsapub and bigmod disagree")
		}
	}
	b.ReportMetric(float64(dBigmod)/float64(dHere), "bigmod/rsapub")
	b.ReportMetric(float64(dHere)/float64(b.N)/1e3, "µs-rsapub")
	b.ReportMetric(float64(dBigmod)/float64(b.N)/1e3, "µs-bigmod")
}

// BenchmarkAMM is one IFMA Montgomery product of 2048 bits, normalised.
//
//	go test -run '^$' -bench BenchmarkAMM -count 3 ./adapters/oidc/internal/rsapub/
func BenchmarkAMM(b *testing.B) {
	if !hasIFMA {
		b.Skip("no AVX-512 IFMA on this machine")
	}
	n := testModuli()[0]
	k := newIFMAKey(n)
	x, err := rand.Int(rand.Reader, n)
	require.NoError(b, err)
	a := toLimbs(x)
	for b.Loop() {
		amm52x40(a, a, a, &k.n, k.k0)
	}
}
