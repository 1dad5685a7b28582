package distributions

import (
	"errors"
	"fmt"
	"math"
)

var _ Distribution = Truncated{}

// Truncated is Base restricted to [Lo, Hi] and renormalised. With F the CDF of
// Base, its quantile is
//
//	Q(p) = Base.Quantile(F(Lo) + p·(F(Hi) − F(Lo))),
//
// so every draw of Base maps to a draw inside the bounds without rejection.
// Lo may be −Inf and Hi +Inf for one-sided bounds. For a base with atoms the
// interval is (Lo, Hi]: an atom at Lo is excluded, one at Hi kept. A Discrete
// base must list its values in increasing order, since the formula pairs its
// CDF with its quantile.
//
// Since F(Lo) and F(Hi) are computed in float64, bounds far in a tail (beyond
// about 8 standard deviations of a normal base) lose accuracy or leave no
// mass; Validate reports the latter.
type Truncated struct {
	Base Distribution // the distribution before truncation
	Lo   float64      // lower bound, or −Inf
	Hi   float64      // upper bound, > Lo, or +Inf
}

// Validate returns an error unless Base is set and valid (when it has a
// Validate method), Lo < Hi, and Base puts positive probability on [Lo, Hi].
func (t Truncated) Validate() error {
	if t.Base == nil {
		return errors.New("truncated: base distribution must be set")
	}
	if v, ok := t.Base.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("truncated: %w", err)
		}
	}
	if !(t.Lo < t.Hi) {
		return fmt.Errorf("truncated: need lo < hi, got lo=%g, hi=%g", t.Lo, t.Hi)
	}
	if a, b := t.cdfBounds(); !(b > a) {
		return fmt.Errorf(
			"truncated: [%g, %g] has no mass under %v, expected bounds where it has mass",
			t.Lo, t.Hi, t.Base)
	}
	return nil
}

// cdfBounds returns F(Lo) and F(Hi), taking F(−Inf) = 0 and F(+Inf) = 1
// whatever Base.CDF does with infinities.
func (t Truncated) cdfBounds() (a, b float64) {
	a, b = 0, 1
	if !math.IsInf(t.Lo, -1) {
		a = t.Base.CDF(t.Lo)
	}
	if !math.IsInf(t.Hi, 1) {
		b = t.Base.CDF(t.Hi)
	}
	return a, b
}

// Quantile returns Base.Quantile(F(Lo) + p·(F(Hi) − F(Lo))), clamped to
// [Lo, Hi] against rounding.
func (t Truncated) Quantile(p float64) float64 {
	if !inUnit(p) || t.Base == nil {
		return math.NaN()
	}
	a, b := t.cdfBounds()
	if !(b > a) {
		return math.NaN()
	}
	x := t.Base.Quantile(math.Min(a+p*(b-a), b))
	return math.Max(t.Lo, math.Min(x, t.Hi))
}

// CDF returns (F(x) − F(Lo))/(F(Hi) − F(Lo)) for x in [Lo, Hi], 0 below and 1
// above.
func (t Truncated) CDF(x float64) float64 {
	switch {
	case t.Base == nil || math.IsNaN(x):
		return math.NaN()
	case x < t.Lo:
		return 0
	case x >= t.Hi:
		return 1
	}
	a, b := t.cdfBounds()
	c := (t.Base.CDF(x) - a) / (b - a)
	return math.Max(0, math.Min(c, 1))
}

// Mean returns the mean of Base restricted to [Lo, Hi], the integral of the
// base quantile over [F(Lo), F(Hi)] divided by F(Hi) − F(Lo). The integral is
// exact for the normal, lognormal, uniform, triangular, two-piece (linear and
// log), discrete, Bernoulli and point bases, and computed by quadrature
// otherwise (see the package documentation).
func (t Truncated) Mean() float64 {
	if t.Base == nil {
		return math.NaN()
	}
	a, b := t.cdfBounds()
	return integrateQuantile(t.Base, a, b) / (b - a)
}

// Median returns Quantile(0.5).
func (t Truncated) Median() float64 { return t.Quantile(0.5) }

// String returns the form "normal(mu=0, sigma=1) truncated to [0, +Inf]".
func (t Truncated) String() string {
	base := "<nil>"
	if t.Base != nil {
		base = t.Base.String()
	}
	return base + " truncated to [" + num(t.Lo) + ", " + num(t.Hi) + "]"
}

// quantileIntegral maps [lo, hi] of the truncated quantile onto the base:
// ∫ Base.Quantile(a + u·(b − a)) du = (1/(b − a))·∫ Base.Quantile(v) dv.
func (t Truncated) quantileIntegral(lo, hi float64) float64 {
	if t.Base == nil {
		return math.NaN()
	}
	a, b := t.cdfBounds()
	return integrateQuantile(t.Base, a+lo*(b-a), a+hi*(b-a)) / (b - a)
}
