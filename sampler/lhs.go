package sampler

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// DefaultBlockSize is the Latin hypercube block size used when
// NewLatinHypercube is given 0 (MODEL.md §3.3).
const DefaultBlockSize = 65536

// MaxBlockSize is the largest Latin hypercube block size. It keeps stratum
// indices within 32 bits, so that a stratum is still 2^20 times wider than
// the resolution of the uniforms.
const MaxBlockSize = 1 << 32

var (
	// ErrDrawRange is returned by Fill for draws outside the run.
	ErrDrawRange = errors.New("sampler: draws outside the run")
	// ErrDuplicateName is returned when a parameter name is given twice.
	ErrDuplicateName = errors.New("sampler: duplicate parameter name")
)

// Domain tags keep the streams of different designs apart, so that a Latin
// hypercube and a Monte Carlo run with the same seed do not share jitters.
const (
	lhsJitterDomain = 0x6c68732d6a697474 // "lhs-jitt"
	lhsPermDomain   = 0x6c68732d7065726d // "lhs-perm"
)

// feistelRounds is the number of Feistel rounds of the stratum permutation.
// Four rounds of a pseudo-random round function give a pseudo-random
// permutation even against an adversary who may also invert it (Luby and
// Rackoff 1988); the round function here is the SplitMix64 finaliser of the
// key, the round and the right half.
const feistelRounds = 4

// LatinHypercube is blocked Latin hypercube sampling (McKay, Beckman and
// Conover 1979). The n draws of a run are split into ceil(n/B) consecutive
// blocks whose sizes depend only on n: with nb blocks, the first n mod nb
// blocks hold ⌊n/nb⌋+1 draws and the others ⌊n/nb⌋. Each block is a Latin
// hypercube of its own: in every dimension, each of its m equal strata of
// (0, 1) holds exactly one draw.
//
// Draw j of block b gets, in the dimension of parameter p,
//
//	u = (π(j) + V) / m,
//
// where π is a pseudo-random permutation of [0, m) keyed by (seed, b, p) and
// V is uniform on (0, 1) from a stream keyed by (seed, draw, p). π is a keyed
// Feistel network with cycle walking (Black and Rogaway 2002, "Ciphers with
// arbitrary finite domains"), evaluated on demand: no permutation is stored,
// so any range of draws costs the same and memory does not grow with B.
//
// A LatinHypercube is immutable and safe for concurrent use.
type LatinHypercube struct {
	seed  uint64
	names []string
	keys  []uint64
	n     int64
	nb    int64 // number of blocks
	base  int64 // size of the smaller blocks
	extra int64 // number of blocks holding base+1 draws
}

// NewLatinHypercube returns a blocked Latin hypercube of n draws over the
// named dimensions. blockSize is the largest block, B; 0 means
// DefaultBlockSize. A run of n <= B draws is a single block.
func NewLatinHypercube(seed uint64, names []string,
	n int64, blockSize int) (*LatinHypercube, error) {
	if n < 1 {
		return nil, fmt.Errorf("sampler: latin hypercube needs at least one draw, got %d", n)
	}
	if blockSize == 0 {
		blockSize = DefaultBlockSize
	}
	if blockSize < 0 || int64(blockSize) > MaxBlockSize {
		return nil, fmt.Errorf("sampler: block size %d outside [1, %d]",
			blockSize, int64(MaxBlockSize))
	}
	if err := checkNames(names); err != nil {
		return nil, err
	}

	nb := (n + int64(blockSize) - 1) / int64(blockSize)
	l := &LatinHypercube{
		seed:  seed,
		names: append([]string(nil), names...),
		keys:  make([]uint64, len(names)),
		n:     n,
		nb:    nb,
		base:  n / nb,
		extra: n % nb,
	}
	for i, name := range names {
		l.keys[i] = NameKey(name)
	}
	return l, nil
}

// Dims implements Sampler.
func (l *LatinHypercube) Dims() int { return len(l.keys) }

// N returns the number of draws in the run.
func (l *LatinHypercube) N() int64 { return l.n }

// NumBlocks returns the number of blocks, ceil(n/B).
func (l *LatinHypercube) NumBlocks() int64 { return l.nb }

// BlockRange returns the first draw and the size of block b. It panics if b
// is not in [0, NumBlocks()).
func (l *LatinHypercube) BlockRange(b int64) (start, size int64) {
	if b < 0 || b >= l.nb {
		panic("sampler: block index out of range")
	}
	size = l.base
	if b < l.extra {
		size++
	}
	return b*l.base + min(b, l.extra), size
}

// blockOf returns the block holding draw i, with its first draw and size.
func (l *LatinHypercube) blockOf(i int64) (b, start, size int64) {
	big := l.extra * (l.base + 1) // draws in the larger blocks
	if i < big {
		b = i / (l.base + 1)
	} else {
		b = l.extra + (i-big)/l.base
	}
	start, size = l.BlockRange(b)
	return b, start, size
}

// Fill implements Sampler. It returns ErrDrawRange unless 0 <= start and
// start+n <= N(), and allocates nothing.
func (l *LatinHypercube) Fill(start int64, n int, u []float64) error {
	d := len(l.keys)
	if len(u) != n*d {
		panic("sampler: destination length does not match n*Dims()")
	}
	if err := checkRange(start, n, l.n); err != nil {
		return err
	}
	for t0 := 0; t0 < n; t0 += fillTile {
		t1 := min(t0+fillTile, n)
		for c := range l.keys {
			l.fillColumn(c, start+int64(t0), t1-t0, u[t0*d:], d)
		}
	}
	return nil
}

// fillTile is the number of draws filled one dimension at a time: a tile of
// 150 parameters stays within 64 KB.
const fillTile = 48

// fillColumn writes dimension c of draws [start, start+n) into
// u[k*stride+c], k = 0..n-1. The range must lie within the run.
func (l *LatinHypercube) fillColumn(c int, start int64, n int, u []float64, stride int) {
	key := l.keys[c]
	end := start + int64(n)
	for i := start; i < end; {
		b, bs, size := l.blockOf(i)
		perm := newFeistel(uint64(size))
		pk := l.permKey(b, key, lhsPermDomain)
		stop := min(bs+size, end)
		for ; i < stop; i++ {
			pi := perm.permute(uint64(i-bs), pk)
			u[int(i-start)*stride+c] = stratumUniform(pi, uint64(size), l.jitter(i, key))
		}
	}
}

// permKey returns the key of the permutation of block b for the parameter
// with the given name key, in the given domain.
func (l *LatinHypercube) permKey(b int64, key, domain uint64) uint64 {
	return mix64(l.seed ^ mix64(uint64(b)^mix64(key^domain)))
}

// jitter returns V for draw i of the parameter with the given name key: the
// first output of a PCG stream keyed by (seed, i, key), as in MonteCarlo but
// in a domain of its own.
func (l *LatinHypercube) jitter(i int64, key uint64) float64 {
	s := l.seed ^ lhsJitterDomain
	var pcg rand.PCG
	pcg.Seed(mix64(s^mix64(uint64(i))), mix64(key^mix64(uint64(i)+s)))
	return unit52(pcg.Uint64())
}

// stratumUniform returns (pi + v)/m, kept inside stratum pi and inside (0, 1)
// despite rounding: pi + v can round up to pi + 1 when v is within half an
// ulp of 1.
func stratumUniform(pi, m uint64, v float64) float64 {
	x := float64(pi) + v
	if top := float64(pi + 1); x >= top {
		x = math.Nextafter(top, 0)
	}
	return min(x/float64(m), maxUnit)
}

// maxUnit is the largest uniform any sampler here returns, 1 − 2^-53; the
// smallest is 2^-53.
const maxUnit = 1 - 0x1p-53

// unit52 maps the top 52 of 64 random bits to (k + 0.5)·2^-52, which lies in
// [2^-53, 1 − 2^-53]. With 52 bits the half-step offset is exact, so 1 cannot
// occur.
func unit52(x uint64) float64 {
	return (float64(x>>12) + 0.5) * 0x1p-52
}

// feistel is a bijection of [0, m) keyed by a 64-bit key: a balanced Feistel
// network on the smallest domain of 4^h >= m values, with cycle walking to
// stay inside [0, m). Applying the network again until the value falls in
// [0, m) restricts a permutation of the larger domain to a permutation of
// [0, m); since 4^h < 4m, fewer than four passes are needed on average.
type feistel struct {
	m    uint64
	half uint   // bits in each half
	mask uint64 // 1<<half - 1
}

func newFeistel(m uint64) feistel {
	half := uint(bits.Len64(m-1)+1) / 2
	if half == 0 {
		half = 1
	}
	return feistel{m: m, half: half, mask: 1<<half - 1}
}

// permute returns the image of x, which must be less than m.
func (f feistel) permute(x, key uint64) uint64 {
	for {
		l, r := x>>f.half, x&f.mask
		for round := range uint64(feistelRounds) {
			l, r = r, l^(mix64(key^(round<<32|r))&f.mask)
		}
		x = l<<f.half | r
		if x < f.m {
			return x
		}
	}
}

// checkRange reports ErrDrawRange unless [start, start+n) lies in [0, total).
func checkRange(start int64, n int, total int64) error {
	if start < 0 || n < 0 || start > total || int64(n) > total-start {
		return fmt.Errorf("%w: draws [%d, %d) of a run of %d",
			ErrDrawRange, start, start+int64(n), total)
	}
	return nil
}

// checkNames reports ErrDuplicateName if a name occurs twice.
func checkNames(names []string) error {
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		if seen[name] {
			return fmt.Errorf("%w %q", ErrDuplicateName, name)
		}
		seen[name] = true
	}
	return nil
}

var _ Sampler = (*LatinHypercube)(nil)
