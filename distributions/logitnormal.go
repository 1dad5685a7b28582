package distributions

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

var _ Distribution = LogitNormal{}

// LogitNormal is the distribution of a share X in (0, 1) whose logit,
// ln(X/(1 − X)), is normal with mean Mu and standard deviation Sigma. Its
// median is logistic(Mu). It is the default family of fractions.
type LogitNormal struct {
	Mu    float64 // mean of logit(X)
	Sigma float64 // standard deviation of logit(X), > 0
}

// LogitNormalFrom90 returns the logit-normal distribution whose 5% and 95%
// quantiles are lo and hi: Mu = (logit lo + logit hi)/2 and
// Sigma = (logit hi − logit lo)/(2·Z95). It needs 0 < lo < hi < 1.
func LogitNormalFrom90(lo, hi float64) (LogitNormal, error) {
	if !(lo > 0) || !(lo < hi) || !(hi < 1) {
		return LogitNormal{}, fmt.Errorf(
			"logit-normal from 90%% interval: need 0 < lo < hi < 1, got lo=%g, hi=%g", lo, hi)
	}
	llo, lhi := logit(lo), logit(hi)
	return LogitNormal{Mu: (llo + lhi) / 2, Sigma: (lhi - llo) / (2 * Z95)}, nil
}

// LogitNormalMedianHalfWidth returns the logit-normal distribution with the
// given median whose 90% interval is logit(median) ± halfWidth on the logit
// scale, so Sigma = halfWidth/Z95. A fraction tagged "medium" is
// LogitNormalMedianHalfWidth(value, 0.6).
func LogitNormalMedianHalfWidth(median, halfWidth float64) (LogitNormal, error) {
	if !(median > 0) || !(median < 1) {
		return LogitNormal{}, fmt.Errorf(
			"logit-normal: median must be strictly between 0 and 1, got %g", median)
	}
	if !isFinite(halfWidth) || !(halfWidth > 0) {
		return LogitNormal{}, fmt.Errorf(
			"logit-normal: 90%% half-width on the logit scale must be positive and finite, got %g",
			halfWidth)
	}
	return LogitNormal{Mu: logit(median), Sigma: halfWidth / Z95}, nil
}

// Validate returns an error unless Mu is finite and Sigma is positive and
// finite.
func (l LogitNormal) Validate() error {
	if !isFinite(l.Mu) {
		return fmt.Errorf("logit-normal: mu must be finite, got %g", l.Mu)
	}
	if !isFinite(l.Sigma) || !(l.Sigma > 0) {
		return fmt.Errorf("logit-normal: sigma must be positive and finite, got %g", l.Sigma)
	}
	return nil
}

func (l LogitNormal) normal() distuv.Normal {
	return distuv.Normal{Mu: l.Mu, Sigma: l.Sigma}
}

// Quantile returns logistic(Mu + Sigma·Φ⁻¹(p)).
func (l LogitNormal) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	return logistic(l.normal().Quantile(p))
}

// CDF returns Φ((logit x − Mu)/Sigma) for x in (0, 1).
func (l LogitNormal) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return l.normal().CDF(logit(x))
}

// Mean returns E[logistic(Mu + Sigma·Z)] for Z standard normal. It has no
// closed form and is computed by quadrature (see the package documentation).
func (l LogitNormal) Mean() float64 {
	return l.quantileIntegral(0, 1)
}

// Median returns logistic(Mu).
func (l LogitNormal) Median() float64 { return logistic(l.Mu) }

// String returns the form "logit-normal(median=0.3, 90%: 0.2–0.4)".
func (l LogitNormal) String() string {
	return "logit-normal(median=" + num(l.Median()) + ", " + interval90(l) + ")"
}

func (l LogitNormal) quantileIntegral(a, b float64) float64 {
	f := func(z float64) float64 { return logistic(l.Mu + l.Sigma*z) }
	return normalExpect(f, normQuantile(a), normQuantile(b))
}
