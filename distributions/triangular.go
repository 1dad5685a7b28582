package distributions

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

var (
	_ Distribution = Uniform{}
	_ Distribution = Triangular{}
)

// Uniform is the continuous uniform distribution on [Min, Max].
type Uniform struct {
	Min float64 // lower end
	Max float64 // upper end, > Min
}

// Validate returns an error unless Min < Max, both finite.
func (u Uniform) Validate() error {
	if !isFinite(u.Min) || !isFinite(u.Max) || !(u.Min < u.Max) {
		return fmt.Errorf("uniform: need finite min < max, got min=%g, max=%g", u.Min, u.Max)
	}
	return nil
}

func (u Uniform) dist() distuv.Uniform {
	return distuv.Uniform{Min: u.Min, Max: u.Max}
}

// Quantile returns Min + p·(Max − Min).
func (u Uniform) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	return u.dist().Quantile(p)
}

// CDF returns (x − Min)/(Max − Min), clamped to [0, 1].
func (u Uniform) CDF(x float64) float64 { return u.dist().CDF(x) }

// Mean returns (Min + Max)/2.
func (u Uniform) Mean() float64 { return u.dist().Mean() }

// Median returns (Min + Max)/2.
func (u Uniform) Median() float64 { return u.dist().Median() }

// String returns the form "uniform(min=0, max=10)".
func (u Uniform) String() string {
	return "uniform(min=" + num(u.Min) + ", max=" + num(u.Max) + ")"
}

// quantileIntegral integrates the linear quantile: Δu·Q((a + b)/2).
func (u Uniform) quantileIntegral(a, b float64) float64 {
	return (b - a) * (u.Min + (u.Max-u.Min)*(a+b)/2)
}

// Triangular is the triangular distribution on [Min, Max] with its density
// peak at Mode. See https://en.wikipedia.org/wiki/Triangular_distribution.
type Triangular struct {
	Min  float64 // lower end
	Mode float64 // most likely value, Min ≤ Mode ≤ Max
	Max  float64 // upper end, > Min
}

// Validate returns an error unless Min ≤ Mode ≤ Max with Min < Max, all finite.
func (t Triangular) Validate() error {
	if !t.valid() {
		return fmt.Errorf(
			"triangular: need finite min ≤ mode ≤ max with min < max, got min=%g, mode=%g, max=%g",
			t.Min, t.Mode, t.Max)
	}
	return nil
}

func (t Triangular) valid() bool {
	return isFinite(t.Min) && isFinite(t.Max) && t.Min < t.Max && t.Min <= t.Mode && t.Mode <= t.Max
}

// dist returns the gonum distribution, which panics on invalid parameters;
// callers check valid first.
func (t Triangular) dist() distuv.Triangle {
	return distuv.NewTriangle(t.Min, t.Max, t.Mode, nil)
}

// Quantile returns Min + √(p·(Max − Min)·(Mode − Min)) for p below
// F(Mode) = (Mode − Min)/(Max − Min), and Max − √((1 − p)·(Max − Min)·(Max − Mode))
// above.
func (t Triangular) Quantile(p float64) float64 {
	if !inUnit(p) || !t.valid() {
		return math.NaN()
	}
	return t.dist().Quantile(p)
}

// CDF returns P(X ≤ x).
func (t Triangular) CDF(x float64) float64 {
	if !t.valid() || math.IsNaN(x) {
		return math.NaN()
	}
	return t.dist().CDF(x)
}

// Mean returns (Min + Mode + Max)/3.
func (t Triangular) Mean() float64 { return (t.Min + t.Mode + t.Max) / 3 }

// Median returns Quantile(0.5) in closed form.
func (t Triangular) Median() float64 {
	if !t.valid() {
		return math.NaN()
	}
	return t.dist().Median()
}

// String returns the form "triangular(min=1, mode=2, max=5)".
func (t Triangular) String() string {
	return "triangular(min=" + num(t.Min) + ", mode=" + num(t.Mode) + ", max=" + num(t.Max) + ")"
}

// quantileIntegral integrates the two square-root branches of the quantile in
// closed form: ∫ √(k·u) du = (2/3)·√k·u^{3/2} below F(Mode), and the mirror
// image above.
func (t Triangular) quantileIntegral(a, b float64) float64 {
	if !t.valid() {
		return math.NaN()
	}
	w := t.Max - t.Min
	f := (t.Mode - t.Min) / w
	kLo := w * (t.Mode - t.Min)
	kHi := w * (t.Max - t.Mode)
	pow := func(x float64) float64 { return x * math.Sqrt(x) }

	var sum float64
	if lo, hi := a, math.Min(b, f); lo < hi {
		sum += t.Min*(hi-lo) + 2*math.Sqrt(kLo)*(pow(hi)-pow(lo))/3
	}
	if lo, hi := math.Max(a, f), b; lo < hi {
		sum += t.Max*(hi-lo) - 2*math.Sqrt(kHi)*(pow(1-lo)-pow(1-hi))/3
	}
	return sum
}
