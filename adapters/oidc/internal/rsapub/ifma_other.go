//go:build !amd64 || purego

package rsapub

// hasIFMA: AVX-512 IFMA is taken on amd64 only.
var hasIFMA = false

func amm52x40(out, a, b, n *nat52, k0 uint64) {
	panic("rsapub: AVX-512 IFMA is used on amd64 only")
}
