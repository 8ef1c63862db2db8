//go:build amd64 && !purego

#include "textflag.h"

// func amm52x40(out, a, b, n *nat52, k0 uint64)
//
// out = a·b·2⁻²⁰⁸⁰ mod N, almost reduced (below 2N when a, b < 2N and
// N < 2²⁰⁷⁸), in 40 limbs of 52 bits, with AVX-512 IFMA: the word-by-word
// Montgomery multiplication of OpenSSL's rsaz-avx512 ("almost Montgomery
// multiplication", Gueron and Krasnov), here for 2048-bit moduli. Step i
// adds a·b[i] + m·N to the accumulator, where the digit m makes its lane 0
// a multiple of 2⁵², and divides it by 2⁵² (the lanes shift down by one).
//
// The accumulator is 40 lanes of 64 bits, each the sum of unnormalised
// 52-bit halves of products, in two sets: Z0–Z4 the halves of a·b[i],
// Z5–Z9 those of m·N, so that each set's lanes wait for two
// multiply-adds a step, not four. Each lane takes at most 2·40 halves a
// set, below 2⁵⁹; the two sets are added and carried at the end.
//
// The digit m of a step needs lane 0 exactly, carries included. It is
// kept in R12 (T), computed ahead in general registers from the lane 1 of
// both sets at the start of the step and the products of the step that
// land in it — lo(a[1]·b[i]) + hi(a[0]·b[i]) + lo(m·N[1]) + hi(m·N[0]) +
// the carry of lane 0 — so that the next digit waits on the vector unit
// only for what the step before it added, not for this step's.
//
// a, b and N must be normalised (every limb below 2⁵²); out may be a or
// b: a is loaded before the loop, b is read limb by limb in it, and out
// is written after it. Every input of the RSA public operation is public;
// the time taken here does not depend on the values anyway.
//
// Registers: Z0–Z4, Z5–Z9 the accumulator's two sets, Z10–Z14 N,
// Z18–Z22 a, Z15 b[i] broadcast, Z16 m broadcast, Z17 zero; R8 a[0],
// R9 a[1], R10 N[0], R11 N[1], R12 T, R13 k0, R14 what goes into the next
// T, R15 2⁵²−1, DI b, CX steps left.
TEXT ·amm52x40(SB), NOSPLIT, $0-40
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ n+24(FP), DX
	MOVQ k0+32(FP), R13

	VMOVDQU64 0(SI), Z18
	VMOVDQU64 64(SI), Z19
	VMOVDQU64 128(SI), Z20
	VMOVDQU64 192(SI), Z21
	VMOVDQU64 256(SI), Z22
	VMOVDQU64 0(DX), Z10
	VMOVDQU64 64(DX), Z11
	VMOVDQU64 128(DX), Z12
	VMOVDQU64 192(DX), Z13
	VMOVDQU64 256(DX), Z14
	MOVQ 0(SI), R8
	MOVQ 8(SI), R9
	MOVQ 0(DX), R10
	MOVQ 8(DX), R11

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z17, Z17, Z17
	MOVQ $0xfffffffffffff, R15
	XORQ R12, R12
	MOVQ $40, CX

loop:
	MOVQ 0(DI), BX // b[i]
	ADDQ $8, DI
	// R14 = lane 1 of both sets before this step + lo(a[1]·b[i])
	VPEXTRQ $1, X0, R14
	VPEXTRQ $1, X5, AX
	VPBROADCASTQ BX, Z15
	VPMADD52LUQ Z18, Z15, Z0
	VPMADD52LUQ Z19, Z15, Z1
	VPMADD52LUQ Z20, Z15, Z2
	VPMADD52LUQ Z21, Z15, Z3
	VPMADD52LUQ Z22, Z15, Z4
	ADDQ AX, R14
	MOVQ R9, AX
	IMULQ BX, AX
	ANDQ R15, AX
	ADDQ AX, R14

	// T += lo(a[0]·b[i]); R14 += hi(a[0]·b[i])
	MOVQ R8, AX
	MULQ BX
	MOVQ AX, SI
	ANDQ R15, SI
	ADDQ SI, R12
	SHRQ $52, DX, AX
	ADDQ AX, R14

	// m = T·k0 mod 2⁵²
	MOVQ R12, AX
	IMULQ R13, AX
	ANDQ R15, AX
	VPBROADCASTQ AX, Z16

	// R14 += lo(m·N[1])
	MOVQ AX, BX
	IMULQ R11, BX
	ANDQ R15, BX
	ADDQ BX, R14

	// T + lo(m·N[0]) is 0 mod 2⁵²: its carry, R14 and hi(m·N[0]) are
	// the next step's T.
	MULQ R10
	MOVQ AX, SI
	ANDQ R15, SI
	ADDQ SI, R12
	SHRQ $52, R12
	SHRQ $52, DX, AX
	ADDQ AX, R12
	ADDQ R14, R12

	VPMADD52LUQ Z10, Z16, Z5
	VPMADD52LUQ Z11, Z16, Z6
	VPMADD52LUQ Z12, Z16, Z7
	VPMADD52LUQ Z13, Z16, Z8
	VPMADD52LUQ Z14, Z16, Z9

	// Both sets divided by 2⁵² (lane 0, which T holds, dropped) ...
	VALIGNQ $1, Z0, Z1, Z0
	VALIGNQ $1, Z1, Z2, Z1
	VALIGNQ $1, Z2, Z3, Z2
	VALIGNQ $1, Z3, Z4, Z3
	VALIGNQ $1, Z4, Z17, Z4
	VALIGNQ $1, Z5, Z6, Z5
	VALIGNQ $1, Z6, Z7, Z6
	VALIGNQ $1, Z7, Z8, Z7
	VALIGNQ $1, Z8, Z9, Z8
	VALIGNQ $1, Z9, Z17, Z9

	// ... and the high halves into lanes j+1, now j.
	VPMADD52HUQ Z18, Z15, Z0
	VPMADD52HUQ Z19, Z15, Z1
	VPMADD52HUQ Z20, Z15, Z2
	VPMADD52HUQ Z21, Z15, Z3
	VPMADD52HUQ Z22, Z15, Z4
	VPMADD52HUQ Z10, Z16, Z5
	VPMADD52HUQ Z11, Z16, Z6
	VPMADD52HUQ Z12, Z16, Z7
	VPMADD52HUQ Z13, Z16, Z8
	VPMADD52HUQ Z14, Z16, Z9

	DECQ CX
	JNZ loop

	// The two sets added, lane 0 replaced by T, and every lane's bits
	// above 52 carried into the next.
	VPADDQ Z5, Z0, Z0
	VPADDQ Z6, Z1, Z1
	VPADDQ Z7, Z2, Z2
	VPADDQ Z8, Z3, Z3
	VPADDQ Z9, Z4, Z4
	MOVQ out+0(FP), DI
	VMOVDQU64 Z0, 0(DI)
	VMOVDQU64 Z1, 64(DI)
	VMOVDQU64 Z2, 128(DI)
	VMOVDQU64 Z3, 192(DI)
	VMOVDQU64 Z4, 256(DI)
	VZEROUPPER
	MOVQ R12, 0(DI)
	XORQ R12, R12
	MOVQ $40, CX

norm:
	MOVQ 0(DI), AX
	ADDQ R12, AX
	MOVQ AX, R12
	SHRQ $52, R12
	ANDQ R15, AX
	MOVQ AX, 0(DI)
	ADDQ $8, DI
	DECQ CX
	JNZ norm
	RET
