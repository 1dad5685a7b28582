package sampler

import (
	_ "embed"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// MaxSobolDims is the number of Sobol' dimensions supported: the van der
// Corput dimension plus the 1,110 rows of Joe and Kuo's table embedded from
// data/joe-kuo-6.21201.txt.
const MaxSobolDims = 1111

//go:embed data/joe-kuo-6.21201.txt
var joeKuoText string

// sobolPoly is one row of Joe and Kuo's table: the degree s of a primitive
// polynomial over GF(2), its inner coefficients a (bit s-2 is the coefficient
// of x^(s-1), bit 0 that of x), and the initial direction integers m_1..m_s.
type sobolPoly struct {
	s uint
	a uint32
	m []uint32
}

var (
	joeKuoOnce sync.Once
	joeKuoRows []sobolPoly
)

// joeKuo returns the parsed table, row k holding dimension k+2. It panics if
// the embedded file is malformed, which a test rules out.
func joeKuo() []sobolPoly {
	joeKuoOnce.Do(func() {
		rows, err := parseJoeKuo(joeKuoText)
		if err != nil {
			panic(err)
		}
		joeKuoRows = rows
	})
	return joeKuoRows
}

// parseJoeKuo reads rows "d s a m_1 ... m_s", skipping blank lines and lines
// starting with '#'. Dimensions must run 2, 3, ... without gaps.
func parseJoeKuo(text string) ([]sobolPoly, error) {
	var rows []sobolPoly
	for ln, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		v := make([]uint64, len(f))
		for i, s := range f {
			x, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("sampler: direction numbers line %d: %w", ln+1, err)
			}
			v[i] = x
		}
		if len(v) < 4 || v[0] != uint64(len(rows)+2) || v[1] < 1 || v[1] > 31 ||
			uint64(len(v)) != 3+v[1] {
			return nil, fmt.Errorf("sampler: direction numbers line %d: malformed row", ln+1)
		}
		p := sobolPoly{s: uint(v[1]), a: uint32(v[2]), m: make([]uint32, v[1])}
		for k := range p.m {
			p.m[k] = uint32(v[3+k])
		}
		rows = append(rows, p)
	}
	if len(rows) != MaxSobolDims-1 {
		return nil, fmt.Errorf("sampler: %d rows of direction numbers, want %d",
			len(rows), MaxSobolDims-1)
	}
	return rows, nil
}

// sobolDirections returns the direction numbers v_1..v_32 of Sobol'
// dimension dim (counted from 1), scaled by 2^32: v[k] holds v_(k+1).
//
// Dimension 1 has v_k = 2^-k. Dimension d >= 2 takes row d of the table:
// v_k = m_k / 2^k for k <= s, then the recurrence of Bratley and Fox (1988)
// as written by Joe and Kuo (2008, eq. 3):
//
//	v_k = a_1 v_(k-1) ⊕ ... ⊕ a_(s-1) v_(k-s+1) ⊕ v_(k-s) ⊕ (v_(k-s) / 2^s).
func sobolDirections(dim int) [32]uint32 {
	var v [32]uint32
	if dim == 1 {
		for k := range v {
			v[k] = 1 << (31 - k)
		}
		return v
	}
	p := joeKuo()[dim-2]
	for k := range 32 {
		if uint(k) < p.s {
			v[k] = p.m[k] << (31 - k)
			continue
		}
		x := v[uint(k)-p.s]
		x ^= x >> p.s
		for j := uint(1); j < p.s; j++ {
			if p.a>>(p.s-1-j)&1 == 1 {
				x ^= v[uint(k)-j]
			}
		}
		v[k] = x
	}
	return v
}

// sobolPoint32 returns point i of the dimension with directions v, scaled by
// 2^32, in Gray-code order (Antonov and Saleev 1979): the XOR of v_(k+1) over
// the set bits k of i ⊕ (i >> 1). i must be below 2^32.
func sobolPoint32(i uint64, v *[32]uint32) uint32 {
	var x uint32
	for g := i ^ i>>1; g != 0; g &= g - 1 {
		x ^= v[bits.TrailingZeros64(g)]
	}
	return x
}

// SobolPoint returns point i (counted from 0) of dimension dim (counted from
// 1, as in Joe and Kuo's table) of the unscrambled Sobol' sequence, exactly:
// a multiple of 2^-32 in [0, 1). Points follow the Gray-code order of Joe and
// Kuo's generator, so dimension 1 starts 0, 1/2, 3/4, 1/4. It is meant for
// tests; samplers use the scrambled form. It panics unless
// 1 <= dim <= MaxSobolDims and i < MaxSobolDraws.
func SobolPoint(i uint64, dim int) float64 {
	if dim < 1 || dim > MaxSobolDims {
		panic("sampler: Sobol' dimension out of range")
	}
	if i >= MaxSobolDraws {
		panic("sampler: Sobol' point index out of range")
	}
	v := sobolDirections(dim)
	return float64(sobolPoint32(i, &v)) * 0x1p-32
}
