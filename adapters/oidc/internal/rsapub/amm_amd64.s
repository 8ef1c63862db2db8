//go:build amd64 && !purego

#include "textflag.h"

// func amm52x40(out, a, b, n *[40]uint64, k0 uint64)
//
// out = a·b·2⁻²⁰⁸⁰ mod N, almost reduced (below 2N when a, b < 2N and
// N < 2²⁰⁷⁸), in 40 limbs of 52 bits, with AVX-512 IFMA: the word-by-word
// Montgomery multiplication of OpenSSL's rsaz-avx512 ("almost Montgomery
// multiplication", Gueron and Krasnov), here for 2048-bit moduli. The
// accumulator is 40 lanes of 64 bits in Z0–Z4, each lane the sum of
// unnormalised 52-bit products (at most 4·40 of them, below 2⁶⁰); its
// lane 0 is followed in a general register so that the Montgomery digit m
// of each step is computed without waiting for the vector unit to carry.
// a, b and N must be normalised (every limb below 2⁵²); out may be a or
// b: a is loaded before the loop, b is read limb by limb in it, and out
// is written after it. Variable time is not an issue here (every input of
// the RSA public operation is public), but nothing in it depends on the
// values anyway.
//
// Registers: Z0–Z4 accumulator, Z5–Z9 a, Z10–Z14 N, Z15 b[i] broadcast,
// Z16 m broadcast, Z17 zero; R8 a[0], R9 N[0], R10 k0, R11 2⁵²−1,
// R12 the carry into lane 0, DI b, CX steps left.
TEXT ·amm52x40(SB), NOSPLIT, $0-40
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ n+24(FP), DX
	MOVQ k0+32(FP), R10

	VMOVDQU64 0(SI), Z5
	VMOVDQU64 64(SI), Z6
	VMOVDQU64 128(SI), Z7
	VMOVDQU64 192(SI), Z8
	VMOVDQU64 256(SI), Z9
	VMOVDQU64 0(DX), Z10
	VMOVDQU64 64(DX), Z11
	VMOVDQU64 128(DX), Z12
	VMOVDQU64 192(DX), Z13
	VMOVDQU64 256(DX), Z14
	MOVQ 0(SI), R8
	MOVQ 0(DX), R9

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z17, Z17, Z17
	MOVQ $0xfffffffffffff, R11
	XORQ R12, R12
	MOVQ $40, CX

loop:
	MOVQ 0(DI), BX // b[i]
	ADDQ $8, DI
	VPBROADCASTQ BX, Z15

	// x = lane 0 + carry + lo52(a[0]·b[i]); m = x·k0 mod 2⁵²
	VMOVQ X0, AX
	ADDQ R12, AX
	MOVQ R8, R13
	IMULQ BX, R13
	ANDQ R11, R13
	ADDQ R13, AX
	MOVQ AX, R14
	IMULQ R10, R14
	ANDQ R11, R14
	VPBROADCASTQ R14, Z16

	// x + lo52(m·N[0]) is 0 mod 2⁵²: what it carries goes into the
	// next lane 0.
	IMULQ R9, R14
	ANDQ R11, R14
	ADDQ R14, AX
	SHRQ $52, AX
	MOVQ AX, R12

	// The low halves of a·b[i] and N·m into lanes j ...
	VPMADD52LUQ Z5, Z15, Z0
	VPMADD52LUQ Z10, Z16, Z0
	VPMADD52LUQ Z6, Z15, Z1
	VPMADD52LUQ Z11, Z16, Z1
	VPMADD52LUQ Z7, Z15, Z2
	VPMADD52LUQ Z12, Z16, Z2
	VPMADD52LUQ Z8, Z15, Z3
	VPMADD52LUQ Z13, Z16, Z3
	VPMADD52LUQ Z9, Z15, Z4
	VPMADD52LUQ Z14, Z16, Z4

	// ... the accumulator divided by 2⁵² (lane 0, whose value went
	// into the carry, dropped) ...
	VALIGNQ $1, Z0, Z1, Z0
	VALIGNQ $1, Z1, Z2, Z1
	VALIGNQ $1, Z2, Z3, Z2
	VALIGNQ $1, Z3, Z4, Z3
	VALIGNQ $1, Z4, Z17, Z4

	// ... and the high halves into lanes j+1, now j.
	VPMADD52HUQ Z5, Z15, Z0
	VPMADD52HUQ Z10, Z16, Z0
	VPMADD52HUQ Z6, Z15, Z1
	VPMADD52HUQ Z11, Z16, Z1
	VPMADD52HUQ Z7, Z15, Z2
	VPMADD52HUQ Z12, Z16, Z2
	VPMADD52HUQ Z8, Z15, Z3
	VPMADD52HUQ Z13, Z16, Z3
	VPMADD52HUQ Z9, Z15, Z4
	VPMADD52HUQ Z14, Z16, Z4

	DECQ CX
	JNZ loop

	// Normalise: carry each lane's bits above 52 into the next.
	MOVQ out+0(FP), DI
	VMOVDQU64 Z0, 0(DI)
	VMOVDQU64 Z1, 64(DI)
	VMOVDQU64 Z2, 128(DI)
	VMOVDQU64 Z3, 192(DI)
	VMOVDQU64 Z4, 256(DI)
	VZEROUPPER
	MOVQ $40, CX

norm:
	MOVQ 0(DI), AX
	ADDQ R12, AX
	MOVQ AX, R12
	SHRQ $52, R12
	ANDQ R11, AX
	MOVQ AX, 0(DI)
	ADDQ $8, DI
	DECQ CX
	JNZ norm
	RET
