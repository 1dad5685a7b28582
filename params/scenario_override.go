package params

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// OverrideFile is the name problems with command-line overrides give as
// their file.
const OverrideFile = "--set"

// Override is one command-line change to a parameter (MODEL.md §3.1):
// NAME=VALUE fixes the value exactly, NAME=LO..HI gives a 90% interval whose
// median becomes the central value. The parameter keeps its unit, so VALUE,
// LO and HI are in the unit `euromesh-mc params show NAME` prints.
type Override struct {
	Name  string
	Value float64   // the exact value, when Range is nil
	Range []float64 // [p5, p95], nil for an exact value
	Text  string    // the argument as given, for the manifest
}

// overrideForm is what ParseOverride accepts, for messages.
const overrideForm = "NAME=VALUE or NAME=LO..HI (a 90% range), with finite numbers"

// ParseOverride reads one `--set` argument. A malformed argument gives an
// *Error whose File is OverrideFile.
func ParseOverride(arg string) (Override, error) {
	o := Override{Text: arg}
	bad := func(expected string) (Override, error) {
		return Override{}, &Error{File: OverrideFile, Param: o.Name,
			Found: strconv.Quote(arg), Expected: expected}
	}
	name, val, ok := strings.Cut(arg, "=")
	o.Name = strings.TrimSpace(name)
	if !ok || o.Name == "" || strings.ContainsAny(o.Name, " \t") {
		o.Name = ""
		return bad(overrideForm)
	}
	val = strings.TrimSpace(val)
	if lo, hi, isRange := strings.Cut(val, ".."); isRange {
		a, errA := finite(lo)
		b, errB := finite(hi)
		if errA != nil || errB != nil {
			return bad(overrideForm)
		}
		if !(a < b) {
			return bad("an ordered range LO..HI with LO < HI")
		}
		o.Range = []float64{a, b}
		return o, nil
	}
	v, err := finite(val)
	if err != nil {
		return bad(overrideForm)
	}
	o.Value = v
	return o, nil
}

// finite parses a finite float.
func finite(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("not finite: %s", s)
	}
	return v, nil
}

// override applies o to s. A value is exact, except on a probability, where
// it sets the chance of the event drawn in each draw.
func (s *Set) override(o Override, e *errs) {
	p, ok := s.Params[o.Name]
	if !ok {
		e.add(OverrideFile, 0, o.Name, "unknown parameter "+o.Name, s.unknownName(o.Name))
		return
	}
	cp := *p
	cp.Range, cp.Spec, cp.Dist = nil, nil, nil
	if o.Range != nil {
		cp.Value, cp.Range, cp.Exact = math.NaN(), o.Range, false
	} else {
		cp.Value, cp.Exact = o.Value, cp.Kind != Probability
	}
	cp.Origin, cp.Line, cp.file = OverrideFile+" "+o.Text, 0, OverrideFile
	s.Params[o.Name] = &cp
}
