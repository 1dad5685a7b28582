package model

import (
	"math"
	"slices"
)

// Campus holds the Layer 2 inputs of a new campus.
type Campus struct {
	PowerMW          float64 // grid connection, MW
	ApplicationYear  float64 // when the connection was applied for
	Lead1GW          float64 // years from application to energization
	Feasible         bool    // false: the connection is never granted
	Fitout           float64 // years from energization to first training
	RampYears        float64 // years to install the full hardware
	KWPerAccelerator float64 // all-in facility power per accelerator, kW
	Peak             float64 // dense BF16 peak per accelerator, FLOP/s
	MFU              float64
	Goodput          float64
	// Phase1MW > 0 gives the campus a first phase of that many MW, energized
	// at ApplicationYear + Phase1LeadFraction·Lead1GW.
	Phase1MW           float64
	Phase1LeadFraction float64
}

// FullRate returns the campus's raw training rate with all hardware installed:
// (power·1e3 / kW per accelerator)·peak·MFU·goodput, FLOP/s.
func (c *Campus) FullRate() float64 {
	return c.PowerMW * 1e3 / c.KWPerAccelerator * c.Peak * c.MFU * c.Goodput
}

// CampusResult describes the campus path of one draw.
type CampusResult struct {
	Energize      float64 // full connection energized; NaN when infeasible
	FirstTraining float64 // Energize + fit-out (of the first phase when phased)
	End           float64 // end of pre-training; NaN when missing
	Year          float64 // End + post-training; NaN when missing
	FullRate      float64 // FLOP/s with all hardware installed
}

// campus integrates the ramped campus rate until it reaches the target. The
// rate is the sum of one or two linear installation ramps (the first phase and
// the rest), each at the pace of the full campus, so it is piecewise linear and
// each piece is solved exactly.
func campus(in *Inputs, c *Campus, lead float64, feasible bool) CampusResult {
	nan := math.NaN()
	r := CampusResult{Energize: nan, FirstTraining: nan, End: nan, Year: nan,
		FullRate: c.FullRate()}
	if !feasible || math.IsNaN(lead) {
		return r
	}
	r.Energize = c.ApplicationYear + lead
	full := r.FullRate
	frac := 0.0
	if c.Phase1MW > 0 && c.PowerMW > 0 {
		frac = math.Min(1, c.Phase1MW/c.PowerMW)
	}

	// Two ramps: phase 1 (rate frac·full) and the remainder.
	type ramp struct{ start, years, rate float64 }
	fullStart := r.Energize + c.Fitout
	ramps := [2]ramp{
		{c.ApplicationYear + c.Phase1LeadFraction*lead + c.Fitout, c.RampYears * frac, frac * full},
		{fullStart, c.RampYears * (1 - frac), (1 - frac) * full},
	}
	r.FirstTraining = fullStart
	if frac > 0 {
		r.FirstTraining = math.Min(ramps[0].start, fullStart)
	}

	var bp [5]float64
	pts := bp[:0]
	for _, rp := range ramps {
		if rp.rate > 0 {
			pts = append(pts, rp.start, rp.start+rp.years)
		}
	}
	pts = append(pts, in.Horizon)
	slices.Sort(pts)
	rateAt := func(t float64) (rate, slope float64) {
		for _, rp := range ramps {
			switch {
			case rp.rate == 0 || t < rp.start:
			case rp.years <= 0 || t >= rp.start+rp.years:
				rate += rp.rate
			default:
				rate += rp.rate * (t - rp.start) / rp.years
				slope += rp.rate / rp.years
			}
		}
		return rate, slope
	}

	e := 0.0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], math.Min(pts[i+1], in.Horizon)
		if b <= a {
			continue
		}
		r0, s := rateAt(a)
		t, eEnd, done := in.Target.reach(in.T0, a, b, e, r0, s)
		if done {
			r.End = t
			r.Year = t + in.Target.PostTraining
			return r
		}
		e = eEnd
	}
	return r
}
