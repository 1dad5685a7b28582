package params

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/euromesh/euromesh-mc/distributions"
)

// Kind is what a parameter measures, which fixes the family its confidence tag
// becomes.
type Kind int

// The kinds of parameter.
const (
	Positive    Kind = iota // x > 0: lognormal
	Fraction                // 0 < x < 1: logit-normal
	Date                    // a decimal year: normal
	Probability             // the chance of a yes/no event drawn in each draw
	Flag                    // an exact 0 or 1 switch
)

var kindNames = map[Kind]string{Positive: "positive", Fraction: "fraction", Date: "date",
	Probability: "probability", Flag: "flag"}

// String returns the kind's name as used in tags.yaml.
func (k Kind) String() string { return kindNames[k] }

// units maps every accepted unit to the kind it implies.
var units = map[string]Kind{
	"decimal-year": Date, "fraction": Fraction, "probability": Probability, "flag": Flag,
	"years": Positive, "count": Positive, "FLOP": Positive, "FLOP/s": Positive,
	"TFLOP/s": Positive, "PFLOP/s": Positive, "Gbit/s": Positive, "bits": Positive,
	"parameters": Positive, "tokens": Positive, "steps": Positive, "MW": Positive,
	"kW": Positive, "EUR": Positive, "EUR/MWh": Positive, "EUR/accelerator-hour": Positive,
	"gCO2e/kWh": Positive, "ratio": Positive, "per-year": Positive, "weight": Positive,
	"dimensionless": Positive,
}

// unitList returns the accepted units, sorted, for error messages.
func unitList() string {
	names := make([]string, 0, len(units))
	for u := range units {
		names = append(names, u)
	}
	sort.Strings(names)
	return "one of " + strings.Join(names, ", ")
}

// scale returns the factor that converts a value in unit u to the model's SI-like
// base (FLOP/s for peaks), 1 for every other unit.
func scale(u string) float64 {
	switch u {
	case "TFLOP/s":
		return 1e12
	case "PFLOP/s":
		return 1e15
	}
	return 1
}

// Confidence is a parameter's confidence tag.
type Confidence int

// The confidence tags, from narrowest to widest spread.
const (
	High Confidence = iota
	Medium
	Low
)

var confidenceNames = map[string]Confidence{"high": High, "medium": Medium, "low": Low}

// String returns "high", "medium" or "low".
func (c Confidence) String() string {
	for n, v := range confidenceNames {
		if v == c {
			return n
		}
	}
	return "unknown"
}

// Param is one named parameter with its provenance and distribution.
type Param struct {
	Name       string
	Value      float64 // central value (the distribution's median), in Unit
	Unit       string
	Kind       Kind
	Confidence Confidence
	Source     string
	Note       string
	Range      []float64 // explicit 90% interval, nil when absent
	Spec       *DistSpec // explicit distribution, nil when absent
	Exact      bool
	// Dist is the resolved distribution, in Unit (not scaled).
	Dist distributions.Distribution
	// Origin says where the parameter's current definition comes from:
	// "file:line", or "--set" for a command-line override.
	Origin string
	// Line is the line of the definition in its file, 0 for derived
	// parameters and command-line overrides.
	Line int
	file string
}

// Sampled reports whether the parameter varies between draws.
func (p *Param) Sampled() bool {
	_, point := p.Dist.(distributions.Point)
	return !point
}

// Central returns the parameter's central value converted to the model's
// units (TFLOP/s and PFLOP/s become FLOP/s).
func (p *Param) Central() float64 { return p.Value * scale(p.Unit) }

// DistSpec is an explicit distribution written in a parameter file.
type DistSpec struct {
	Family  string
	Fields  map[string]float64 // min, mode, max, mu, sigma, alpha, beta, lambda, p
	Values  []float64          // discrete
	Weights []float64          // discrete
	Bounds  []float64          // optional truncation
}

// TagPolicy turns confidence tags into spreads, per kind (MODEL.md §3.1).
type TagPolicy struct {
	Factor90       [3]float64 // positive: p95/median, by confidence
	LogitHalfWidth [3]float64 // fraction: half-width of the 90% interval on the logit scale
	DateHalfWidth  [3]float64 // date: half-width of the 90% interval, years
}

// resolve builds p.Dist from the parameter's fields and the tag policy.
func (p *Param) resolve(tags *TagPolicy) error {
	var (
		d   distributions.Distribution
		err error
	)
	switch {
	case p.Kind == Flag:
		if !p.Exact || (p.Value != 0 && p.Value != 1) {
			return fmt.Errorf("a flag must be exact and 0 or 1")
		}
		d = distributions.Point{Value: p.Value}
	case p.Exact:
		d = distributions.Point{Value: p.Value}
	case p.Kind == Probability:
		d = distributions.Bernoulli{P: p.Value}
	case p.Spec != nil:
		d, err = p.Spec.build()
	case len(p.Range) == 2 && !math.IsNaN(p.Value):
		d, err = distributions.TwoPieceFrom90(p.twoPieceScale(), p.Value, p.Range[0], p.Range[1])
	case len(p.Range) == 2:
		d, err = p.symmetric90(p.Range[0], p.Range[1])
	default:
		d, err = p.fromTag(tags)
	}
	if err != nil {
		return err
	}
	p.Dist = d
	if math.IsNaN(p.Value) {
		p.Value = d.Median()
	}
	return nil
}

func (p *Param) twoPieceScale() distributions.Scale {
	switch p.Kind {
	case Positive:
		return distributions.Log
	case Fraction:
		return distributions.Logit
	}
	return distributions.Linear
}

func (p *Param) symmetric90(lo, hi float64) (distributions.Distribution, error) {
	switch p.Kind {
	case Positive:
		return distributions.LogNormalFrom90(lo, hi)
	case Fraction:
		return distributions.LogitNormalFrom90(lo, hi)
	}
	return distributions.NormalFrom90(lo, hi)
}

func (p *Param) fromTag(tags *TagPolicy) (distributions.Distribution, error) {
	c := p.Confidence
	switch p.Kind {
	case Positive:
		return distributions.LogNormalMedianFactor(p.Value, tags.Factor90[c])
	case Fraction:
		return distributions.LogitNormalMedianHalfWidth(p.Value, tags.LogitHalfWidth[c])
	}
	return distributions.NormalMeanHalfWidth(p.Value, tags.DateHalfWidth[c])
}

// families lists the explicit families and the fields each needs.
var families = map[string][]string{
	"normal":       {"mu", "sigma"},
	"lognormal":    {"mu", "sigma"},
	"uniform":      {"min", "max"},
	"triangular":   {"min", "mode", "max"},
	"pert":         {"min", "mode", "max"},
	"beta":         {"alpha", "beta"},
	"logit-normal": {"mu", "sigma"},
	"discrete":     nil,
	"point":        {"value"},
}

// optionalFields are fields a family may take besides its required ones.
var optionalFields = map[string][]string{"pert": {"lambda"}, "beta": {"min", "max"}}

func familyList() string {
	names := make([]string, 0, len(families))
	for f := range families {
		names = append(names, f)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (s *DistSpec) build() (distributions.Distribution, error) {
	f := s.Fields
	var (
		d   distributions.Distribution
		err error
	)
	switch s.Family {
	case "normal":
		n := distributions.Normal{Mu: f["mu"], Sigma: f["sigma"]}
		d, err = n, n.Validate()
	case "lognormal":
		n := distributions.LogNormal{Mu: f["mu"], Sigma: f["sigma"]}
		d, err = n, n.Validate()
	case "logit-normal":
		n := distributions.LogitNormal{Mu: f["mu"], Sigma: f["sigma"]}
		d, err = n, n.Validate()
	case "uniform":
		u := distributions.Uniform{Min: f["min"], Max: f["max"]}
		d, err = u, u.Validate()
	case "triangular":
		t := distributions.Triangular{Min: f["min"], Mode: f["mode"], Max: f["max"]}
		d, err = t, t.Validate()
	case "pert":
		t := distributions.PERT{Min: f["min"], Mode: f["mode"], Max: f["max"], Lambda: f["lambda"]}
		d, err = t, t.Validate()
	case "beta":
		b := distributions.Beta{Alpha: f["alpha"], Beta: f["beta"], Min: f["min"], Max: f["max"]}
		d, err = b, b.Validate()
	case "discrete":
		c := distributions.Discrete{Values: s.Values, Weights: s.Weights}
		d, err = c, c.Validate()
	case "point":
		d = distributions.Point{Value: f["value"]}
	default:
		return nil, fmt.Errorf("unknown family %q", s.Family)
	}
	if err != nil {
		return nil, err
	}
	if len(s.Bounds) == 2 {
		t := distributions.Truncated{Base: d, Lo: s.Bounds[0], Hi: s.Bounds[1]}
		return t, t.Validate()
	}
	return d, nil
}
