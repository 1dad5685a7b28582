package distributions

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

var (
	_ Distribution = Normal{}
	_ Distribution = LogNormal{}
)

// Normal is the normal (Gaussian) distribution with mean Mu and standard
// deviation Sigma. It is the default family of dates.
type Normal struct {
	Mu    float64 // mean; named Mu so that it does not clash with the Mean method
	Sigma float64 // standard deviation, > 0
}

// NormalFrom90 returns the normal distribution whose 5% and 95% quantiles are
// lo and hi: Mu = (lo + hi)/2 and Sigma = (hi − lo)/(2·Z95).
func NormalFrom90(lo, hi float64) (Normal, error) {
	if !isFinite(lo) || !isFinite(hi) || !(lo < hi) {
		return Normal{}, fmt.Errorf(
			"normal from 90%% interval: need finite lo < hi, got lo=%g, hi=%g", lo, hi)
	}
	return Normal{Mu: lo/2 + hi/2, Sigma: (hi - lo) / (2 * Z95)}, nil
}

// NormalMeanHalfWidth returns the normal distribution with the given mean
// whose 90% interval is mean ± halfWidth90, so Sigma = halfWidth90/Z95. A date
// tagged "± 1 y" is NormalMeanHalfWidth(value, 1).
func NormalMeanHalfWidth(mean, halfWidth90 float64) (Normal, error) {
	if !isFinite(mean) {
		return Normal{}, fmt.Errorf("normal: mean must be finite, got %g", mean)
	}
	if !isFinite(halfWidth90) || !(halfWidth90 > 0) {
		return Normal{}, fmt.Errorf(
			"normal: 90%% half-width must be positive and finite, got %g", halfWidth90)
	}
	return Normal{Mu: mean, Sigma: halfWidth90 / Z95}, nil
}

// Validate returns an error unless Mu is finite and Sigma is positive and
// finite.
func (n Normal) Validate() error {
	if !isFinite(n.Mu) {
		return fmt.Errorf("normal: mu must be finite, got %g", n.Mu)
	}
	if !isFinite(n.Sigma) || !(n.Sigma > 0) {
		return fmt.Errorf("normal: sigma must be positive and finite, got %g", n.Sigma)
	}
	return nil
}

func (n Normal) dist() distuv.Normal {
	return distuv.Normal{Mu: n.Mu, Sigma: n.Sigma}
}

// Quantile returns Mu + Sigma·Φ⁻¹(p).
func (n Normal) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	return n.dist().Quantile(p)
}

// CDF returns Φ((x − Mu)/Sigma).
func (n Normal) CDF(x float64) float64 { return n.dist().CDF(x) }

// Mean returns Mu.
func (n Normal) Mean() float64 { return n.Mu }

// Median returns Mu.
func (n Normal) Median() float64 { return n.Mu }

// String returns the form "normal(mu=2026.5, sigma=0.61)".
func (n Normal) String() string {
	return "normal(mu=" + num(n.Mu) + ", sigma=" + num(n.Sigma) + ")"
}

// quantileIntegral substitutes u = Φ(z): the integral of Mu + Sigma·z
// against φ(z) dz from Φ⁻¹(a) to Φ⁻¹(b) is Mu·(b − a) + Sigma·(φ(Φ⁻¹(a)) −
// φ(Φ⁻¹(b))), since φ'(z) = −z·φ(z).
func (n Normal) quantileIntegral(a, b float64) float64 {
	za, zb := normQuantile(a), normQuantile(b)
	return n.Mu*(b-a) + n.Sigma*(normPDF(za)-normPDF(zb))
}

// LogNormal is the distribution of exp(Y) for Y normal with mean Mu and
// standard deviation Sigma (both on the log scale). Its median is exp(Mu). It
// is the default family of positive quantities.
type LogNormal struct {
	Mu    float64 // mean of ln X
	Sigma float64 // standard deviation of ln X, > 0
}

// LogNormalFrom90 returns the lognormal distribution whose 5% and 95%
// quantiles are lo and hi, as Squiggle reads "lo to hi":
// Mu = (ln lo + ln hi)/2 and Sigma = (ln hi − ln lo)/(2·Z95). It needs
// 0 < lo < hi; a non-positive lo is an error, never a switch of family.
func LogNormalFrom90(lo, hi float64) (LogNormal, error) {
	if !isFinite(lo) || !isFinite(hi) || !(lo > 0) || !(lo < hi) {
		return LogNormal{}, fmt.Errorf(
			"lognormal from 90%% interval: need finite 0 < lo < hi, got lo=%g, hi=%g", lo, hi)
	}
	llo, lhi := math.Log(lo), math.Log(hi)
	return LogNormal{Mu: (llo + lhi) / 2, Sigma: (lhi - llo) / (2 * Z95)}, nil
}

// LogNormalMedianFactor returns the lognormal distribution with the given
// median whose 90% interval is median ×/÷ factor, so p5 = median/factor,
// p95 = median·factor and Sigma = ln(factor)/Z95. A positive quantity tagged
// "medium" is LogNormalMedianFactor(value, 1.35).
func LogNormalMedianFactor(median, factor float64) (LogNormal, error) {
	if !isFinite(median) || !(median > 0) {
		return LogNormal{}, fmt.Errorf(
			"lognormal: median must be positive and finite, got %g", median)
	}
	if !isFinite(factor) || !(factor > 1) {
		return LogNormal{}, fmt.Errorf(
			"lognormal: 90%% factor must be finite and > 1, got %g", factor)
	}
	return LogNormal{Mu: math.Log(median), Sigma: math.Log(factor) / Z95}, nil
}

// Validate returns an error unless Mu is finite and Sigma is positive and
// finite.
func (l LogNormal) Validate() error {
	if !isFinite(l.Mu) {
		return fmt.Errorf("lognormal: mu must be finite, got %g", l.Mu)
	}
	if !isFinite(l.Sigma) || !(l.Sigma > 0) {
		return fmt.Errorf("lognormal: sigma must be positive and finite, got %g", l.Sigma)
	}
	return nil
}

func (l LogNormal) dist() distuv.LogNormal {
	return distuv.LogNormal{Mu: l.Mu, Sigma: l.Sigma}
}

// Quantile returns exp(Mu + Sigma·Φ⁻¹(p)).
func (l LogNormal) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	return l.dist().Quantile(p)
}

// CDF returns Φ((ln x − Mu)/Sigma) for x > 0, and 0 otherwise.
func (l LogNormal) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x <= 0:
		return 0
	}
	return l.dist().CDF(x)
}

// Mean returns exp(Mu + Sigma²/2).
func (l LogNormal) Mean() float64 { return l.dist().Mean() }

// Median returns exp(Mu).
func (l LogNormal) Median() float64 { return math.Exp(l.Mu) }

// String returns the form "lognormal(median=7.07, 90%: 5–10)".
func (l LogNormal) String() string {
	return "lognormal(median=" + num(l.Median()) + ", " + interval90(l) + ")"
}

// quantileIntegral substitutes u = Φ(z) and integrates exp(Mu + Sigma·z)
// against φ(z) dz from Φ⁻¹(a) to Φ⁻¹(b) with expHalf.
func (l LogNormal) quantileIntegral(a, b float64) float64 {
	za, zb := normQuantile(a), normQuantile(b)
	return expHalf(l.Mu, l.Sigma, za, zb)
}

// expHalf returns ∫ exp(mu + s·z) φ(z) dz over [za, zb], which completing the
// square turns into exp(mu + s²/2)·[Φ(zb − s) − Φ(za − s)].
func expHalf(mu, s, za, zb float64) float64 {
	return math.Exp(mu+s*s/2) * (normCDF(zb-s) - normCDF(za-s))
}
