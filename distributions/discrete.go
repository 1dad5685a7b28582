package distributions

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

var (
	_ Distribution = Discrete{}
	_ Distribution = Bernoulli{}
	_ Distribution = Point{}
)

// Discrete is a categorical distribution over Values, where value i has
// probability Weights[i]/ΣWeights.
//
// Quantile walks the values in the order given: Quantile(p) is the first
// value whose cumulative normalised weight is at least p. List Values in
// increasing order when Quantile should be the inverse of CDF; another order
// decides which uniforms map to which value, which matters when draws are
// correlated.
type Discrete struct {
	Values  []float64 // the possible values, in the order Quantile walks them
	Weights []float64 // relative weights, ≥ 0 with a positive sum; nil means equal
}

// Validate returns an error unless there is at least one value, all values
// are finite, Weights is nil or as long as Values, and the weights are
// non-negative and finite with a positive sum.
func (d Discrete) Validate() error {
	if len(d.Values) == 0 {
		return errors.New("discrete: need at least one value")
	}
	if d.Weights != nil && len(d.Weights) != len(d.Values) {
		return fmt.Errorf("discrete: need one weight per value, got %d weights for %d values",
			len(d.Weights), len(d.Values))
	}
	for i, v := range d.Values {
		if !isFinite(v) {
			return fmt.Errorf("discrete: values must be finite, got %g at index %d", v, i)
		}
	}
	for i, w := range d.Weights {
		if !isFinite(w) || w < 0 {
			return fmt.Errorf("discrete: weights must be finite and ≥ 0, got %g at index %d", w, i)
		}
	}
	if t := d.total(); !(t > 0) || math.IsInf(t, 1) {
		return fmt.Errorf("discrete: weights must have a positive finite sum, got %g", t)
	}
	return nil
}

// weight returns the weight of value i.
func (d Discrete) weight(i int) float64 {
	if d.Weights == nil {
		return 1
	}
	return d.Weights[i]
}

// total returns the sum of the weights.
func (d Discrete) total() float64 {
	if d.Weights == nil {
		return float64(len(d.Values))
	}
	var t float64
	for _, w := range d.Weights {
		t += w
	}
	return t
}

// usable reports whether the methods can index d safely.
func (d Discrete) usable() bool {
	return len(d.Values) > 0 && (d.Weights == nil || len(d.Weights) == len(d.Values))
}

// Quantile returns the first value, in the order given, whose cumulative
// normalised weight is at least p.
func (d Discrete) Quantile(p float64) float64 {
	if !inUnit(p) || !d.usable() {
		return math.NaN()
	}
	t := d.total()
	var c float64
	for i, v := range d.Values {
		c += d.weight(i)
		if c/t >= p {
			return v
		}
	}
	return d.Values[len(d.Values)-1]
}

// CDF returns the normalised weight of the values ≤ x.
func (d Discrete) CDF(x float64) float64 {
	if !d.usable() || math.IsNaN(x) {
		return math.NaN()
	}
	var c float64
	for i, v := range d.Values {
		if v <= x {
			c += d.weight(i)
		}
	}
	return c / d.total()
}

// Mean returns Σ Weights[i]·Values[i] / Σ Weights.
func (d Discrete) Mean() float64 {
	if !d.usable() {
		return math.NaN()
	}
	var s float64
	for i, v := range d.Values {
		s += d.weight(i) * v
	}
	return s / d.total()
}

// Median returns Quantile(0.5).
func (d Discrete) Median() float64 { return d.Quantile(0.5) }

// String returns the form "discrete(1: 0.2, 2: 0.8)" with normalised weights,
// listing at most eight values.
func (d Discrete) String() string {
	const maxShown = 8
	if !d.usable() {
		return "discrete(invalid)"
	}
	var b strings.Builder
	b.WriteString("discrete(")
	t := d.total()
	for i, v := range d.Values {
		if i == maxShown {
			fmt.Fprintf(&b, ", … %d more", len(d.Values)-maxShown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(num(v) + ": " + num(d.weight(i)/t))
	}
	b.WriteString(")")
	return b.String()
}

// quantileIntegral integrates the step quantile exactly: value i holds the
// stretch of u between the cumulative weights before and after it.
func (d Discrete) quantileIntegral(a, b float64) float64 {
	if !d.usable() {
		return math.NaN()
	}
	t := d.total()
	var s, c float64
	for i, v := range d.Values {
		lo := c / t
		c += d.weight(i)
		hi := c / t
		if i == len(d.Values)-1 {
			hi = 1
		}
		if w := math.Min(b, hi) - math.Max(a, lo); w > 0 {
			s += w * v
		}
	}
	return s
}

// Bernoulli is the distribution of an event with probability P: the value 1
// with probability P and 0 otherwise.
type Bernoulli struct {
	P float64 // probability of 1, in [0, 1]
}

// Validate returns an error unless P is in [0, 1].
func (b Bernoulli) Validate() error {
	if !inUnit(b.P) {
		return fmt.Errorf("bernoulli: p must be in [0, 1], got %g", b.P)
	}
	return nil
}

// Quantile returns 1 if p > 1 − P and 0 otherwise, so that a uniform above
// 1 − P is the event.
func (b Bernoulli) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	if p > 1-b.P {
		return 1
	}
	return 0
}

// CDF returns 0 below 0, 1 − P on [0, 1) and 1 from 1 on.
func (b Bernoulli) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x < 0:
		return 0
	case x < 1:
		return 1 - b.P
	}
	return 1
}

// Mean returns P.
func (b Bernoulli) Mean() float64 { return b.P }

// Median returns Quantile(0.5): 1 if P > 0.5 and 0 otherwise.
func (b Bernoulli) Median() float64 { return b.Quantile(0.5) }

// String returns the form "bernoulli(p=0.3)".
func (b Bernoulli) String() string { return "bernoulli(p=" + num(b.P) + ")" }

// quantileIntegral returns the length of [a, b] above 1 − P.
func (b Bernoulli) quantileIntegral(lo, hi float64) float64 {
	return math.Max(0, hi-math.Max(lo, 1-b.P))
}

// Point is a point mass at Value: a parameter without spread.
type Point struct {
	Value float64 // the only value
}

// Validate returns an error unless Value is finite.
func (d Point) Validate() error {
	if !isFinite(d.Value) {
		return fmt.Errorf("point: value must be finite, got %g", d.Value)
	}
	return nil
}

// Quantile returns Value for every p in [0, 1].
func (d Point) Quantile(p float64) float64 {
	if !inUnit(p) {
		return math.NaN()
	}
	return d.Value
}

// CDF returns 0 below Value and 1 from Value on.
func (d Point) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x < d.Value:
		return 0
	}
	return 1
}

// Mean returns Value.
func (d Point) Mean() float64 { return d.Value }

// Median returns Value.
func (d Point) Median() float64 { return d.Value }

// String returns the form "point(5)".
func (d Point) String() string { return "point(" + num(d.Value) + ")" }

// quantileIntegral returns Value·(b − a).
func (d Point) quantileIntegral(a, b float64) float64 { return d.Value * (b - a) }
