package model

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"
)

// fuzzBytes turns fuzz data into model inputs. Each value takes 8 bytes; a
// value whose first byte is 0x00 or 0xff sits at the low or high end of its
// domain, so the fuzzer reaches the extremes quickly. When the data runs out
// every further value is the middle of its domain.
type fuzzBytes struct{ data []byte }

// unit returns the next value in [0, 1].
func (f *fuzzBytes) unit() float64 {
	if len(f.data) < 8 {
		f.data = nil
		return 0.5
	}
	b := f.data[:8]
	f.data = f.data[8:]
	switch b[0] {
	case 0x00:
		return 0
	case 0xff:
		return 1
	}
	return float64(binary.LittleEndian.Uint64(b)>>11) / (1 << 53)
}

// positive returns a value within decades decades of central on a log scale:
// the lognormal kinds of the parameter files, far into their tails.
func (f *fuzzBytes) positive(central, decades float64) float64 {
	return central * math.Pow(10, decades*(2*f.unit()-1))
}

// fraction returns a value strictly between 0 and 1, from about 1e-13 to
// 1 − 1e-13: the logit-normal kinds, far into their tails.
func (f *fuzzBytes) fraction() float64 {
	x := 60*f.unit() - 30
	return 1 / (1 + math.Exp(-x))
}

// between returns a value in [lo, hi].
func (f *fuzzBytes) between(lo, hi float64) float64 { return lo + (hi-lo)*f.unit() }

// count returns an integer in [0, n].
func (f *fuzzBytes) count(n int) int { return int(math.Round(f.unit() * float64(n))) }

// flag returns a boolean.
func (f *fuzzBytes) flag() bool { return f.unit() >= 0.5 }

// Bounds of a decimal year in the parameter files (params: minYear, maxYear).
const fuzzMinYear, fuzzMaxYear = 1990, 2100

// fuzzInputs builds one draw's inputs from data. Every value is one the
// parameter loader accepts for its kind (positive, fraction, date,
// probability, flag), with positive values up to six decades from the
// defaults and fractions down to about 1e-13 from 0 or 1.
func fuzzInputs(data []byte) *Inputs {
	f := &fuzzBytes{data: data}
	in := &Inputs{
		T0:      f.between(2020, 2030),
		Horizon: f.between(fuzzMinYear, fuzzMaxYear),
		Target: Target{Compute: f.positive(3.8e25, 6), Growth: 1,
			PostTraining: f.positive(0.25, 6)},
		DiLoCo: DiLoCo{K: f.positive(0.024, 6), Gamma: f.positive(1.8, 2),
			EtaInner: f.fraction(), InnerSteps: f.positive(100, 6), SyncBits: f.positive(4, 6),
			WANGbps: f.positive(100, 6), Overlap: f.flag(), SyncEfficiency: f.fraction(),
			MaxReplicas: f.count(64), ModelParams: f.positive(4.05e11, 6),
			BatchTokens: f.positive(1.6e7, 6)},
		Federation: Federation{AddressableFraction: f.fraction(),
			CoordinationDelay: f.positive(1, 6), Goodput: f.fraction(),
			MinReplicaPeak: f.positive(2.5e17, 6)},
		Costs: Costs{CapexPerAcceleratorHour: f.positive(2, 6), PUERef: f.positive(1.2, 1),
			NetworkAdder: f.positive(25, 6)},
		Weights: Weights{Time: f.positive(0.5, 3), Cost: f.positive(0.25, 3),
			Carbon: f.positive(0.25, 3)},
	}
	if f.flag() {
		in.Target.Growth = 1 + f.positive(0.5, 6)
	}
	if f.flag() {
		in.Federation.MaxRunYears = f.positive(2, 6)
	}
	for range f.count(8) {
		s := Site{MaxFraction: f.fraction(), Online: f.between(fuzzMinYear, fuzzMaxYear),
			Retire: math.Inf(1), Price: f.positive(80, 6), Carbon: f.positive(200, 6)}
		switch f.count(2) {
		case 1:
			s.Retire = f.between(fuzzMinYear, fuzzMaxYear)
		case 2:
			s.Retire = math.NaN()
		}
		for range 1 + f.count(2) {
			s.Pools = append(s.Pools, Pool{Count: f.positive(5000, 6), Peak: f.positive(1e15, 6),
				MFU: f.fraction(), Power: f.positive(1.7, 6)})
		}
		in.Federation.Sites = append(in.Federation.Sites, s)
	}
	for range f.count(9) {
		in.Regions = append(in.Regions, Region{Lead1GW: f.positive(6, 6),
			Lead40MW: f.positive(4, 6), Feasible: f.flag(), Price: f.positive(80, 6),
			Carbon: f.positive(200, 6), PUE: f.positive(1.2, 1)})
	}
	in.Campus = Campus{PowerMW: f.positive(1000, 6), ApplicationYear: f.between(fuzzMinYear,
		fuzzMaxYear), Fitout: f.positive(0.4, 6), RampYears: f.positive(1, 6),
		KWPerAccelerator: f.positive(2.3, 6), Peak: f.positive(2.5e15, 6), MFU: f.fraction(),
		Goodput: f.fraction(), Phase1LeadFraction: f.fraction()}
	if f.flag() {
		in.Campus.Phase1MW = f.positive(200, 6)
	}
	in.CampusRegion = f.count(len(in.Regions)) - 1
	if in.CampusRegion >= 0 {
		in.Campus.Lead1GW = in.Regions[in.CampusRegion].Lead1GW
		in.Campus.Feasible = in.Regions[in.CampusRegion].Feasible
	} else {
		in.Campus.Lead1GW, in.Campus.Feasible = f.positive(6, 6), true
	}
	return in
}

// checkResult reports the first way in which out, the result of in, breaks
// the contract of Evaluate: no output is infinite; an output is NaN only
// where it means "never" or "infeasible", and then consistently; times and
// efficiencies lie in their ranges.
func checkResult(in *Inputs, out *Result) error {
	isNaN := math.IsNaN
	fr, cr := &out.Federation, &out.Campus
	named := []struct {
		name   string
		v      float64
		nullOK bool // NaN is a legitimate "missing" here
	}{
		{"federation start", fr.Start, false},
		{"federation end", fr.End, isNaN(fr.Year)},
		{"federation year", fr.Year, isNaN(fr.End)},
		{"federation mean rate", fr.MeanEffectiveRate, isNaN(fr.End)},
		{"eta_alg", fr.Efficiency.EtaAlg, false},
		{"eta_inner", fr.Efficiency.EtaInner, false},
		{"CU", fr.Efficiency.CU, false},
		{"eta_total", fr.Efficiency.Total, false},
		{"federation raw rate", fr.RawRate, false},
		{"federation effective rate", fr.EffectiveRate, false},
		{"federation energy", fr.EnergyMWh, false},
		{"federation cost", fr.CostEUR, false},
		{"federation carbon", fr.CarbonT, false},
		{"campus energize", cr.Energize, !in.Campus.Feasible},
		{"campus end", cr.End, isNaN(cr.Year)},
		{"campus year", cr.Year, isNaN(cr.End)},
		{"campus full rate", cr.FullRate, false},
		{"lead", out.Lead, isNaN(fr.Year) || isNaN(cr.Year)},
	}
	for i := range out.Regions {
		rr, rg := &out.Regions[i], &in.Regions[i]
		for _, v := range []struct {
			name   string
			v      float64
			nullOK bool
		}{
			{"ready", rr.Ready, !rg.Feasible}, {"year 40 MW", rr.Year40MW, !rg.Feasible},
			{"campus year", rr.CampusYear, true}, {"energy", rr.EnergyMWh, !rg.Feasible},
			{"cost", rr.CostEUR, !rg.Feasible}, {"carbon", rr.CarbonT, !rg.Feasible},
			{"score", rr.Score, isNaN(rr.CampusYear)},
		} {
			v.name = fmt.Sprintf("region %d %s", i, v.name)
			named = append(named, v)
		}
	}
	for _, n := range named {
		switch {
		case math.IsInf(n.v, 0):
			return fmt.Errorf("%s = %v", n.name, n.v)
		case isNaN(n.v) && !n.nullOK:
			return fmt.Errorf("%s is NaN where a number is due", n.name)
		}
	}

	// Times: the federation starts after the coordination delay and ends by
	// the horizon; post-training follows the end of pre-training.
	const eps = 1e-9
	if want := in.T0 + in.Federation.CoordinationDelay; fr.Start != want {
		return fmt.Errorf("federation start %v, want t0 + delay = %v", fr.Start, want)
	}
	if !isNaN(fr.End) && (fr.End < fr.Start-eps || fr.End > in.Horizon+eps) {
		return fmt.Errorf("federation end %v outside [start %v, horizon %v]", fr.End,
			fr.Start, in.Horizon)
	}
	if !isNaN(fr.End) && math.Abs(fr.Year-fr.End-in.Target.PostTraining) > eps*
		math.Max(1, fr.Year) {
		return fmt.Errorf("federation year %v ≠ end %v + post-training %v", fr.Year, fr.End,
			in.Target.PostTraining)
	}
	if !isNaN(cr.End) && (cr.End < cr.FirstTraining-eps || cr.End > in.Horizon+eps) {
		return fmt.Errorf("campus end %v outside [first training %v, horizon %v]", cr.End,
			cr.FirstTraining, in.Horizon)
	}
	if !in.Campus.Feasible && !isNaN(cr.Year) {
		return fmt.Errorf("infeasible campus ready in %v", cr.Year)
	}
	if in.Target.Growth == 1 && in.Campus.Feasible {
		if err := checkCampusCompute(in, cr); err != nil {
			return err
		}
	}

	// Efficiencies are shares.
	e := fr.Efficiency
	for _, v := range []float64{e.EtaAlg, e.EtaInner, e.CU, e.Total} {
		if v < 0 || v > 1 {
			return fmt.Errorf("efficiency %+v has a factor outside [0, 1]", e)
		}
	}
	if out.FedWins != beats(fr.Year, cr.Year) {
		return fmt.Errorf("fed wins %v with years %v and %v", out.FedWins, fr.Year, cr.Year)
	}

	// Regions: an infeasible one has no figures; scores lie in [0, Σw] and
	// the ranks of the scored regions are 1…m.
	wsum := in.Weights.Time + in.Weights.Cost + in.Weights.Carbon
	seen := map[int]bool{}
	for i, rr := range out.Regions {
		if !in.Regions[i].Feasible && (!isNaN(rr.CampusYear) || rr.Rank != 0) {
			return fmt.Errorf("infeasible region %d has campus year %v, rank %d", i,
				rr.CampusYear, rr.Rank)
		}
		if isNaN(rr.Score) != (rr.Rank == 0) {
			return fmt.Errorf("region %d: score %v with rank %d", i, rr.Score, rr.Rank)
		}
		if isNaN(rr.Score) {
			continue
		}
		if rr.Score < -eps || rr.Score > wsum*(1+eps) {
			return fmt.Errorf("region %d: score %v outside [0, %v]", i, rr.Score, wsum)
		}
		if seen[rr.Rank] {
			return fmt.Errorf("region %d: rank %d given twice", i, rr.Rank)
		}
		seen[rr.Rank] = true
	}
	for r := 1; r <= len(seen); r++ {
		if !seen[r] {
			return fmt.Errorf("ranks %v are not 1…%d", seen, len(seen))
		}
	}
	return nil
}

// campusCompute returns the compute, FLOP, a campus has done by time t,
// integrating its installation ramps as MODEL.md §5.2 describes them,
// independently of campus(): a first phase of Phase1MW, if any, from the
// application + Phase1LeadFraction·lead + fit-out, and the rest from
// energization + fit-out, each installed at the pace of the full campus.
func campusCompute(c *Campus, t float64) float64 {
	full := c.FullRate()
	frac := 0.0
	if c.Phase1MW > 0 && c.PowerMW > 0 {
		frac = math.Min(1, c.Phase1MW/c.PowerMW)
	}
	ramps := []struct{ start, years, rate float64 }{
		{c.ApplicationYear + c.Phase1LeadFraction*c.Lead1GW + c.Fitout, c.RampYears * frac,
			frac * full},
		{c.ApplicationYear + c.Lead1GW + c.Fitout, c.RampYears * (1 - frac), (1 - frac) * full},
	}
	e := 0.0
	for _, r := range ramps {
		d := t - r.start
		switch {
		case d <= 0 || r.rate == 0:
		case r.years <= 0:
			e += r.rate * d
		case d <= r.years:
			e += r.rate * d * d / (2 * r.years)
		default:
			e += r.rate * (r.years/2 + d - r.years)
		}
	}
	return e * SecondsPerYear
}

// checkCampusCompute checks a feasible campus against campusCompute for a
// fixed target: it finishes when its compute reaches the target, and it
// never finishes only if the target is out of reach by the horizon. The
// tolerance allows for the rounding of a decimal year (a few ulps) at the
// full rate.
func checkCampusCompute(in *Inputs, cr *CampusResult) error {
	target := in.Target.Compute
	ulp := func(x float64) float64 { return math.Nextafter(math.Abs(x), math.Inf(1)) - math.Abs(x) }
	if math.IsNaN(cr.End) {
		e := campusCompute(&in.Campus, in.Horizon)
		if e > target*(1+1e-6)+4*ulp(in.Horizon)*cr.FullRate*SecondsPerYear {
			return fmt.Errorf("campus never finishes, yet has done %g of %g FLOP by the "+
				"horizon %v", e, target, in.Horizon)
		}
		return nil
	}
	e := campusCompute(&in.Campus, cr.End)
	if math.Abs(e-target) > 1e-6*target+4*ulp(cr.End)*cr.FullRate*SecondsPerYear {
		return fmt.Errorf("campus ends at %v having done %g FLOP, target %g", cr.End, e, target)
	}
	return nil
}

// later reports whether a is later than b, where NaN (never) is latest.
func later(a, b float64) bool {
	return math.IsNaN(a) && !math.IsNaN(b) || !math.IsNaN(b) && a > b
}

// FuzzEvaluate evaluates random inputs from the domains the parameter files
// allow, far into the tails, and checks the contract of Evaluate
// (checkResult). As a spot check of monotonicity, doubling a fixed target
// never makes either path finish earlier.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 8*400)) // every value at the low end of its domain
	hi := make([]byte, 8*400)
	for i := range hi {
		hi[i] = 0xff
	}
	f.Add(hi) // every value at the high end
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzInputs(data)
		out := evaluate(in)
		if err := checkResult(in, out); err != nil {
			t.Fatalf("%v\ninputs %+v", err, in)
		}
		if in.Target.Growth != 1 {
			return
		}
		in.Target.Compute *= 2
		out2 := evaluate(in)
		if err := checkResult(in, out2); err != nil {
			t.Fatalf("doubled target: %v\ninputs %+v", err, in)
		}
		if later(out.Federation.End, out2.Federation.End) ||
			later(out.Campus.End, out2.Campus.End) {
			t.Fatalf("doubling the target moved an end earlier: federation %v → %v, "+
				"campus %v → %v", out.Federation.End, out2.Federation.End, out.Campus.End,
				out2.Campus.End)
		}
	})
}

// TestInstantFederationRun checks a federation so fast that its run is
// shorter than the resolution of a decimal year (ulp(2027.5) = 2^-42 y ≈
// 7 µs): its end equals its start, and its mean rate must still be finite,
// not e/0 = +Inf (FuzzEvaluate input 5e51a2e666892ca6).
func TestInstantFederationRun(t *testing.T) {
	in := oneSite()
	// 1e9 accelerators · 1e21 FLOP/s · MFU 0.5 · goodput 0.8 = 4e29 FLOP/s,
	// and 1e22 FLOP take 1e22 / (4e29 · 31,557,600) ≈ 7.9e-16 y.
	in.Federation.Sites[0].Pools[0].Count = 1e9
	in.Federation.Sites[0].Pools[0].Peak = 1e21
	in.Target.Compute = 1e22
	out := evaluate(in)
	if err := checkResult(in, out); err != nil {
		t.Fatal(err)
	}
	f := out.Federation
	if f.End != f.Start {
		t.Fatalf("end %v, start %v: the run should round to no time at all", f.End, f.Start)
	}
	// One site, one segment: the mean rate is the rate of that segment.
	near(t, "mean rate", f.MeanEffectiveRate, 4e29, 4e29*1e-12)
}
