package runs

import (
	"fmt"
	"math"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
)

// Output column names that users and scripts rely on.
const (
	ColDraw       = "draw"
	ColFedYear    = "fed_year"
	ColCampusYear = "campus_year"
	ColLead       = "lead_years"
	ColFedWins    = "fed_wins"
	ColRegion     = "region"
	ColFedBeats   = "fed_beats"
)

// outCol is one output column with the function that reads it from a result.
type outCol struct {
	Column
	f func(r *model.Result) float64 // Float64 columns; NaN and ±Inf are null
	b func(r *model.Result) bool    // Bool columns
	i func(r *model.Result) int64   // Int64 columns
}

func fcol(name, doc string, nullable bool, f func(r *model.Result) float64) outCol {
	return outCol{Column: Column{Name: name, Kind: Float64, Nullable: nullable, Doc: doc}, f: f}
}

// drawOutputs are the model outputs of draws.parquet, after the draw id, the
// campus region and the sampled inputs. Every float output is nullable: a
// value that is not finite is written as null (see NonFiniteFile).
var drawOutputs = []outCol{
	fcol(ColFedYear, "year the federated model is ready (decimal year; null: never)", true,
		func(r *model.Result) float64 { return r.Federation.Year }),
	fcol(ColCampusYear, "year the campus model is ready (decimal year; null: never)", true,
		func(r *model.Result) float64 { return r.Campus.Year }),
	fcol(ColLead, "campus_year − fed_year in years (null when either is missing)", true,
		func(r *model.Result) float64 { return r.Lead }),
	{Column: Column{Name: ColFedWins, Kind: Bool,
		Doc: "the federation is ready, and before the campus or with no campus"},
		b: func(r *model.Result) bool { return r.FedWins }},
	fcol("fed_start", "start of the federated run: t0 + coordination delay", true,
		func(r *model.Result) float64 { return r.Federation.Start }),
	fcol("fed_end", "end of federated pre-training (null: never)", true,
		func(r *model.Result) float64 { return r.Federation.End }),
	{Column: Column{Name: "fed_replicas", Kind: Int64,
		Doc: "DiLoCo replicas (sites) in the final configuration"},
		i: func(r *model.Result) int64 { return int64(r.Federation.Efficiency.Replicas) }},
	{Column: Column{Name: "fed_sites_eligible", Kind: Int64,
		Doc: "sites whose addressable peak ever reaches the minimum replica peak"},
		i: func(r *model.Result) int64 { return int64(r.Federation.SitesEligible) }},
	fcol("fed_eta_alg", "algorithmic efficiency of the final configuration", true,
		func(r *model.Result) float64 { return r.Federation.Efficiency.EtaAlg }),
	fcol("fed_eta_inner", "inner-interval efficiency of the final configuration", true,
		func(r *model.Result) float64 { return r.Federation.Efficiency.EtaInner }),
	fcol("fed_cu", "communication utilisation of the final configuration", true,
		func(r *model.Result) float64 { return r.Federation.Efficiency.CU }),
	fcol("fed_eta_total", "eta_alg · eta_inner · CU of the final configuration", true,
		func(r *model.Result) float64 { return r.Federation.Efficiency.Total }),
	fcol("fed_raw_rate", "raw rate of the replicas used at the end, FLOP/s", true,
		func(r *model.Result) float64 { return r.Federation.RawRate }),
	fcol("fed_effective_rate", "effective rate at the end, FLOP/s", true,
		func(r *model.Result) float64 { return r.Federation.EffectiveRate }),
	fcol("fed_mean_rate", "target / training time, FLOP/s (null: never)", true,
		func(r *model.Result) float64 { return r.Federation.MeanEffectiveRate }),
	fcol("fed_energy_mwh", "energy of the federated run, MWh", true,
		func(r *model.Result) float64 { return r.Federation.EnergyMWh }),
	fcol("fed_cost_eur", "energy and accelerator cost of the federated run, EUR", true,
		func(r *model.Result) float64 { return r.Federation.CostEUR }),
	fcol("fed_carbon_t", "emissions of the federated run, t CO2e", true,
		func(r *model.Result) float64 { return r.Federation.CarbonT }),
	fcol("campus_energize", "campus 1 GW connection energized (null: infeasible)", true,
		func(r *model.Result) float64 { return r.Campus.Energize }),
	fcol("campus_end", "end of campus pre-training (null: never)", true,
		func(r *model.Result) float64 { return r.Campus.End }),
	fcol("campus_full_rate", "campus raw rate with all hardware installed, FLOP/s", true,
		func(r *model.Result) float64 { return r.Campus.FullRate }),
}

// DrawColumns returns the columns of draws.parquet for a binding: the draw
// id, the campus region, every sampled input under its parameter name, then
// the model outputs.
func DrawColumns(b *params.Binding) []Column {
	cols := []Column{
		{Name: ColDraw, Kind: Int64, Doc: "draw index within the whole run"},
		{Name: "campus_region", Kind: String, Doc: "region of this draw's campus"},
	}
	for _, i := range b.SampledIndex() {
		n := b.Names()[i]
		p := b.Param(n)
		cols = append(cols, Column{Name: n, Kind: Float64,
			Doc: fmt.Sprintf("sampled input, %s (%s)", p.Unit, p.Dist)})
	}
	for _, c := range drawOutputs {
		cols = append(cols, c.Column)
	}
	return cols
}

// RegionColumns are the columns of regions.parquet, one row per draw and
// region.
var RegionColumns = []Column{
	{Name: ColDraw, Kind: Int64, Doc: "draw index within the whole run"},
	{Name: ColRegion, Kind: String, Doc: "region id"},
	{Name: "feasible", Kind: Bool, Doc: "a 1 GW connection is granted there in this draw"},
	{Name: "ready_year", Kind: Float64, Nullable: true,
		Doc: "application + 1 GW lead + fit-out (null: infeasible)"},
	{Name: "year_40mw", Kind: Float64, Nullable: true,
		Doc: "application + new 40 MW connection lead (null: infeasible)"},
	{Name: ColCampusYear, Kind: Float64, Nullable: true,
		Doc: "a campus there: model ready, post-training included (null: never)"},
	{Name: ColFedBeats, Kind: Bool, Doc: "the federation is ready before a campus there"},
	{Name: "energy_mwh", Kind: Float64, Nullable: true, Doc: "energy to train the target there"},
	{Name: "cost_eur", Kind: Float64, Nullable: true, Doc: "energy and accelerator cost, EUR"},
	{Name: "carbon_t", Kind: Float64, Nullable: true, Doc: "emissions, t CO2e"},
	{Name: "score", Kind: Float64, Nullable: true,
		Doc: "weighted min-max score of time, cost and carbon (lower is better)"},
	{Name: "rank", Kind: Int64, Nullable: true, Doc: "rank of the score among regions (1 best)"},
}

// fillDraws writes the rows of chunk c into batch bt (columns DrawColumns).
func fillDraws(c *Chunk, b *params.Binding, regionIDs []string, bt *Batch) {
	names := len(b.Names())
	sampled := b.SampledIndex()
	bt.Len = c.N
	for k := 0; k < c.N; k++ {
		bt.Int64s[0][k] = c.Start + int64(k)
		bt.Strings[1][k] = regionIDs[c.Region[k]]
		vals := c.Values[k*names : (k+1)*names]
		for j, i := range sampled {
			bt.Float64s[2+j][k] = vals[i]
		}
		r := c.Results[k]
		for j, oc := range drawOutputs {
			col := 2 + len(sampled) + j
			switch {
			case oc.f != nil:
				v := oc.f(r)
				bt.Float64s[col][k] = v
				if oc.Nullable {
					bt.Valid[col][k] = finite(v)
				}
			case oc.b != nil:
				bt.Bools[col][k] = oc.b(r)
			default:
				bt.Int64s[col][k] = oc.i(r)
			}
		}
	}
}

// fillRegions writes the region rows of chunk c into bt (RegionColumns).
func fillRegions(c *Chunk, regionIDs []string, bt *Batch) {
	n := len(regionIDs)
	bt.Len = c.N * n
	nullable := func(col, row int, v float64) {
		bt.Float64s[col][row] = v
		bt.Valid[col][row] = finite(v)
	}
	for k := 0; k < c.N; k++ {
		for i, rr := range c.Results[k].Regions {
			row := k*n + i
			bt.Int64s[0][row] = c.Start + int64(k)
			bt.Strings[1][row] = regionIDs[i]
			bt.Bools[2][row] = !math.IsNaN(rr.Ready)
			nullable(3, row, rr.Ready)
			nullable(4, row, rr.Year40MW)
			nullable(5, row, rr.CampusYear)
			bt.Bools[6][row] = rr.FedBeats
			nullable(7, row, rr.EnergyMWh)
			nullable(8, row, rr.CostEUR)
			nullable(9, row, rr.CarbonT)
			nullable(10, row, rr.Score)
			bt.Int64s[11][row] = int64(rr.Rank)
			bt.Valid[11][row] = rr.Rank > 0
		}
	}
}
