// Package rsapub is the RSA public operation s^e mod N, the whole cost of
// checking an RS256 signature, made fast for the 2048-bit keys OpenID
// providers sign with.
//
// A Key is prepared once per public key (when a key set is fetched). On a
// 64-bit x86 processor with AVX-512 IFMA (Ice Lake and later, Zen 4 and
// later) a 2048-bit modulus is exponentiated in 52-bit limbs with
// VPMADD52LUQ/VPMADD52HUQ (amm_amd64.s), as OpenSSL's rsaz-avx512 does;
// every other key size and every other machine takes filippo.io/bigmod's
// ExpShortVarTime, the arithmetic crypto/rsa uses. The tests check both
// ways against math/big (TestExpAgreesWithMathBig, FuzzExpAgreesWithMathBig)
// whichever machine runs them. GODEBUG=cpu.avx512f=off (read by
// golang.org/x/sys/cpu, and by the runtime for its own use of AVX-512)
// turns the IFMA arithmetic off, should an operator want to.
//
// Every input of the public operation (the modulus, the exponent, the
// signature) is public, so the arithmetic here is variable-time and
// makes no attempt to be otherwise. It must never be used with a secret.
package rsapub
