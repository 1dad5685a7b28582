// Package sampler turns a run's seed into the uniform numbers that drive each draw.
//
// Every design here keeps one promise: the uniforms of draw i depend only on the
// seed, the design, the run size and i, never on how many workers compute them or
// in which order. A run split into shards therefore reproduces the single run row
// for row.
package sampler

import (
	"hash/fnv"
	"math/rand/v2"
)

// Sampler fills uniforms in the open interval (0, 1) for a contiguous range of
// draws. Implementations are safe for concurrent use by several goroutines, each
// with its own destination slice.
type Sampler interface {
	// Dims returns the number of dimensions, one per parameter name given at
	// construction, in that order.
	Dims() int
	// Fill writes the uniforms of draws [start, start+n) into u, row-major:
	// u[k*Dims()+d] is dimension d of draw start+k. len(u) must be n*Dims().
	Fill(start int64, n int, u []float64) error
}

// NameKey returns the 64-bit key of a parameter name that selects its random
// stream. Keying streams by name, not by position, means that adding or removing
// a parameter leaves the draws of every other parameter unchanged.
func NameKey(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// mix64 is the SplitMix64 finaliser (Steele, Lea and Flood 2014), used to spread
// structured inputs such as consecutive draw indices over all 64 bits.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// toOpenUnit maps 64 random bits to a float64 strictly inside (0, 1), using the
// top 52 bits and a half-step offset: the largest result, 1 − 2⁻⁵³, is the
// float64 just below 1, and the smallest is 2⁻⁵³, so neither 0 nor 1 occurs.
func toOpenUnit(x uint64) float64 {
	return (float64(x>>12) + 0.5) * (1.0 / (1 << 52))
}

// Stream returns a PCG generator keyed by (seed, a, b). Two different key
// triples give streams that are, for simulation purposes, independent.
func Stream(seed, a, b uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix64(seed^mix64(a)), mix64(b^mix64(seed+a))))
}

// MonteCarlo is plain Monte Carlo sampling: the uniform for draw i and
// parameter p is the first output of a PCG stream keyed by (seed, i, key(p)).
type MonteCarlo struct {
	seed uint64
	keys []uint64
}

// NewMonteCarlo returns a plain Monte Carlo sampler over the named dimensions.
func NewMonteCarlo(seed uint64, names []string) *MonteCarlo {
	keys := make([]uint64, len(names))
	for i, n := range names {
		keys[i] = NameKey(n)
	}
	return &MonteCarlo{seed: seed, keys: keys}
}

// Dims implements Sampler.
func (m *MonteCarlo) Dims() int { return len(m.keys) }

// Fill implements Sampler. It allocates nothing.
func (m *MonteCarlo) Fill(start int64, n int, u []float64) error {
	d := len(m.keys)
	if len(u) != n*d {
		panic("sampler: destination length does not match n*Dims()")
	}
	var pcg rand.PCG
	for k := 0; k < n; k++ {
		i := uint64(start + int64(k))
		row := u[k*d : (k+1)*d]
		for j, key := range m.keys {
			pcg.Seed(mix64(m.seed^mix64(i)), mix64(key^mix64(i+m.seed)))
			row[j] = toOpenUnit(pcg.Uint64())
		}
	}
	return nil
}

var _ Sampler = (*MonteCarlo)(nil)
