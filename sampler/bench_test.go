package sampler

import (
	"fmt"
	"testing"
	"time"
)

// Benchmarks fill chunks of 1,024 draws of 150 parameters, the size of a
// worker's batch, and report the cost per draw (all 150 uniforms).

const (
	benchDims  = 150
	benchChunk = 1024
)

func benchNames() []string {
	names := make([]string, benchDims)
	for i := range names {
		names[i] = fmt.Sprintf("param_%03d", i)
	}
	return names
}

// benchPairs correlates the first 30 parameters in six groups of five at
// ρs = 0.5 within each group, like the regional grid leads of the model.
func benchPairs(names []string) []Correlation {
	var pairs []Correlation
	for g := range 6 {
		for i := range 5 {
			for j := range i {
				pairs = append(pairs, Correlation{names[5*g+i], names[5*g+j], 0.5})
			}
		}
	}
	return pairs
}

func benchFill(b *testing.B, s Sampler, run int64) {
	u := make([]float64, benchChunk*s.Dims())
	var at int64
	b.ResetTimer()
	for b.Loop() {
		if at+benchChunk > run {
			at = 0
		}
		if err := s.Fill(at, benchChunk, u); err != nil {
			b.Fatal(err)
		}
		at += benchChunk
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchChunk), "ns/draw")
}

func BenchmarkMonteCarlo(b *testing.B) {
	benchFill(b, NewMonteCarlo(1, benchNames()), 1<<40)
}

func BenchmarkLatinHypercube(b *testing.B) {
	const run = 1 << 20
	benchFill(b, must(NewLatinHypercube(1, benchNames(), run, 0)), run)
}

func BenchmarkSobolOwen(b *testing.B) {
	benchFill(b, must(NewSobol(1, benchNames(), ScrambleOwen)), MaxSobolDraws)
}

func BenchmarkSobolShift(b *testing.B) {
	benchFill(b, must(NewSobol(1, benchNames(), ScrambleShift)), MaxSobolDraws)
}

func BenchmarkGaussianCopulaMonteCarlo(b *testing.B) {
	names := benchNames()
	g, _, err := NewGaussianCopula(NewMonteCarlo(1, names), names, benchPairs(names))
	if err != nil {
		b.Fatal(err)
	}
	benchFill(b, g, 1<<40)
}

func BenchmarkGaussianCopulaSobol(b *testing.B) {
	names := benchNames()
	g, _, err := NewGaussianCopula(must(NewSobol(1, names, ScrambleOwen)), names, benchPairs(names))
	if err != nil {
		b.Fatal(err)
	}
	benchFill(b, g, MaxSobolDraws)
}

// BenchmarkImanConover measures a whole default block of 65,536 draws, from
// a fresh sampler each time, so that the cost of reordering the block is
// included.
func BenchmarkImanConover(b *testing.B) {
	names := benchNames()
	lhs := must(NewLatinHypercube(1, names, DefaultBlockSize, 0))
	u := make([]float64, benchChunk*len(names))
	var draws int64
	var reorder time.Duration
	for b.Loop() {
		ic, _, err := NewImanConover(lhs, benchPairs(names))
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		ic.block(0, 0, DefaultBlockSize)
		reorder += time.Since(t0)
		for at := int64(0); at < DefaultBlockSize; at += benchChunk {
			if err := ic.Fill(at, benchChunk, u); err != nil {
				b.Fatal(err)
			}
		}
		draws += DefaultBlockSize
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(draws), "ns/draw")
	b.ReportMetric(float64(reorder.Milliseconds())/float64(b.N), "ms/block-reorder")
}
