package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
)

// Names of the outputs that sensitivity analyses report.
const (
	OutFedYear    = "fed_year"    // federation year, horizon when missing
	OutCampusYear = "campus_year" // campus year, horizon when missing
	OutLead       = "lead_years"  // campus year − federation year, both as above
	OutFedWins    = "fed_wins"    // 1 when the federation wins, else 0
)

// MissingAsHorizon says how sensitivity analyses treat a path that never
// reaches the target; reports quote it.
const MissingAsHorizon = "a missing year counts as the horizon"

// Compound tornado bars: inputs that move together.
const (
	// BarGridLead moves every region's 1 GW lead to its own low (high)
	// percentile at once, and with them the campus lead (the siting-weighted
	// mean lead in the central case). Its values are that campus lead.
	BarGridLead = "campus grid lead (all regions)"
	// BarRegion sites the campus in the feasible region with the shortest
	// central 1 GW lead (low) or the longest (high). Its values are those
	// central leads.
	BarRegion = "campus region (fastest vs slowest)"
)

// SensitivityOutputs returns the federation year, campus year, lead and
// federation-wins indicator of a model result, with a missing year counted as
// the horizon (so the lead is always defined).
func SensitivityOutputs(r *model.Result, horizon float64) (fed, campus, lead, wins float64) {
	fed, campus = r.Federation.Year, r.Campus.Year
	if math.IsNaN(fed) {
		fed = horizon
	}
	if math.IsNaN(campus) {
		campus = horizon
	}
	if r.FedWins {
		wins = 1
	}
	return fed, campus, campus - fed, wins
}

// TornadoOutputs are the outputs of a [Tornado], in the order of its
// per-output slices.
var TornadoOutputs = []string{OutFedYear, OutCampusYear, OutLead}

// A Bar is one bar of a tornado: the central case with one input (or one set
// of inputs that move together) at a low and at a high setting.
type Bar struct {
	Name  string // parameter name, or one of the compound bar names
	Group string // parameter group (see GroupOf)
	// Low and High are the input's values at the two settings, in its own
	// unit; for compound bars see BarGridLead and BarRegion, for group bars
	// NaN.
	Low, High float64
	// LowLabel and HighLabel describe the settings of a compound bar, such
	// as the region ids; empty otherwise.
	LowLabel, HighLabel string
	// LowOut and HighOut are the outputs at the two settings, one per
	// TornadoOutputs entry.
	LowOut, HighOut []float64

	mv move // the settings, for group bars
}

// Swing returns the width of the bar for output o: |HighOut[o] − LowOut[o]|.
func (b Bar) Swing(o int) float64 { return math.Abs(b.HighOut[o] - b.LowOut[o]) }

// move sets some parameters (and possibly the campus region) to their low or
// high setting.
type move struct {
	idx          []int // indices in Binding.Names
	lo, hi       []float64
	regLo, regHi int // campus region at each setting; keepRegion for none
}

const keepRegion = -2

// A Tornado holds one-at-a-time swings around the central case (every input
// at its median, every region feasible, the campus at the siting-weighted
// mean lead; see params.Binding.Central), and the same by parameter group.
type Tornado struct {
	PLow, PHigh float64   // the percentiles of the low and high settings
	Outputs     []string  // TornadoOutputs
	Base        []float64 // outputs of the central case
	Bars        []Bar     // one bar per sampled input or compound bar
	// GroupBars has one bar per parameter group. For output o the low
	// setting puts every member at whichever of its settings gives the
	// lower output o, and the high setting at the other: the joint range of
	// the group's swings. LowOut[o] and HighOut[o] are thus computed per
	// output, each from its own pair of settings.
	GroupBars []Bar
}

// NewTornado computes the tornado of the binding's parameter set, each
// sampled input moved from its pLow to its pHigh quantile (MODEL.md §7 uses
// 0.1 and 0.9) with the others at the central case. The regional 1 GW leads
// move together as one bar (BarGridLead), and when the campus region is drawn
// the region choice is its own bar (BarRegion). A missing year counts as the
// horizon. It panics unless 0 < pLow < pHigh < 1.
func NewTornado(b *params.Binding, pLow, pHigh float64) *Tornado {
	if !(pLow > 0 && pLow < pHigh && pHigh < 1) {
		panic("analysis: tornado percentiles need 0 < pLow < pHigh < 1")
	}
	ev := newCentralEval(b)
	t := &Tornado{PLow: pLow, PHigh: pHigh, Outputs: slices.Clone(TornadoOutputs),
		Base: ev.run(nil, nil)}
	names := b.Names()

	// One bar per sampled parameter, except the regional leads, which move
	// together.
	var lead move
	lead.regLo, lead.regHi = keepRegion, keepRegion
	for _, i := range b.SampledIndex() {
		d := b.Param(names[i]).Dist
		lo, hi := d.Quantile(pLow), d.Quantile(pHigh)
		if isRegionLead(names[i]) {
			lead.idx = append(lead.idx, i)
			lead.lo, lead.hi = append(lead.lo, lo), append(lead.hi, hi)
			continue
		}
		mv := move{idx: []int{i}, lo: []float64{lo}, hi: []float64{hi},
			regLo: keepRegion, regHi: keepRegion}
		t.Bars = append(t.Bars, ev.bar(names[i], GroupOf(names[i]), lo, hi, mv))
	}
	if len(lead.idx) > 0 {
		bar := ev.bar(BarGridLead, GroupGrid, 0, 0, lead)
		bar.Low, bar.High = ev.campusLead(lead, false), ev.campusLead(lead, true)
		t.Bars = append(t.Bars, bar)
	}
	if fast, slow, ok := regionExtremes(b); ok {
		rg := b.Set().Regions
		mv := move{regLo: fast, regHi: slow}
		bar := ev.bar(BarRegion, GroupRegions, ev.base[regionLeadIndex(b, fast)],
			ev.base[regionLeadIndex(b, slow)], mv)
		bar.LowLabel, bar.HighLabel = rg[fast].ID, rg[slow].ID
		t.Bars = append(t.Bars, bar)
	}

	// Group bars: per output, every member at its lowering or raising side.
	for _, g := range Groups {
		var members []*Bar
		for k := range t.Bars {
			if t.Bars[k].Group == g {
				members = append(members, &t.Bars[k])
			}
		}
		if len(members) == 0 {
			continue
		}
		gb := Bar{Name: g, Group: g, Low: math.NaN(), High: math.NaN(),
			LowOut: make([]float64, len(t.Outputs)), HighOut: make([]float64, len(t.Outputs))}
		for o := range t.Outputs {
			// Orient each member so that its high setting raises output o;
			// members with no effect on it stay central.
			ms := make([]move, 0, len(members))
			for _, m := range members {
				switch {
				case m.LowOut[o] < m.HighOut[o]:
					ms = append(ms, m.mv)
				case m.LowOut[o] > m.HighOut[o]:
					ms = append(ms, m.mv.flip())
				}
			}
			gb.LowOut[o] = ev.run(ms, nil)[o]
			gb.HighOut[o] = ev.run(nil, ms)[o]
		}
		t.GroupBars = append(t.GroupBars, gb)
	}
	return t
}

// Ranked returns the bars sorted by their swing on output o, widest first,
// ties in name order. The bars are copies; Ranked panics if o is out of
// range.
func (t *Tornado) Ranked(o int) []Bar { return rankBars(t.Bars, o) }

// RankedGroups returns the group bars sorted like [Tornado.Ranked].
func (t *Tornado) RankedGroups(o int) []Bar { return rankBars(t.GroupBars, o) }

func rankBars(bars []Bar, o int) []Bar {
	r := slices.Clone(bars)
	slices.SortStableFunc(r, func(a, b Bar) int {
		if c := cmp.Compare(b.Swing(o), a.Swing(o)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return r
}

// Output returns the index of the named output in t.Outputs, or −1.
func (t *Tornado) Output(name string) int { return slices.Index(t.Outputs, name) }

// flip swaps the low and high settings of a move.
func (m move) flip() move {
	m.lo, m.hi = m.hi, m.lo
	m.regLo, m.regHi = m.regHi, m.regLo
	return m
}

// isRegionLead reports whether name is a regional 1 GW lead.
func isRegionLead(name string) bool {
	return strings.HasPrefix(name, "regions.") && strings.HasSuffix(name, ".lead_1gw")
}

// regionLeadIndex returns the index in Binding.Names of region r's 1 GW lead.
func regionLeadIndex(b *params.Binding, r int) int {
	return slices.Index(b.Names(), "regions."+b.Set().Regions[r].ID+".lead_1gw")
}

// regionExtremes returns the regions with the shortest and longest central
// 1 GW lead among those a campus may be sited in (positive siting weight and
// a chance of being feasible), when the campus region is drawn.
func regionExtremes(b *params.Binding) (fast, slow int, ok bool) {
	if !slices.Contains(b.Dims(), params.RegionDim) {
		return 0, 0, false
	}
	fast, slow = -1, -1
	var lo, hi float64
	for r, rg := range b.Set().Regions {
		if rg.SitingWeight <= 0 {
			continue
		}
		if f := b.Param("regions." + rg.ID + ".feasibility"); f != nil && f.Dist.Mean() <= 0 {
			continue
		}
		l := b.Param("regions." + rg.ID + ".lead_1gw").Dist.Median()
		if fast < 0 || l < lo {
			fast, lo = r, l
		}
		if slow < 0 || l > hi {
			slow, hi = r, l
		}
	}
	return fast, slow, fast >= 0 && slow != fast
}

// centralEval evaluates the model at the central case with some inputs
// moved. It is not safe for concurrent use.
type centralEval struct {
	b      *params.Binding
	in     *model.Inputs
	ws     *model.Workspace
	res    *model.Result
	base   []float64 // central parameter values
	vals   []float64
	region int // central campus region, −1 for the mean lead
}

func newCentralEval(b *params.Binding) *centralEval {
	ev := &centralEval{b: b, in: b.NewInputs(), ws: model.NewWorkspace(b.MaxSites()),
		res: model.NewResult(b.Regions(), b.MaxSites()), region: -1}
	ev.base = b.Central(ev.in)
	ev.vals = make([]float64, len(ev.base))
	ev.region = ev.in.CampusRegion
	return ev
}

// apply writes the central values with the moves applied, down moves at
// their low setting and up moves at their high one, and returns the region.
func (ev *centralEval) apply(down, up []move) int {
	copy(ev.vals, ev.base)
	region := ev.region
	for _, m := range down {
		for k, i := range m.idx {
			ev.vals[i] = m.lo[k]
		}
		if m.regLo != keepRegion {
			region = m.regLo
		}
	}
	for _, m := range up {
		for k, i := range m.idx {
			ev.vals[i] = m.hi[k]
		}
		if m.regHi != keepRegion {
			region = m.regHi
		}
	}
	return region
}

// run evaluates the model with the moves applied and returns the tornado
// outputs.
func (ev *centralEval) run(down, up []move) []float64 {
	ev.b.Fill(ev.vals, ev.apply(down, up), ev.in)
	model.Evaluate(ev.in, ev.ws, ev.res)
	fed, campus, lead, _ := SensitivityOutputs(ev.res, ev.in.Horizon)
	return []float64{fed, campus, lead}
}

// campusLead returns the campus's 1 GW lead with m at its low or high
// setting.
func (ev *centralEval) campusLead(m move, high bool) float64 {
	if high {
		ev.b.Fill(ev.vals, ev.apply(nil, []move{m}), ev.in)
	} else {
		ev.b.Fill(ev.vals, ev.apply([]move{m}, nil), ev.in)
	}
	return ev.in.Campus.Lead1GW
}

// bar evaluates a move at both settings.
func (ev *centralEval) bar(name, group string, lo, hi float64, m move) Bar {
	return Bar{Name: name, Group: group, Low: lo, High: hi,
		LowOut: ev.run([]move{m}, nil), HighOut: ev.run(nil, []move{m}), mv: m}
}
