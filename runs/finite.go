package runs

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
)

// NonFiniteFile is the file of a run directory that lists the draws with a
// faulty (non-finite) model output. It is written only when there is one.
//
// A model output is faulty when it is ±Inf, or NaN where the model's own
// rules say a number is due: a year is missing only when its path never
// reaches the target, a region's energy only when the region is
// infeasible, and so on (nullWhen, regionChecks). A faulty draw does not
// stop the run. Its faulty outputs are written as null (no output column
// ever holds NaN or ±Inf), the summary reads them as missing like a path
// that never finishes, and the flags derived from them (fed_wins,
// fed_beats) are recomputed from what is written. The draw is counted in
// the summary (non_finite_draws) and listed here with its faulty outputs
// and every input.
//
// An input, by contrast, must be finite: a parameter whose distribution
// gives NaN or ±Inf fails the run with a *NonFiniteInputError, before the
// first draw when the extreme quantiles show it and otherwise at the draw
// that meets it, and nothing is written.
const NonFiniteFile = "nonfinite.json"

// NonFiniteListed is the largest number of draws NonFiniteFile lists in
// full, the first ones in draw order; its count covers them all.
const NonFiniteListed = 100

// NonFiniteReport is the content of NonFiniteFile.
type NonFiniteReport struct {
	// Draws is the number of draws with at least one faulty output.
	Draws int64 `json:"draws"`
	// Listed holds the first NonFiniteListed of them, in draw order.
	Listed []NonFiniteDraw `json:"listed"`
}

// NonFiniteDraw is one draw with faulty outputs, with what is needed to
// reproduce it.
type NonFiniteDraw struct {
	Draw         int64             `json:"draw"`
	CampusRegion string            `json:"campus_region"`
	Outputs      []NonFiniteOutput `json:"outputs"`
	// Inputs holds every parameter the model read, in its file's unit.
	Inputs map[string]float64 `json:"inputs"`
}

// NonFiniteOutput is one faulty output: the file and column that hold it as
// null, the region of its row in regions.parquet, and the value the model
// gave ("NaN", "+Inf" or "-Inf").
type NonFiniteOutput struct {
	File   string `json:"file"`
	Column string `json:"column"`
	Region string `json:"region,omitempty"`
	Value  string `json:"value"`
}

// NonFiniteInputError reports a parameter whose value is not a finite
// number. Draw is −1 when the value was found before the run, at the
// probability U of the parameter's distribution.
type NonFiniteInputError struct {
	Param string
	Draw  int64
	U     float64 // NaN for a parameter that is not sampled
	Value float64
}

// Error names the parameter, the value and where it was met.
func (e *NonFiniteInputError) Error() string {
	at := "its central value"
	if !math.IsNaN(e.U) {
		at = "probability " + strconv.FormatFloat(e.U, 'g', -1, 64)
	}
	if e.Draw >= 0 {
		at = fmt.Sprintf("draw %d (%s)", e.Draw, at)
	}
	return fmt.Sprintf("parameter %s is %v at %s; every value of a parameter must be a "+
		"finite number", e.Param, e.Value, at)
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// uniformLo and uniformHi are the most extreme uniforms a sampler gives:
// samplers fill the open interval (0, 1) on a grid of 2⁻⁵³.
const (
	uniformLo = 0x1p-53
	uniformHi = 1 - 0x1p-53
)

// checkDistributions fails with a *NonFiniteInputError if a parameter the
// model reads is not finite at its central value or, when sampled, at the
// extreme uniforms. Quantile functions are monotone, so this finds an
// overflowing tail before any draw.
func checkDistributions(b *params.Binding) error {
	sampled := map[int]bool{}
	for _, i := range b.SampledIndex() {
		sampled[i] = true
	}
	for i, n := range b.Names() {
		d := b.Param(n).Dist
		if v := d.Median(); !finite(v) {
			return &NonFiniteInputError{Param: n, Draw: -1, U: math.NaN(), Value: v}
		}
		if !sampled[i] {
			continue
		}
		for _, u := range []float64{uniformLo, uniformHi} {
			if v := d.Quantile(u); !finite(v) {
				return &NonFiniteInputError{Param: n, Draw: -1, U: u, Value: v}
			}
		}
	}
	return nil
}

// checkDraw checks draw k of c, which the model has just evaluated from in.
// An input that is not finite fails the run; a faulty output marks the draw
// in c.NonFinite.
func (e *Executor) checkDraw(c *Chunk, k int, in *model.Inputs) error {
	names := len(e.Binding.Names())
	for i, v := range c.Values[k*names : (k+1)*names] {
		if finite(v) {
			continue
		}
		err := &NonFiniteInputError{Param: e.Binding.Names()[i], Draw: c.Start + int64(k),
			U: math.NaN(), Value: v}
		dims := e.Sampler.Dims()
		for d, j := range e.Binding.SampledIndex() {
			if j == i {
				err.U = c.u[k*dims+d]
			}
		}
		return err
	}
	if len(c.NonFinite) < len(c.Region) {
		c.NonFinite = make([]bool, len(c.Region))
	}
	c.NonFinite[k] = !scanDraw(c.Results[k], in, nil, nil)
	return nil
}

// nullRule says when an output may legitimately be missing (NaN).
type nullRule func(r *model.Result, in *model.Inputs) bool

// nullWhen gives the rule of each output of draws.parquet that may be
// missing: a year, and what derives from it, when its path never reaches the
// target; the campus's energization when its connection is never granted.
// NaN in any other output is a fault.
var nullWhen = map[string]nullRule{
	"fed_end": func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Federation.Year)
	},
	ColFedYear: func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Federation.End)
	},
	"fed_mean_rate": func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Federation.End)
	},
	"campus_energize": func(_ *model.Result, in *model.Inputs) bool {
		return !in.Campus.Feasible || math.IsNaN(in.Campus.Lead1GW)
	},
	"campus_end": func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Campus.Year)
	},
	ColCampusYear: func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Campus.End)
	},
	ColLead: func(r *model.Result, _ *model.Inputs) bool {
		return math.IsNaN(r.Federation.Year) || math.IsNaN(r.Campus.Year)
	},
}

// drawNullWhen is nullWhen in the order of drawOutputs, nil where NaN is
// always a fault.
var drawNullWhen = func() []nullRule {
	s := make([]nullRule, len(drawOutputs))
	for j, oc := range drawOutputs {
		s[j] = nullWhen[oc.Name]
	}
	return s
}()

// regionCheck reads one float column of regions.parquet and says when it may
// be missing.
type regionCheck struct {
	column string
	get    func(rr *model.RegionResult) float64
	null   func(rr *model.RegionResult, rg *model.Region) bool
}

func infeasible(_ *model.RegionResult, rg *model.Region) bool { return !rg.Feasible }

// regionChecks covers every float column of regions.parquet.
var regionChecks = []regionCheck{
	{"ready_year", func(rr *model.RegionResult) float64 { return rr.Ready }, infeasible},
	{"year_40mw", func(rr *model.RegionResult) float64 { return rr.Year40MW }, infeasible},
	{ColCampusYear, func(rr *model.RegionResult) float64 { return rr.CampusYear },
		func(*model.RegionResult, *model.Region) bool { return true }}, // never finishes
	{"energy_mwh", func(rr *model.RegionResult) float64 { return rr.EnergyMWh }, infeasible},
	{"cost_eur", func(rr *model.RegionResult) float64 { return rr.CostEUR }, infeasible},
	{"carbon_t", func(rr *model.RegionResult) float64 { return rr.CarbonT }, infeasible},
	{"score", func(rr *model.RegionResult) float64 { return rr.Score },
		func(rr *model.RegionResult, _ *model.Region) bool { return math.IsNaN(rr.CampusYear) }},
}

// scanDraw checks the outputs r that the model computed from in and reports
// whether none is faulty. It calls report, when not nil, for each faulty
// output (regionIDs name the regions); with a nil report it stops at the
// first. It allocates nothing.
func scanDraw(r *model.Result, in *model.Inputs, regionIDs []string,
	report func(NonFiniteOutput)) bool {
	ok := true
	for j, oc := range drawOutputs {
		if oc.f == nil {
			continue
		}
		v := oc.f(r)
		if finite(v) || math.IsNaN(v) && drawNullWhen[j] != nil && drawNullWhen[j](r, in) {
			continue
		}
		if report == nil {
			return false
		}
		ok = false
		report(NonFiniteOutput{File: DrawsFile, Column: oc.Name, Value: formatFloat(v)})
	}
	for i := range r.Regions {
		rr, rg := &r.Regions[i], &in.Regions[i]
		for _, rc := range regionChecks {
			v := rc.get(rr)
			if finite(v) || math.IsNaN(v) && rc.null(rr, rg) {
				continue
			}
			if report == nil {
				return false
			}
			ok = false
			report(NonFiniteOutput{File: RegionsFile, Column: rc.column, Region: regionIDs[i],
				Value: formatFloat(v)})
		}
	}
	return ok
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// sanitize turns the infinite years, lead and scores of r into NaN
// (missing) and recomputes the flags derived from them with the model's
// rule: the federation beats a campus when it is ready and the campus is
// not ready first. A region whose score is missing has no rank. The other
// outputs need nothing: the writers null every value that is not finite.
func sanitize(r *model.Result) {
	nanIfInf := func(p *float64) {
		if math.IsInf(*p, 0) {
			*p = math.NaN()
		}
	}
	beats := func(fy, cy float64) bool {
		return !math.IsNaN(fy) && (math.IsNaN(cy) || fy < cy)
	}
	fy, cy := &r.Federation.Year, &r.Campus.Year
	nanIfInf(fy)
	nanIfInf(cy)
	r.Lead = *cy - *fy
	nanIfInf(&r.Lead)
	r.FedWins = beats(*fy, *cy)
	for i := range r.Regions {
		rr := &r.Regions[i]
		nanIfInf(&rr.CampusYear)
		rr.FedBeats = beats(*fy, rr.CampusYear)
		nanIfInf(&rr.Score)
		if math.IsNaN(rr.Score) {
			rr.Rank = 0
		}
	}
}

// nonFiniteLog collects, on the goroutine that consumes the chunks, the
// draws with faulty outputs.
type nonFiniteLog struct {
	b         *params.Binding
	regionIDs []string
	in        *model.Inputs // scratch: the inputs of a draw being listed
	report    NonFiniteReport
}

func newNonFiniteLog(b *params.Binding, regionIDs []string) *nonFiniteLog {
	return &nonFiniteLog{b: b, regionIDs: regionIDs, in: b.NewInputs()}
}

// record counts and lists the draws of c that checkDraw marked, then
// sanitizes their results. Call it before the chunk is written.
func (l *nonFiniteLog) record(c *Chunk) {
	if c.NonFinite == nil {
		return
	}
	for k := 0; k < c.N; k++ {
		if !c.NonFinite[k] {
			continue
		}
		l.report.Draws++
		if len(l.report.Listed) < NonFiniteListed {
			l.report.Listed = append(l.report.Listed, l.describe(c, k))
		}
		sanitize(c.Results[k])
	}
}

// describe returns draw k of c with its faulty outputs and its inputs.
func (l *nonFiniteLog) describe(c *Chunk, k int) NonFiniteDraw {
	names := l.b.Names()
	vals := c.Values[k*len(names) : (k+1)*len(names)]
	d := NonFiniteDraw{Draw: c.Start + int64(k), CampusRegion: l.regionIDs[c.Region[k]],
		Inputs: make(map[string]float64, len(names))}
	for i, n := range names {
		d.Inputs[n] = vals[i]
	}
	l.b.Fill(vals, c.Region[k], l.in)
	scanDraw(c.Results[k], l.in, l.regionIDs, func(o NonFiniteOutput) {
		d.Outputs = append(d.Outputs, o)
	})
	return d
}

// write writes NonFiniteFile into dir if any draw was faulty and returns
// the names of the files it wrote.
func (l *nonFiniteLog) write(dir *RunDir) ([]string, error) {
	if l.report.Draws == 0 {
		return nil, nil
	}
	data, err := json.MarshalIndent(&l.report, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", NonFiniteFile, err)
	}
	if err := writeFileAtomic(dir.Path(NonFiniteFile), append(data, '\n')); err != nil {
		return nil, fmt.Errorf("write %s: %w", NonFiniteFile, err)
	}
	return []string{NonFiniteFile}, nil
}
