package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

// TestDriversMatchDirectEstimators checks that the one-pass Spearman and the
// PRCC read from the inverse correlation matrix equal Spearman and PRCC
// computed directly, on correlated inputs with ties.
func TestDriversMatchDirectEstimators(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	const n, k = 400, 5
	X := make([][]float64, k)
	for j := range X {
		X[j] = make([]float64, n)
	}
	y1, y2 := make([]float64, n), make([]float64, n)
	for i := range n {
		common := rng.NormFloat64()
		for j := range k {
			X[j][i] = rng.NormFloat64() + 0.5*common
		}
		X[4][i] = math.Round(X[4][i]) // ties
		y1[i] = X[0][i] + 2*X[1][i]*X[1][i] - X[2][i] + 0.5*rng.NormFloat64()
		y2[i] = math.Exp(X[3][i]) + X[4][i]
	}
	s := analysis.NewDrawStats([]string{"y1", "y2"}, [][]float64{y1, y2}, nil)
	for j := range k {
		s.Add(string(rune('a'+j)), X[j])
	}
	d := s.Drivers()
	if d.PRCCError != nil {
		t.Fatal(d.PRCCError)
	}
	for o, y := range [][]float64{y1, y2} {
		prcc, err := analysis.PRCC(X, y)
		if err != nil {
			t.Fatal(err)
		}
		for j := range k {
			got, want := d.Rows[j].Spearman[o], analysis.Spearman(X[j], y)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("Spearman(%s, y%d) = %.12f, direct %.12f", d.Rows[j].Name, o+1, got, want)
			}
			if got := d.Rows[j].PRCC[o]; math.Abs(got-prcc[j]) > 1e-9 {
				t.Errorf("PRCC(%s, y%d) = %.12f, direct %.12f", d.Rows[j].Name, o+1, got, prcc[j])
			}
		}
	}
	if top := d.Top(1, 2, true); top[0].Name != "d" {
		t.Errorf("top driver of y2 = %s, want d (y2 = exp(d) + e)", top[0].Name)
	}
}

// TestDriversSpearmanAnalytic checks Spearman's coefficient of a bivariate
// normal pair against (6/π)·asin(ρ/2) (ORACLES.md): ρ = 0.517638 gives 0.5.
func TestDriversSpearmanAnalytic(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	const n, rho = 20000, 0.517638
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = rng.NormFloat64()
		y[i] = rho*x[i] + math.Sqrt(1-rho*rho)*rng.NormFloat64()
	}
	s := analysis.NewDrawStats([]string{"y"}, [][]float64{y}, nil)
	s.Add("x", x)
	// The standard error of Spearman's coefficient near 0.5 is about
	// (1 − ρs²)/sqrt(n) ≈ 0.0053 at n = 20000; allow four.
	if got := s.Drivers().Rows[0].Spearman[0]; math.Abs(got-0.5) > 4*0.0053 {
		t.Errorf("Spearman = %.4f, want 0.5", got)
	}
}

func TestDriversDegenerate(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	s := analysis.NewDrawStats([]string{"y"}, [][]float64{y}, nil)
	s.Add("constant", []float64{2, 2, 2, 2, 2, 2, 2, 2})
	s.Add("x", []float64{3, 1, 2, 5, 4, 8, 7, 6})
	s.Add("twice x", []float64{6, 2, 4, 10, 8, 16, 14, 12})
	d := s.Drivers()
	if !math.IsNaN(d.Rows[0].Spearman[0]) || !math.IsNaN(d.Rows[0].PRCC[0]) {
		t.Errorf("constant input: %v, %v, want NaN", d.Rows[0].Spearman, d.Rows[0].PRCC)
	}
	// x and twice x have the same ranks: the PRCC is undefined, but
	// Spearman's coefficient still is.
	if d.PRCCError == nil {
		t.Error("collinear inputs: no PRCCError")
	}
	if math.IsNaN(d.Rows[1].Spearman[0]) || d.Rows[1].Spearman[0] != d.Rows[2].Spearman[0] {
		t.Errorf("Spearman of x and twice x: %v, %v", d.Rows[1].Spearman, d.Rows[2].Spearman)
	}

	few := analysis.NewDrawStats([]string{"y"}, [][]float64{{1, 2, 3}}, nil)
	few.Add("a", []float64{1, 3, 2})
	few.Add("b", []float64{2, 1, 3})
	if few.Drivers().PRCCError == nil {
		t.Error("2 inputs, 3 draws: no PRCCError")
	}
}
