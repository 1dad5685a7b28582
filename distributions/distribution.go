package distributions

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// Z95 is Φ⁻¹(0.95), the standard normal quantile at 95%. A 90% interval
// (p5, p95) of a normal variable spans Mu ± Z95·Sigma.
const Z95 = 1.6448536269514722

// Distribution is a univariate distribution usable by inverse CDF.
//
// All implementations in this package are values that are safe for concurrent
// use.
type Distribution interface {
	// Quantile returns the inverse of the CDF at p, for p in (0, 1). It returns
	// the end of the support at p = 0 and p = 1, and NaN outside [0, 1].
	Quantile(p float64) float64
	// CDF returns P(X ≤ x).
	CDF(x float64) float64
	// Mean returns the expected value.
	Mean() float64
	// Median returns Quantile(0.5), often in closed form.
	Median() float64
	// String returns a short human-readable form, such as
	// "lognormal(median=7.07, 90%: 5–10)".
	String() string
}

// quantileIntegrator is implemented by distributions that can integrate their
// own quantile function exactly or more accurately than the generic rule.
type quantileIntegrator interface {
	// quantileIntegral returns the integral of Quantile(u) du over [a, b],
	// for 0 ≤ a ≤ b ≤ 1.
	quantileIntegral(a, b float64) float64
}

// inUnit reports whether p lies in [0, 1]. It is false for NaN.
func inUnit(p float64) bool {
	return p >= 0 && p <= 1
}

// isFinite reports whether x is neither infinite nor NaN.
func isFinite(x float64) bool {
	return !math.IsInf(x, 0) && !math.IsNaN(x)
}

// logit returns ln(x / (1 − x)).
func logit(x float64) float64 {
	return math.Log(x) - math.Log1p(-x)
}

// logistic returns 1 / (1 + e^−y), the inverse of logit.
func logistic(y float64) float64 {
	return 1 / (1 + math.Exp(-y))
}

// normQuantile returns Φ⁻¹(p), the standard normal quantile, with p clamped
// to [0, 1] so that rounding in a caller never reaches gonum's panic.
func normQuantile(p float64) float64 {
	return distuv.UnitNormal.Quantile(math.Max(0, math.Min(p, 1)))
}

// normCDF returns Φ(z), the standard normal CDF.
func normCDF(z float64) float64 {
	return distuv.UnitNormal.CDF(z)
}

// normPDF returns φ(z), the standard normal density; φ(±Inf) = 0.
func normPDF(z float64) float64 {
	return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
}

// integrateQuantile returns the integral of d.Quantile(u) du over [a, b],
// exactly when d knows how, numerically otherwise.
func integrateQuantile(d Distribution, a, b float64) float64 {
	a, b = math.Max(0, a), math.Min(b, 1)
	if qi, ok := d.(quantileIntegrator); ok {
		return qi.quantileIntegral(a, b)
	}
	return numericQuantileIntegral(d.Quantile, a, b)
}

// numericQuantileIntegral returns the integral of q(u) du over [a, b] by the
// substitution u = Φ(z):
//
//	∫_a^b q(u) du = ∫ q(Φ(z)) φ(z) dz over [Φ⁻¹(a), Φ⁻¹(b)].
//
// The normal weight tames the unbounded ends of quantile functions.
func numericQuantileIntegral(q func(float64) float64, a, b float64) float64 {
	if !(a < b) {
		return 0
	}
	f := func(z float64) float64 { return q(normCDF(z)) }
	return normalExpect(f, normQuantile(a), normQuantile(b))
}

// zCut bounds the normal scale in normalExpect. Each dropped tail holds
// Φ(−8) ≈ 6.2e-16 of the mass, and Φ(8) still rounds to a number below 1, so
// the quantiles evaluated there stay finite.
const zCut = 8

// normalExpect returns the integral of f(z)·φ(z) dz over [zlo, zhi] ∩
// [−zCut, zCut] by composite Gauss–Legendre quadrature: panels at most one unit
// wide, split at z = 0 where two-piece quantiles have a kink, with 32 nodes
// each. For integrands analytic in a strip around the real axis this is
// accurate to near rounding error.
func normalExpect(f func(float64) float64, zlo, zhi float64) float64 {
	zlo = math.Max(zlo, -zCut)
	zhi = math.Min(zhi, zCut)
	if !(zlo < zhi) {
		return 0
	}
	if zlo < 0 && zhi > 0 {
		return normalExpect(f, zlo, 0) + normalExpect(f, 0, zhi)
	}

	const nodes = 32
	g := func(z float64) float64 { return f(z) * normPDF(z) }
	panels := int(math.Ceil(zhi - zlo))
	h := (zhi - zlo) / float64(panels)
	var sum float64
	for i := range panels {
		lo := zlo + float64(i)*h
		hi := lo + h
		if i == panels-1 {
			hi = zhi
		}
		sum += quad.Fixed(g, lo, hi, nodes, quad.Legendre{}, 0)
	}
	return sum
}

// num formats x for String: three significant digits, or enough to show one
// decimal place of numbers up to 10⁶ (so 2026.5 stays 2026.5), and exponent
// form for very large or very small magnitudes.
func num(x float64) string {
	a := math.Abs(x)
	switch {
	case !isFinite(x):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case a >= 1e6 || (a != 0 && a < 1e-3):
		return strconv.FormatFloat(x, 'g', 3, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'g', int(math.Floor(math.Log10(a)))+2, 64)
	default:
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
}

// interval90 formats the central 90% interval of d as "90%: p5–p95".
func interval90(d Distribution) string {
	return "90%: " + num(d.Quantile(0.05)) + "–" + num(d.Quantile(0.95))
}
