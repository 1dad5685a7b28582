package sampler

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// MaxSobolDraws is the number of Sobol' points available, 2^32: points are
// computed with 32-bit direction numbers.
const MaxSobolDraws = 1 << 32

// ErrTooManyDimensions is returned by NewSobol for more parameters than
// MaxSobolDims.
var ErrTooManyDimensions = errors.New("sampler: more parameters than Sobol' dimensions")

// sobolDomain separates the scrambling keys from the other designs' streams.
const sobolDomain = 0x736f626f6c2d7363 // "sobol-sc"

// Scramble selects how a Sobol' sequence is randomised.
type Scramble int

const (
	// ScrambleOwen is a nested uniform (Owen 1995) scramble, computed with a
	// hash of the bit prefix. It is the default: it keeps the net structure,
	// makes each point uniform on (0, 1)^d, and gives unbiased estimates
	// whose spread over seeds measures the error.
	ScrambleOwen Scramble = iota
	// ScrambleShift is a random digital shift: every point of a dimension is
	// XORed with the same random bits. Cheaper than Owen's scramble, but the
	// error decays more slowly for smooth integrands.
	ScrambleShift
	// ScrambleNone leaves the points as they are, apart from an offset of
	// 2^-53 that keeps the first point off 0. For tests only.
	ScrambleNone
)

// String returns the name of the scramble.
func (s Scramble) String() string {
	switch s {
	case ScrambleOwen:
		return "owen"
	case ScrambleShift:
		return "shift"
	case ScrambleNone:
		return "none"
	}
	return fmt.Sprintf("Scramble(%d)", int(s))
}

// Sobol is a scrambled Sobol' sequence (Sobol' 1967) with the direction
// numbers of Joe and Kuo (2008). Dimensions are assigned in sorted order of
// the parameter names: the first name in byte order takes Sobol' dimension 1,
// the next dimension 2, and so on. The mapping is internal; as for every
// Sampler, u[d] of a draw belongs to names[d] in the order given to NewSobol.
// Adding a parameter can therefore move others to new Sobol' dimensions.
//
// Point i is computed directly from i in Gray-code order and updated by one
// XOR per draw along a range, so any range can be filled on its own.
//
// Owen scrambling follows Burley (2020, "Practical hash-based Owen
// scrambling", JCGT 9(4)): reverse the bits, apply a Laine–Karras style hash
// in which bit k of the result depends only on bits 0..k of the input (with
// the constants of N. Vegdahl, 2021, "Building a better LK hash"), and reverse
// back. Each bit is thus flipped by a function of the bits above it and the
// seed: a nested scramble. Since the first 2^32 points of a dimension have
// distinct 32-bit prefixes, the 20 bits below them are filled by a hash of the
// prefix, which is what a full Owen scramble does there.
//
// A Sobol is immutable and safe for concurrent use.
type Sobol struct {
	scramble Scramble
	dims     []sobolDim // in the caller's order
}

// sobolDim is one dimension of a Sobol: its direction numbers and scrambling
// keys.
type sobolDim struct {
	v     [32]uint32
	owen  uint32 // seed of the prefix hash
	fill  uint64 // key of the hash that fills the bits below 32
	shift uint64 // digital shift, 52 bits
}

// NewSobol returns a Sobol' sampler over the named dimensions, scrambled with
// keys derived from seed and each name. It returns ErrTooManyDimensions for
// more than MaxSobolDims names.
func NewSobol(seed uint64, names []string, scramble Scramble) (*Sobol, error) {
	if scramble < ScrambleOwen || scramble > ScrambleNone {
		return nil, fmt.Errorf("sampler: unknown scramble %v", scramble)
	}
	if len(names) > MaxSobolDims {
		return nil, fmt.Errorf("%w: %d parameters, at most %d",
			ErrTooManyDimensions, len(names), MaxSobolDims)
	}
	if err := checkNames(names); err != nil {
		return nil, err
	}

	sorted := slices.Sorted(slices.Values(names))
	s := &Sobol{scramble: scramble, dims: make([]sobolDim, len(names))}
	for c, name := range names {
		dim, _ := slices.BinarySearch(sorted, name)
		h := mix64(seed ^ mix64(NameKey(name)^sobolDomain))
		s.dims[c] = sobolDim{
			v:     sobolDirections(dim + 1),
			owen:  uint32(h >> 32),
			fill:  mix64(h + 1),
			shift: mix64(h+2) >> 12,
		}
	}
	return s, nil
}

// Dims implements Sampler.
func (s *Sobol) Dims() int { return len(s.dims) }

// Fill implements Sampler. It returns ErrDrawRange unless 0 <= start and
// start+n <= MaxSobolDraws, and allocates nothing.
func (s *Sobol) Fill(start int64, n int, u []float64) error {
	d := len(s.dims)
	if len(u) != n*d {
		panic("sampler: destination length does not match n*Dims()")
	}
	if err := checkRange(start, n, MaxSobolDraws); err != nil {
		return err
	}
	// Tiles of rows keep the destination in cache while the dimensions are
	// swept one by one.
	for t0 := 0; t0 < n; t0 += fillTile {
		t1 := min(t0+fillTile, n)
		for c := range s.dims {
			sd := &s.dims[c]
			i := uint64(start) + uint64(t0)
			x := sobolPoint32(i, &sd.v)
			for k := t0; k < t1; k++ {
				if k > t0 {
					// Gray code: point i differs from point i-1 in
					// v_(1+tz(i)).
					i++
					x ^= sd.v[bits.TrailingZeros64(i)]
				}
				u[k*d+c] = s.unit(x, sd)
			}
		}
	}
	return nil
}

// unit scrambles the 32-bit point x and maps it into (0, 1) with 52 bits.
func (s *Sobol) unit(x uint32, sd *sobolDim) float64 {
	var q uint64
	switch s.scramble {
	case ScrambleOwen:
		y := owenScramble(x, sd.owen)
		q = uint64(y)<<20 | mix64(sd.fill^uint64(y))>>44
	case ScrambleShift:
		q = uint64(x)<<20 ^ sd.shift
	default:
		q = uint64(x) << 20
	}
	return (float64(q) + 0.5) * 0x1p-52
}

// owenScramble applies a nested uniform scramble to the 32 bits of x: bit k
// (from the top) is flipped by a function of the seed and the bits above it.
// In reversed order each step only lets lower bits act on higher ones: adding
// the seed, multiplying by an odd number, and XOR with a multiple by an even
// constant.
func owenScramble(x, seed uint32) uint32 {
	x = bits.Reverse32(x)
	x ^= x * 0x3d20adea
	x += seed
	x *= seed>>16 | 1
	x ^= x * 0x05526c56
	x ^= x * 0x53a22864
	return bits.Reverse32(x)
}

var _ Sampler = (*Sobol)(nil)
