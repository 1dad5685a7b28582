package analysis_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/euromesh/euromesh-mc/analysis"
)

// checkClose fails the test if got is not within tol of want.
func checkClose(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.8g, want %.8g ± %.2g", name, got, want, tol)
	}
}

// checkRel fails the test if got is not within a relative tolerance rel of
// want.
func checkRel(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if !(math.Abs(got-want) <= rel*math.Abs(want)) {
		t.Errorf("%s = %.6g, want %.6g within %.0f%%", name, got, want, 100*rel)
	}
}

// normals returns n standard normal draws from a fixed-seed PCG stream.
func normals(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

func TestQuantile7(t *testing.T) {
	// ORACLES.md, type 7 on [1, 2, 3, 4]: h = 3p, Q = x[⌊h⌋] + (h - ⌊h⌋)·1.
	sorted := []float64{1, 2, 3, 4}
	tests := []struct {
		p, want float64
	}{
		{0, 1},
		{0.10, 1.3},  // h = 0.3
		{0.25, 1.75}, // h = 0.75
		{0.50, 2.5},  // h = 1.5
		{0.90, 3.7},  // h = 2.7
		{1, 4},
	}
	for _, tt := range tests {
		checkClose(t, "Quantile7", analysis.Quantile7(sorted, tt.p), tt.want, 1e-12)
	}

	if got := analysis.Quantile7([]float64{5}, 0.3); got != 5 {
		t.Errorf("Quantile7 of one value = %v, want 5", got)
	}
	if got := analysis.Quantile7(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("Quantile7 of no values = %v, want NaN", got)
	}
}

func TestQuantile7_PanicsOutsideUnitInterval(t *testing.T) {
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Quantile7(p = %v) did not panic", p)
				}
			}()
			analysis.Quantile7([]float64{1, 2}, p)
		}()
	}
}

func TestQuantiles(t *testing.T) {
	// The same sample as TestQuantile7, shuffled, with two missing draws.
	x := []float64{3, math.NaN(), 1, 4, math.NaN(), 2}
	orig := slices.Clone(x)
	got := analysis.Quantiles(x, []float64{0.9, 0.1, 0.5})
	want := []float64{3.7, 1.3, 2.5}
	for i := range want {
		checkClose(t, "Quantiles", got[i], want[i], 1e-12)
	}
	for i := range x {
		if x[i] != orig[i] && !(math.IsNaN(x[i]) && math.IsNaN(orig[i])) {
			t.Fatalf("Quantiles modified its input: %v, was %v", x, orig)
		}
	}

	allMissing := analysis.Quantiles([]float64{math.NaN()}, []float64{0.5})
	if !math.IsNaN(allMissing[0]) {
		t.Errorf("Quantiles of only NaN = %v, want NaN", allMissing[0])
	}
}

func TestProportion_SE(t *testing.T) {
	// ORACLES.md: sqrt(p(1-p)/N) = sqrt(0.25/10^4) = 0.005.
	pr := analysis.Proportion{K: 5000, N: 10000}
	checkClose(t, "P", pr.P(), 0.5, 0)
	checkClose(t, "SE", pr.SE(), 0.005, 1e-15)

	empty := analysis.Proportion{}
	if !math.IsNaN(empty.P()) || !math.IsNaN(empty.SE()) {
		t.Errorf("empty proportion: P = %v, SE = %v, want NaN", empty.P(), empty.SE())
	}
}

func TestProportion_Wilson(t *testing.T) {
	const z = 1.959964 // Φ⁻¹(0.975), ORACLES.md

	// K = 50, N = 100, by hand: z² = 3.8414589, z²/N = 0.0384146,
	// d = 1 + z²/N = 1.0384146. p = 0.5, so centre = (0.5 + 0.0192073)/d = 0.5.
	// p(1-p)/N + z²/(4N²) = 0.0025 + 0.0000960 = 0.0025960, whose root is
	// 0.0509513; half = (z/d)·0.0509513 = 1.8874581·0.0509513 = 0.0961685.
	lo, hi := analysis.Proportion{K: 50, N: 100}.Wilson(z)
	checkClose(t, "Wilson(50/100) lo", lo, 0.5-0.0961685, 1e-7)
	checkClose(t, "Wilson(50/100) hi", hi, 0.5+0.0961685, 1e-7)

	// K = 0: with p = 0 both centre and half equal z²/(2(N + z²)), so the
	// interval is [0, z²/(N + z²)]; for N = 10, 3.8414589/13.8414589 = 0.2775328.
	lo, hi = analysis.Proportion{K: 0, N: 10}.Wilson(z)
	checkClose(t, "Wilson(0/10) lo", lo, 0, 0)
	checkClose(t, "Wilson(0/10) hi", hi, z*z/(10+z*z), 1e-15)
	checkClose(t, "Wilson(0/10) hi", hi, 0.2775328, 1e-7)

	// Definition: each end p0 is where the score statistic
	// |p - p0| / sqrt(p0(1-p0)/N) equals z.
	pr := analysis.Proportion{K: 3, N: 40}
	lo, hi = pr.Wilson(z)
	for _, p0 := range []float64{lo, hi} {
		score := math.Abs(pr.P()-p0) / math.Sqrt(p0*(1-p0)/float64(pr.N))
		checkClose(t, "Wilson score at end", score, z, 1e-9)
	}
}

func TestDiffSE(t *testing.T) {
	// By hand: d = a - b = (0, 1, 0, -1, 1), mean 0.2, squared deviations
	// 0.04 + 0.64 + 0.04 + 1.44 + 0.64 = 2.8, sd² = 2.8/4 = 0.7,
	// SE = sqrt(0.7/5) = sqrt(0.14).
	a := []bool{true, true, false, false, true}
	b := []bool{true, false, false, true, false}
	checkClose(t, "DiffSE", analysis.DiffSE(a, b), math.Sqrt(0.14), 1e-15)

	// Common random numbers: a = (u < 0.5), b = (u < 0.52) on the same u. Then
	// d = -1 with probability 0.02 and 0 otherwise, so sd(d) = sqrt(0.02·0.98),
	// far below the independent sqrt(0.25 + 0.2496) per sqrt(N).
	const n = 10000
	rng := rand.New(rand.NewPCG(7, 1))
	a, b = make([]bool, n), make([]bool, n)
	for i := range n {
		u := rng.Float64()
		a[i], b[i] = u < 0.5, u < 0.52
	}
	want := math.Sqrt(0.02 * 0.98 / n)
	// The estimate rests on about 200 disagreements, so its relative error
	// is near 1/(2 sqrt(200)) = 3.5%; 15% is over four of those.
	checkRel(t, "DiffSE under common random numbers", analysis.DiffSE(a, b), want, 0.15)
}

func TestQuantileSE(t *testing.T) {
	// Asymptotic SE sqrt(p(1-p)) / (φ(Φ⁻¹(p)) sqrt(N)) for N(0, 1); for the
	// median 0.5/(φ(0)·100) = 0.01253 at N = 10^4 (ORACLES.md).
	const n = 10000
	x := normals(n, 1)
	for _, p := range []float64{0.5, 0.9} {
		q := distuv.UnitNormal.Quantile(p)
		want := math.Sqrt(p*(1-p)) / (distuv.UnitNormal.Prob(q) * math.Sqrt(n))
		if p == 0.5 {
			checkClose(t, "median SE formula", want, 0.01253, 5e-6)
		}
		got := analysis.QuantileSE(x, p)
		t.Logf("p = %v: QuantileSE = %.6f, asymptotic %.6f", p, got, want)
		checkRel(t, "QuantileSE", got, want, 0.15)
	}

	if got := analysis.QuantileSE([]float64{2, 2, 2}, 0.5); got != 0 {
		t.Errorf("QuantileSE of a constant = %v, want 0", got)
	}
}

func TestBatchQuantileSE(t *testing.T) {
	// 100 batches of 1000 N(0, 1) draws. The target is the asymptotic SE of
	// the median at N = 10^5, 0.5/(φ(0) sqrt(10^5)) = 0.0039633. With 100
	// batches the sd is itself uncertain by about 1/sqrt(2·99) = 7%, so 25%
	// allows for more than three of those plus the small-batch bias.
	const n, batches = 100000, 100
	x := normals(n, 2)
	want := 0.5 / (distuv.UnitNormal.Prob(0) * math.Sqrt(n))
	checkClose(t, "median SE formula", want, 0.0039633, 5e-8)
	got := analysis.BatchQuantileSE(x, 0.5, batches)
	t.Logf("BatchQuantileSE = %.6f, asymptotic %.6f", got, want)
	checkRel(t, "BatchQuantileSE", got, want, 0.25)
}
