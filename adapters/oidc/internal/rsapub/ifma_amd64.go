//go:build amd64 && !purego

package rsapub

import "golang.org/x/sys/cpu"

// hasIFMA: the processor has AVX-512 IFMA and the operating system saves
// the AVX-512 registers (x/sys/cpu checks both).
var hasIFMA = cpu.X86.HasAVX512F && cpu.X86.HasAVX512IFMA

// amm52x40 is in amm_amd64.s.
//
//go:noescape
func amm52x40(out, a, b, n *nat52, k0 uint64)
