package analysis_test

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/euromesh/euromesh-mc/analysis"
)

func TestSpearman_Ties(t *testing.T) {
	// By hand: ranks of x are (1, 2.5, 2.5, 4), of y (1, 2, 3, 4); both have
	// mean 2.5. Deviations (-1.5, 0, 0, 1.5) and (-1.5, -0.5, 0.5, 1.5) give
	// Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, so rho = 4.5/sqrt(4.5·5) = sqrt(0.9).
	x := []float64{1, 2, 2, 3}
	y := []float64{1, 2, 3, 4}
	checkClose(t, "Spearman with ties", analysis.Spearman(x, y), math.Sqrt(0.9), 1e-15)

	// A pair with a missing value is dropped.
	x = append(x, math.NaN())
	y = append(y, 0)
	checkClose(t, "Spearman with NaN", analysis.Spearman(x, y), math.Sqrt(0.9), 1e-15)
}

func TestSpearman_MonotoneTransform(t *testing.T) {
	// Ranks are unchanged by a strictly increasing map and reversed by a
	// decreasing one, so rho is exactly ±1.
	x := normals(1000, 3)
	up, down := make([]float64, len(x)), make([]float64, len(x))
	for i, v := range x {
		up[i] = 3*math.Exp(v) + v*v*v
		down[i] = -math.Atan(v)
	}
	checkClose(t, "Spearman(x, increasing)", analysis.Spearman(x, up), 1, 1e-12)
	checkClose(t, "Spearman(x, decreasing)", analysis.Spearman(x, down), -1, 1e-12)
}

func TestSpearman_GaussianCopula(t *testing.T) {
	// For a bivariate normal pair with correlation rho, Spearman's rho is
	// (6/π) asin(rho/2) (ORACLES.md); rho = 2 sin(π/12) = 0.517638 gives 0.5.
	rho := 2 * math.Sin(math.Pi/12)
	checkClose(t, "copula rho", rho, 0.517638, 1e-6)

	// At n = 10^5 the sampling SE of rho_s is about 0.0027, so 0.01 is nearly
	// four of them.
	const n = 100000
	rng := rand.New(rand.NewPCG(4, 1))
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		z1, z2 := rng.NormFloat64(), rng.NormFloat64()
		x[i], y[i] = z1, rho*z1+math.Sqrt(1-rho*rho)*z2
	}
	got := analysis.Spearman(x, y)
	t.Logf("Spearman = %.5f, (6/π) asin(rho/2) = 0.5", got)
	checkClose(t, "Spearman of Gaussian copula", got, 0.5, 0.01)
}

// prccCase draws n rows of x1, x2 and y = x1 + 0·x2 + 0.5ε with standard
// normal x1, ε, and x2 = c·x1 + δ, δ standard normal.
func prccCase(n int, c float64, seed uint64) (x1, x2, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	x1, x2, y = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		x1[i] = rng.NormFloat64()
		x2[i] = c*x1[i] + rng.NormFloat64()
		y[i] = x1[i] + 0.5*rng.NormFloat64()
	}
	return x1, x2, y
}

// prccNull bounds |PRCC| of an input with no effect: a null partial
// correlation from n rows has SE near 1/sqrt(n), and 4 of those are allowed.
func prccNull(n int) float64 { return 4 / math.Sqrt(float64(n)) }

func TestPRCC_KnownStructure(t *testing.T) {
	// x2 is independent of x1 and y, so removing it leaves the pair (x1, y),
	// bivariate normal with correlation 1/sqrt(1 + 0.5²). PRCC of x1 then tends
	// to Spearman's (6/π) asin(rho/2) = 0.88550 and PRCC of x2 to 0.
	const n = 5000
	x1, x2, y := prccCase(n, 0, 5)
	p, err := analysis.PRCC([][]float64{x1, x2}, y)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PRCC = %.4f", p)
	want := 6 / math.Pi * math.Asin(1/math.Sqrt(1.25)/2)
	checkClose(t, "PRCC of x1", p[0], want, 0.02)
	checkClose(t, "PRCC of x2", p[1], 0, prccNull(n))
}

func TestPRCC_ConfoundedInput(t *testing.T) {
	// x2 = x1 + δ shares x1's correlation with y but has no effect of its
	// own: Spearman credits it, PRCC does not. (On ranks the removal of x1 is
	// only nearly complete, leaving |PRCC| below 0.01 at large n.)
	const n = 5000
	x1, x2, y := prccCase(n, 1, 6)
	p, err := analysis.PRCC([][]float64{x1, x2}, y)
	if err != nil {
		t.Fatal(err)
	}
	rs := analysis.Spearman(x2, y)
	t.Logf("Spearman(x2, y) = %.4f, PRCC = %.4f", rs, p)
	if rs < 0.5 {
		t.Errorf("Spearman(x2, y) = %.4f, want above 0.5", rs)
	}
	checkClose(t, "PRCC of x2", p[1], 0, prccNull(n))
}

func TestPRCC_SingleInputIsSpearman(t *testing.T) {
	// With no other inputs the fits only remove the mean, leaving the ranks.
	x1, _, y := prccCase(500, 0, 7)
	p, err := analysis.PRCC([][]float64{x1}, y)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "PRCC of one input", p[0], analysis.Spearman(x1, y), 1e-12)
}

func TestPRCC_MatchesPrecisionMatrix(t *testing.T) {
	// The partial correlation of variables i and j given the rest equals
	// -P_ij / sqrt(P_ii P_jj), P the inverse of their correlation matrix
	// (J. Whittaker 1990, Graphical Models in Applied Multivariate Statistics).
	// Applied to ranks
	// this is an independent route to PRCC.
	const n = 2000
	rng := rand.New(rand.NewPCG(8, 1))
	cols := make([][]float64, 4) // x1, x2, x3, y
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	for i := range n {
		a, b, c := rng.NormFloat64(), rng.NormFloat64(), rng.Float64()
		cols[0][i] = a
		cols[1][i] = math.Exp(a + b)
		cols[2][i] = c
		cols[3][i] = a - 2*b + 4*c*c + rng.NormFloat64()
	}
	p, err := analysis.PRCC(cols[:3], cols[3])
	if err != nil {
		t.Fatal(err)
	}

	ranked := mat.NewDense(n, 4, nil)
	for j, col := range cols {
		ranked.SetCol(j, distinctRanks(col))
	}
	var corr mat.SymDense
	stat.CorrelationMatrix(&corr, ranked, nil)
	var prec mat.Dense
	if err := prec.Inverse(&corr); err != nil {
		t.Fatal(err)
	}
	for j := range 3 {
		want := -prec.At(j, 3) / math.Sqrt(prec.At(j, j)*prec.At(3, 3))
		checkClose(t, "PRCC against precision matrix", p[j], want, 1e-10)
	}
}

// distinctRanks returns the ranks, from 1, of x, whose values must differ.
func distinctRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	r := make([]float64, len(x))
	for rank, i := range idx {
		r[i] = float64(rank + 1)
	}
	return r
}

func TestPRCC_MissingRows(t *testing.T) {
	// A row with a NaN anywhere is dropped as a whole.
	x1, x2, y := prccCase(300, 0.5, 9)
	want, err := analysis.PRCC([][]float64{x1, x2}, y)
	if err != nil {
		t.Fatal(err)
	}
	x1 = append(x1, 1, math.NaN())
	x2 = append(x2, math.NaN(), 1)
	y = append(y, 1, 1)
	got, err := analysis.PRCC([][]float64{x1, x2}, y)
	if err != nil {
		t.Fatal(err)
	}
	for j := range want {
		checkClose(t, "PRCC with missing rows", got[j], want[j], 1e-12)
	}
}

func TestPRCC_Errors(t *testing.T) {
	x1, x2, y := prccCase(100, 0, 10)
	twice := make([]float64, len(x1))
	for i, v := range x1 {
		twice[i] = 2*v + 1 // same ranks as x1
	}
	constant := make([]float64, len(x1))
	tests := []struct {
		name string
		X    [][]float64
		y    []float64
	}{
		{"NoInputs", nil, y},
		{"LengthMismatch", [][]float64{x1, x2[:50]}, y},
		{"TooFewRows", [][]float64{x1[:3], x2[:3]}, y[:3]},
		{"MonotoneCopy", [][]float64{x1, twice}, y},
		{"ConstantInput", [][]float64{x1, constant, x2}, y},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p, err := analysis.PRCC(tt.X, tt.y); err == nil {
				t.Errorf("PRCC returned %v and no error", p)
			}
		})
	}
}
