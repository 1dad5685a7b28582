package distributions

import (
	"fmt"
	"math"
	"strconv"
)

var _ Distribution = TwoPiece{}

// Scale is the scale g on which a TwoPiece distribution is a two-piece normal.
type Scale int

// The scales of a TwoPiece distribution. The zero value is Linear.
const (
	Linear Scale = iota // g(x) = x, for dates
	Log                 // g(x) = ln x, for positive quantities
	Logit               // g(x) = ln(x/(1 − x)), for fractions
)

// String returns "linear", "log" or "logit".
func (s Scale) String() string {
	switch s {
	case Linear:
		return "linear"
	case Log:
		return "log"
	case Logit:
		return "logit"
	}
	return "Scale(" + strconv.Itoa(int(s)) + ")"
}

// inDomain reports whether x is in the domain of g.
func (s Scale) inDomain(x float64) bool {
	switch s {
	case Linear:
		return isFinite(x)
	case Log:
		return x > 0 && !math.IsInf(x, 1)
	case Logit:
		return x > 0 && x < 1
	}
	return false
}

// domainText describes the domain of g for error messages.
func (s Scale) domainText() string {
	switch s {
	case Log:
		return "positive and finite"
	case Logit:
		return "strictly between 0 and 1"
	}
	return "finite"
}

// known reports whether s is one of Linear, Log and Logit.
func (s Scale) known() bool {
	return s == Linear || s == Log || s == Logit
}

// order90 states the order that TwoPieceFrom90 needs on the scale.
func (s Scale) order90() string {
	switch s {
	case Log:
		return "0 < lo < median < hi"
	case Logit:
		return "0 < lo < median < hi < 1"
	}
	return "finite lo < median < hi"
}

// g maps x to the scale.
func (s Scale) g(x float64) float64 {
	switch s {
	case Linear:
		return x
	case Log:
		return math.Log(x)
	case Logit:
		return logit(x)
	}
	return math.NaN()
}

// TwoPiece is a two-piece normal distribution on the scale g given by Scale:
// g(X) is normal with standard deviation SigmaLo below g(M) and SigmaHi
// above, and each half carries half the mass. With z = Φ⁻¹(p),
//
//	Q(p) = g⁻¹(g(M) + z·SigmaLo)  for p < 0.5,
//	Q(p) = g⁻¹(g(M) + z·SigmaHi)  for p ≥ 0.5.
//
// It keeps a source's "central, low, high" with the central value as the
// median (see [TwoPieceFrom90]). The density jumps at the median unless
// SigmaLo = SigmaHi.
type TwoPiece struct {
	Scale Scale // scale on which the halves are normal

	// M is the median, in the domain of the scale. It is called M and not
	// Median because TwoPiece has a Median method.
	M float64

	SigmaLo float64 // standard deviation of the lower half on the scale, > 0
	SigmaHi float64 // standard deviation of the upper half on the scale, > 0
}

// TwoPieceFrom90 returns the two-piece distribution on the given scale with
// the given median whose 5% quantile is lo and 95% quantile is hi:
// SigmaLo = (g(median) − g(lo))/Z95 and SigmaHi = (g(hi) − g(median))/Z95.
// It needs lo < median < hi, with 0 < lo on the Log scale and 0 < lo, hi < 1
// on the Logit scale.
func TwoPieceFrom90(scale Scale, median, lo, hi float64) (TwoPiece, error) {
	if !scale.known() {
		return TwoPiece{}, fmt.Errorf(
			"two-piece: unknown scale %v, expected linear, log or logit", scale)
	}
	if !scale.inDomain(lo) || !scale.inDomain(hi) || !(lo < median) || !(median < hi) {
		return TwoPiece{}, fmt.Errorf(
			"two-piece %s from 90%% interval: need %s, got lo=%g, median=%g, hi=%g",
			scale, scale.order90(), lo, median, hi)
	}
	gm := scale.g(median)
	return TwoPiece{
		Scale:   scale,
		M:       median,
		SigmaLo: (gm - scale.g(lo)) / Z95,
		SigmaHi: (scale.g(hi) - gm) / Z95,
	}, nil
}

// Validate returns an error unless Scale is known, M is in its domain and
// both sigmas are positive and finite.
func (t TwoPiece) Validate() error {
	if !t.Scale.known() {
		return fmt.Errorf("two-piece: unknown scale %v, expected linear, log or logit", t.Scale)
	}
	if !t.Scale.inDomain(t.M) {
		return fmt.Errorf("two-piece %s: median must be %s, got %g",
			t.Scale, t.Scale.domainText(), t.M)
	}
	if !isFinite(t.SigmaLo) || !(t.SigmaLo > 0) || !isFinite(t.SigmaHi) || !(t.SigmaHi > 0) {
		return fmt.Errorf(
			"two-piece %s: sigmas must be positive and finite, got sigma_lo=%g, sigma_hi=%g",
			t.Scale, t.SigmaLo, t.SigmaHi)
	}
	return nil
}

// Quantile returns g⁻¹(g(M) + Φ⁻¹(p)·σ), with σ = SigmaLo below the
// median and SigmaHi above.
func (t TwoPiece) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	s := t.SigmaHi
	if p < 0.5 {
		s = t.SigmaLo
	}
	z := normQuantile(p)
	switch t.Scale {
	case Linear:
		return t.M + z*s
	case Log:
		return t.M * math.Exp(z*s)
	case Logit:
		return logistic(logit(t.M) + z*s)
	}
	return math.NaN()
}

// CDF returns Φ((g(x) − g(M))/σ), with σ = SigmaLo below the median and
// SigmaHi above; 0 below and 1 above the domain of the scale.
func (t TwoPiece) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case (t.Scale == Log || t.Scale == Logit) && x <= 0:
		return 0
	case t.Scale == Logit && x >= 1:
		return 1
	}
	d := t.Scale.g(x) - t.Scale.g(t.M)
	if d < 0 {
		return normCDF(d / t.SigmaLo)
	}
	return normCDF(d / t.SigmaHi)
}

// Mean returns the expected value. Integrating each half of the quantile
// function over its half of the mass gives
//
//	Linear: M + (SigmaHi − SigmaLo)/√(2π)
//	Log:    M·[e^{SigmaLo²/2}·Φ(−SigmaLo) + e^{SigmaHi²/2}·Φ(SigmaHi)]
//
// and on the Logit scale, which has no closed form, quadrature (see the
// package documentation).
func (t TwoPiece) Mean() float64 {
	return t.quantileIntegral(0, 1)
}

// Median returns M.
func (t TwoPiece) Median() float64 { return t.M }

// String returns the form "two-piece lognormal(median=9, 90%: 6–15)".
func (t TwoPiece) String() string {
	var name string
	switch t.Scale {
	case Linear:
		name = "two-piece normal"
	case Log:
		name = "two-piece lognormal"
	case Logit:
		name = "two-piece logit-normal"
	default:
		name = "two-piece " + t.Scale.String()
	}
	return name + "(median=" + num(t.M) + ", " + interval90(t) + ")"
}

// quantileIntegral integrates each half of the quantile function on the
// normal scale z = Φ⁻¹(u), where it is g⁻¹(g(M) + σ·z).
func (t TwoPiece) quantileIntegral(a, b float64) float64 {
	var sum float64
	if lo, hi := a, math.Min(b, 0.5); lo < hi {
		sum += t.halfIntegral(t.SigmaLo, lo, hi)
	}
	if lo, hi := math.Max(a, 0.5), b; lo < hi {
		sum += t.halfIntegral(t.SigmaHi, lo, hi)
	}
	return sum
}

// halfIntegral returns ∫ g⁻¹(g(M) + s·z) φ(z) dz over z from Φ⁻¹(a) to
// Φ⁻¹(b), for [a, b] within one half.
func (t TwoPiece) halfIntegral(s, a, b float64) float64 {
	za, zb := normQuantile(a), normQuantile(b)
	switch t.Scale {
	case Linear:
		return t.M*(b-a) + s*(normPDF(za)-normPDF(zb))
	case Log:
		return expHalf(math.Log(t.M), s, za, zb)
	case Logit:
		lm := logit(t.M)
		return normalExpect(func(z float64) float64 { return logistic(lm + s*z) }, za, zb)
	}
	return math.NaN()
}
