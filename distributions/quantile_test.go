package distributions

import (
	"math"
	"testing"
)

// TestQuantileClosedForm checks quantiles of every family against values
// derived by hand from the family's inverse CDF.
func TestQuantileClosedForm(t *testing.T) {
	// Beta(2, 2) has CDF 3x² − 2x³; at x = 0.3 that is 0.27 − 0.054 = 0.216.
	const beta22At03 = 0.216
	// PERT{0, 1, 4} with lambda 4 is 4·Beta(2, 4): alpha = 1 + 4·1/4, beta =
	// 1 + 4·3/4. For integer shapes I_x(2, 4) = 1 − (1−x)⁵ − 5x(1−x)⁴, so at
	// x = 1/4 (PERT value 1) p = 1 − 243/1024 − 405/1024 = 376/1024.
	const pertAt1 = 376.0 / 1024
	// Triangular{0, 1, 4}: F(mode) = (1 − 0)/(4 − 0) = 1/4. Below it
	// Q(p) = √(p·4·1), above it Q(p) = 4 − √((1 − p)·4·3).
	tri := Triangular{Min: 0, Mode: 1, Max: 4}
	disc := Discrete{Values: []float64{10, 20, 30}, Weights: []float64{1, 2, 1}}
	// Cumulative normalised weights of disc: 1/4, 3/4, 1.
	tests := []struct {
		name string
		d    Distribution
		p    float64
		want float64
		tol  float64
	}{
		{"uniform p=0.25", Uniform{Min: 2, Max: 6}, 0.25, 2 + 4*0.25, 1e-15},
		{"uniform p=0.9", Uniform{Min: 2, Max: 6}, 0.9, 2 + 4*0.9, 1e-15},
		{"triangular below mode", tri, 0.01, math.Sqrt(0.01 * 4 * 1), 1e-15},
		{"triangular at mode", tri, 0.25, 1, 1e-15},
		{"triangular median", tri, 0.5, 4 - math.Sqrt(0.5*4*3), 1e-15},
		{"triangular upper tail", tri, 0.99, 4 - math.Sqrt(0.01*4*3), 1e-14},
		{"normal p=0.5", Normal{Mu: 10, Sigma: 2}, 0.5, 10, 1e-15},
		{"normal p=0.95", Normal{Mu: 10, Sigma: 2}, 0.95, 10 + 2*Z95, 1e-14},
		{"normal p=0.05", Normal{Mu: 10, Sigma: 2}, 0.05, 10 - 2*Z95, 1e-14},
		{"normal p=0.975", Normal{Mu: 10, Sigma: 2}, 0.975, 10 + 2*z975, 1e-14},
		{"lognormal p=0.975", LogNormal{Mu: 1, Sigma: 0.5}, 0.975, math.Exp(1 + 0.5*z975), 1e-13},
		{"lognormal p=0.5", LogNormal{Mu: 1, Sigma: 0.5}, 0.5, math.E, 1e-15},
		{"logit-normal p=0.975", LogitNormal{Mu: 0, Sigma: 1}, 0.975,
			1 / (1 + math.Exp(-z975)), 1e-15},
		{"logit-normal p=0.5", LogitNormal{Mu: math.Log(3.0 / 7), Sigma: 1}, 0.5, 0.3, 1e-15},
		{"beta(2,2) median", Beta{Alpha: 2, Beta: 2}, 0.5, 0.5, 1e-12},
		{"beta(2,2) at 0.216", Beta{Alpha: 2, Beta: 2}, beta22At03, 0.3, 1e-12},
		{"beta(2,2) on [10,20] median", Beta{Alpha: 2, Beta: 2, Min: 10, Max: 20}, 0.5, 15, 1e-11},
		// Beta(1/2, 1/2) is the arcsine law: Q(p) = sin²(πp/2), and at p = 1/4
		// sin²(π/8) = (1 − cos(π/4))/2.
		{"beta(1/2,1/2) arcsine", Beta{Alpha: 0.5, Beta: 0.5}, 0.25,
			(1 - math.Sqrt2/2) / 2, 1e-12},
		{"pert via beta(2,4)", PERT{Min: 0, Mode: 1, Max: 4}, pertAt1, 1, 1e-11},
		{"pert symmetric median", PERT{Min: 0, Mode: 2, Max: 4}, 0.5, 2, 1e-11},
		{"two-piece linear upper", TwoPiece{Scale: Linear, M: 2030, SigmaLo: 1, SigmaHi: 2},
			0.975, 2030 + 2*z975, 1e-12},
		{"two-piece linear lower", TwoPiece{Scale: Linear, M: 2030, SigmaLo: 1, SigmaHi: 2},
			0.025, 2030 - 1*z975, 1e-12},
		{"two-piece logit upper", TwoPiece{Scale: Logit, M: 0.3, SigmaLo: 0.5, SigmaHi: 1},
			0.975, 1 / (1 + math.Exp(-(math.Log(3.0/7) + z975))), 1e-15},
		{"two-piece logit lower", TwoPiece{Scale: Logit, M: 0.3, SigmaLo: 0.5, SigmaHi: 1},
			0.025, 1 / (1 + math.Exp(-(math.Log(3.0/7) - 0.5*z975))), 1e-15},
		{"discrete first", disc, 0.1, 10, 0},
		{"discrete at first boundary", disc, 0.25, 10, 0},
		{"discrete past first boundary", disc, 0.26, 20, 0},
		{"discrete at second boundary", disc, 0.75, 20, 0},
		{"discrete last", disc, 0.76, 30, 0},
		{"discrete keeps order", Discrete{Values: []float64{3, 1, 2}}, 0.2, 3, 0},
		{"discrete skips zero weight", Discrete{Values: []float64{1, 2, 3},
			Weights: []float64{0, 0, 1}}, 0.01, 3, 0},
		// Bernoulli{0.25}: the event is p > 1 − 0.25 = 0.75.
		{"bernoulli at threshold", Bernoulli{P: 0.25}, 0.75, 0, 0},
		{"bernoulli above threshold", Bernoulli{P: 0.25}, 0.76, 1, 0},
		{"bernoulli low", Bernoulli{P: 0.25}, 0.1, 0, 0},
		{"bernoulli certain", Bernoulli{P: 1}, 1e-9, 1, 0},
		{"bernoulli impossible", Bernoulli{P: 0}, 1 - 1e-9, 0, 0},
		{"point", Point{Value: 5}, 0.3, 5, 0},
		// N(0, 1) on [0, ∞) has CDF 2Φ(x) − 1, which is 1/2 at Φ⁻¹(3/4).
		{"truncated normal median", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0,
			Hi: math.Inf(1)}, 0.5, z75, 1e-15},
		{"truncated normal symmetric", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: -1, Hi: 1},
			0.5, 0, 1e-15},
		// U(0, 10) on [2, 5] is U(2, 5).
		{"truncated uniform", Truncated{Base: Uniform{Min: 0, Max: 10}, Lo: 2, Hi: 5},
			0.25, 2 + 3*0.25, 1e-14},
		{"truncated lognormal upper", Truncated{Base: LogNormal{Mu: 0, Sigma: 1},
			Lo: math.Inf(-1), Hi: 1}, 0.5, math.Exp(-z75), 1e-15},
		// disc on (10, 30] keeps 20 and 30 with weights 2:1.
		{"truncated discrete", Truncated{Base: disc, Lo: 10, Hi: 30}, 0.6, 20, 0},
		{"truncated discrete top", Truncated{Base: disc, Lo: 10, Hi: 30}, 0.7, 30, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNear(t, "Quantile", tt.d.Quantile(tt.p), tt.want, tt.tol)
		})
	}
}

// TestQuantileEnds checks the documented ends of the support at p = 0 and 1.
func TestQuantileEnds(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		d      Distribution
		lo, hi float64
		tol    float64
	}{
		{"normal", Normal{Mu: 0, Sigma: 1}, -inf, inf, 0},
		{"lognormal", LogNormal{Mu: 0, Sigma: 1}, 0, inf, 0},
		{"logit-normal", LogitNormal{Mu: 0, Sigma: 1}, 0, 1, 0},
		{"uniform", Uniform{Min: 2, Max: 6}, 2, 6, 0},
		{"triangular", Triangular{Min: 0, Mode: 1, Max: 4}, 0, 4, 0},
		{"pert", PERT{Min: 0, Mode: 1, Max: 4}, 0, 4, 1e-12},
		{"two-piece log", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.2, SigmaHi: 0.3}, 0, inf, 0},
		{"truncated", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: -1, Hi: 2}, -1, 2, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNear(t, "Quantile(0)", tt.d.Quantile(0), tt.lo, tt.tol)
			checkNear(t, "Quantile(1)", tt.d.Quantile(1), tt.hi, tt.tol)
		})
	}
}

// TestCDF checks CDFs against closed forms, including symmetry and the
// behaviour outside the support.
func TestCDF(t *testing.T) {
	b22 := Beta{Alpha: 2, Beta: 2}
	tests := []struct {
		name string
		got  float64
		want float64
		tol  float64
	}{
		// Beta(2, 2): F(x) = 3x² − 2x³, symmetric about 1/2.
		{"beta(2,2) at 0.3", b22.CDF(0.3), 3*0.09 - 2*0.027, 1e-14},
		{"beta(2,2) symmetry", b22.CDF(0.3) + b22.CDF(0.7), 1, 1e-14},
		{"beta(2,2) below", b22.CDF(-1), 0, 0},
		{"beta(2,2) above", b22.CDF(2), 1, 0},
		{"normal at mean", Normal{Mu: 3, Sigma: 2}.CDF(3), 0.5, 1e-15},
		{"normal at +z975", Normal{Mu: 3, Sigma: 2}.CDF(3 + 2*z975), 0.975, 1e-14},
		{"lognormal non-positive", LogNormal{Mu: 0, Sigma: 1}.CDF(-2), 0, 0},
		{"logit-normal at 1", LogitNormal{Mu: 0, Sigma: 1}.CDF(1), 1, 0},
		{"logit-normal at median", LogitNormal{Mu: 0, Sigma: 1}.CDF(0.5), 0.5, 1e-15},
		// Triangular{0, 1, 4}: F(x) = x²/4 below the mode.
		{"triangular", Triangular{Min: 0, Mode: 1, Max: 4}.CDF(0.5), 0.25 / 4, 1e-15},
		{"two-piece log at median", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.2,
			SigmaHi: 0.3}.CDF(9), 0.5, 1e-15},
		{"two-piece log below domain", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.2,
			SigmaHi: 0.3}.CDF(0), 0, 0},
		// Equal weights: values ≤ 2.5 are 1 and 2 out of four.
		{"discrete", Discrete{Values: []float64{4, 1, 3, 2}}.CDF(2.5), 0.5, 0},
		{"bernoulli between", Bernoulli{P: 0.25}.CDF(0.5), 0.75, 0},
		{"bernoulli at 1", Bernoulli{P: 0.25}.CDF(1), 1, 0},
		{"point below", Point{Value: 5}.CDF(4.9), 0, 0},
		{"point at", Point{Value: 5}.CDF(5), 1, 0},
		// N(0, 1) on [0, ∞): F(x) = 2Φ(x) − 1.
		{"truncated", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0,
			Hi: math.Inf(1)}.CDF(z75), 0.5, 1e-15},
		{"truncated below", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0, Hi: 1}.CDF(-1), 0, 0},
		{"truncated above", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0, Hi: 1}.CDF(1), 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNear(t, "CDF", tt.got, tt.want, tt.tol)
		})
	}
}
