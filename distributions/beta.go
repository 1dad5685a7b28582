package distributions

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

var (
	_ Distribution = Beta{}
	_ Distribution = PERT{}
)

// Beta is the beta distribution with shape parameters Alpha and Beta, scaled
// from [0, 1] to [Min, Max]: X = Min + (Max − Min)·B with B ~ Beta(Alpha, Beta).
// Min = Max = 0 means the standard interval [0, 1]. See
// https://en.wikipedia.org/wiki/Beta_distribution.
type Beta struct {
	Alpha float64 // left shape parameter, > 0
	Beta  float64 // right shape parameter, > 0
	Min   float64 // lower end; with Max = 0 as well, the interval is [0, 1]
	Max   float64 // upper end, > Min unless both are 0
}

// Validate returns an error unless Alpha and Beta are positive and finite and
// the interval is [0, 1] (both ends zero) or finite with Min < Max.
func (b Beta) Validate() error {
	if !isFinite(b.Alpha) || !(b.Alpha > 0) || !isFinite(b.Beta) || !(b.Beta > 0) {
		return fmt.Errorf("beta: alpha and beta must be positive and finite, got alpha=%g, beta=%g",
			b.Alpha, b.Beta)
	}
	if b.Min == 0 && b.Max == 0 {
		return nil
	}
	if !isFinite(b.Min) || !isFinite(b.Max) || !(b.Min < b.Max) {
		return fmt.Errorf("beta: need finite min < max (or both 0 for [0, 1]), got min=%g, max=%g",
			b.Min, b.Max)
	}
	return nil
}

// valid reports whether the shapes are usable by gonum, which panics
// otherwise.
func (b Beta) valid() bool {
	return b.Alpha > 0 && b.Beta > 0 && !math.IsInf(b.Alpha, 1) && !math.IsInf(b.Beta, 1)
}

// bounds returns the interval, with [0, 1] for the zero ends.
func (b Beta) bounds() (lo, hi float64) {
	if b.Min == 0 && b.Max == 0 {
		return 0, 1
	}
	return b.Min, b.Max
}

func (b Beta) unit() distuv.Beta {
	return distuv.Beta{Alpha: b.Alpha, Beta: b.Beta}
}

// Quantile returns Min + (Max − Min)·I⁻¹(p; Alpha, Beta), with I the
// regularised incomplete beta function.
func (b Beta) Quantile(p float64) float64 {
	if !inUnit(p) || !b.valid() {
		return math.NaN()
	}
	lo, hi := b.bounds()
	return lo + (hi-lo)*b.unit().Quantile(p)
}

// CDF returns I((x − Min)/(Max − Min); Alpha, Beta).
func (b Beta) CDF(x float64) float64 {
	if !b.valid() {
		return math.NaN()
	}
	lo, hi := b.bounds()
	u := (x - lo) / (hi - lo)
	if math.IsNaN(u) {
		return math.NaN()
	}
	return b.unit().CDF(u)
}

// Mean returns Min + (Max − Min)·Alpha/(Alpha + Beta).
func (b Beta) Mean() float64 {
	lo, hi := b.bounds()
	return lo + (hi-lo)*b.Alpha/(b.Alpha+b.Beta)
}

// Median returns Quantile(0.5), computed numerically.
func (b Beta) Median() float64 { return b.Quantile(0.5) }

// String returns the form "beta(alpha=2, beta=3)", with " on [min, max]"
// when the interval is not [0, 1].
func (b Beta) String() string {
	s := "beta(alpha=" + num(b.Alpha) + ", beta=" + num(b.Beta)
	if lo, hi := b.bounds(); lo != 0 || hi != 1 {
		s += ", on [" + num(lo) + ", " + num(hi) + "]"
	}
	return s + ")"
}

// DefaultPERTLambda is the weight of the mode in the PERT distribution when
// PERT.Lambda is zero; it gives the classic mean (Min + 4·Mode + Max)/6.
const DefaultPERTLambda = 4

// PERT is the (modified) PERT distribution on [Min, Max] with mode Mode: a beta
// distribution scaled to [Min, Max] with shapes
//
//	Alpha = 1 + Lambda·(Mode − Min)/(Max − Min)
//	Beta  = 1 + Lambda·(Max − Mode)/(Max − Min)
//
// and mean (Min + Lambda·Mode + Max)/(Lambda + 2). See
// https://en.wikipedia.org/wiki/PERT_distribution.
type PERT struct {
	Min    float64 // lower end
	Mode   float64 // most likely value, Min ≤ Mode ≤ Max
	Max    float64 // upper end, > Min
	Lambda float64 // weight of the mode, > 0; zero means DefaultPERTLambda
}

// Validate returns an error unless Min ≤ Mode ≤ Max with Min < Max, all
// finite, and Lambda is zero or positive and finite.
func (d PERT) Validate() error {
	if !isFinite(d.Min) || !isFinite(d.Max) || !(d.Min < d.Max) ||
		!(d.Min <= d.Mode) || !(d.Mode <= d.Max) {
		return fmt.Errorf(
			"pert: need finite min ≤ mode ≤ max with min < max, got min=%g, mode=%g, max=%g",
			d.Min, d.Mode, d.Max)
	}
	if !isFinite(d.Lambda) || d.Lambda < 0 {
		return fmt.Errorf("pert: lambda must be positive and finite (0 for the default %d), got %g",
			DefaultPERTLambda, d.Lambda)
	}
	return nil
}

// lambda returns Lambda, or DefaultPERTLambda when it is zero.
func (d PERT) lambda() float64 {
	if d.Lambda == 0 {
		return DefaultPERTLambda
	}
	return d.Lambda
}

// Beta returns the scaled beta distribution that d is.
func (d PERT) Beta() Beta {
	w := d.Max - d.Min
	l := d.lambda()
	return Beta{
		Alpha: 1 + l*(d.Mode-d.Min)/w,
		Beta:  1 + l*(d.Max-d.Mode)/w,
		Min:   d.Min,
		Max:   d.Max,
	}
}

// Quantile returns the quantile of the equivalent scaled beta distribution.
func (d PERT) Quantile(p float64) float64 { return d.Beta().Quantile(p) }

// CDF returns the CDF of the equivalent scaled beta distribution.
func (d PERT) CDF(x float64) float64 { return d.Beta().CDF(x) }

// Mean returns (Min + Lambda·Mode + Max)/(Lambda + 2).
func (d PERT) Mean() float64 {
	l := d.lambda()
	return (d.Min + l*d.Mode + d.Max) / (l + 2)
}

// Median returns Quantile(0.5), computed numerically.
func (d PERT) Median() float64 { return d.Quantile(0.5) }

// String returns the form "pert(min=1, mode=2, max=5)", with the lambda when
// it is not the default.
func (d PERT) String() string {
	s := "pert(min=" + num(d.Min) + ", mode=" + num(d.Mode) + ", max=" + num(d.Max)
	if d.lambda() != DefaultPERTLambda {
		s += ", lambda=" + num(d.lambda())
	}
	return s + ")"
}
