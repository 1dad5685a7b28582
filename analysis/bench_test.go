package analysis_test

import (
	"math/rand/v2"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

// reportPercentiles are the quantiles a run summary typically shows.
var reportPercentiles = []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95}

func BenchmarkQuantiles(b *testing.B) {
	x := normals(1_000_000, 11)
	for b.Loop() {
		analysis.Quantiles(x, reportPercentiles)
	}
}

func BenchmarkSpearman(b *testing.B) {
	x, y := normals(100_000, 12), normals(100_000, 13)
	for b.Loop() {
		analysis.Spearman(x, y)
	}
}

func BenchmarkQuantileSE(b *testing.B) {
	x := normals(1_000_000, 14)
	for b.Loop() {
		analysis.QuantileSE(x, 0.95)
	}
}

func BenchmarkPRCC(b *testing.B) {
	// 10^4 draws of 10 inputs.
	const n, k = 10_000, 10
	X := make([][]float64, k)
	for j := range X {
		X[j] = normals(n, 20+uint64(j))
	}
	y := normals(n, 19)
	for b.Loop() {
		if _, err := analysis.PRCC(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaltelliBootstrap(b *testing.B) {
	// N = 2^14 base rows, 10 groups, 300 resamples.
	const n, k = 1 << 14, 10
	fA, fB := normals(n, 30), normals(n, 31)
	fAB := make([][]float64, k)
	for i := range fAB {
		fAB[i] = normals(n, 40+uint64(i))
	}
	for b.Loop() {
		analysis.SaltelliBootstrap(fA, fB, fAB, 300, rand.New(rand.NewPCG(1, 1)), 0.95)
	}
}
