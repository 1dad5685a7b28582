package model

import "math"

// Region is one grid market as drawn: its connection lead times, whether a
// 1 GW connection is granted at all, and its energy prices.
type Region struct {
	Lead1GW  float64 // years from application to a 1 GW connection
	Lead40MW float64 // years from application to a new 40 MW connection
	Feasible bool    // false: a 1 GW connection is never granted in this draw
	Price    float64 // wholesale electricity price, EUR/MWh
	Carbon   float64 // carbon intensity, gCO2e/kWh
	PUE      float64 // typical new-build power usage effectiveness
}

// Costs holds the cost inputs shared by both paths.
type Costs struct {
	CapexPerAcceleratorHour float64 // EUR per accelerator-hour
	PUERef                  float64 // PUE assumed by the all-in kW figures
	NetworkAdder            float64 // network charges added to wholesale, EUR/MWh
}

// Weights are the weights of time, cost and carbon in the region score.
type Weights struct{ Time, Cost, Carbon float64 }

// Inputs are all the inputs of one draw.
type Inputs struct {
	T0         float64 // analysis date, decimal year
	Horizon    float64 // years after this count as never
	Target     Target
	DiLoCo     DiLoCo
	Federation Federation
	// Campus is the campus of the headline comparison; its Lead1GW and
	// Feasible come from the region drawn for it (CampusRegion), or from a
	// fixed lead when CampusRegion is −1.
	Campus       Campus
	CampusRegion int
	Regions      []Region
	Costs        Costs
	Weights      Weights
}

// RegionResult is the Layer 3 scorecard row of one region in one draw. Every
// year and figure is NaN, and Rank 0, when the region is infeasible.
type RegionResult struct {
	Ready      float64 // application + 1 GW lead + fit-out
	Year40MW   float64 // application + 40 MW lead
	CampusYear float64 // a campus there: ready model, post-training included
	FedBeats   bool    // the federation is ready before a campus there
	EnergyMWh  float64 // energy to train the target there
	CostEUR    float64 // energy cost plus accelerator capital cost
	CarbonT    float64 // tonnes CO2e
	Score      float64 // weighted min-max score across the feasible regions
	Rank       int     // 1 is best
}

// Result holds every output of one draw.
type Result struct {
	Federation FederationResult
	Campus     CampusResult
	Lead       float64 // campus year − federation year; NaN when either is missing
	FedWins    bool    // federation ready and earlier than the campus (or no campus)
	Regions    []RegionResult
}

// NewResult returns a Result with room for nRegions regions and nSites sites,
// for reuse across draws.
func NewResult(nRegions, nSites int) *Result {
	return &Result{
		Regions:    make([]RegionResult, nRegions),
		Federation: FederationResult{SitesUsed: make([]int, 0, nSites)},
	}
}

// Evaluate computes all three layers for one draw into out, whose Regions must
// have len(in.Regions) entries. It allocates nothing.
func Evaluate(in *Inputs, ws *Workspace, out *Result) {
	ws.federation(in, &out.Federation)
	out.Campus = campus(in, &in.Campus, in.Campus.Lead1GW, in.Campus.Feasible)

	fy, cy := out.Federation.Year, out.Campus.Year
	out.Lead = cy - fy // NaN when either is NaN
	out.FedWins = beats(fy, cy)

	regions(in, out)
}

// beats reports whether a federation ready at fy comes before a campus ready
// at cy, where NaN means never.
func beats(fy, cy float64) bool {
	return !math.IsNaN(fy) && (math.IsNaN(cy) || fy < cy)
}

// regions computes Layer 3: a campus in each region with this draw's inputs.
func regions(in *Inputs, out *Result) {
	c := &in.Campus
	nan := math.NaN()
	// Accelerator-hours to train the target (at t0's target size).
	accHours := in.Target.Compute / (c.Peak * c.MFU) / 3600
	baseMWh := accHours * c.KWPerAccelerator / 1000
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for i := range in.Regions {
		rg := &in.Regions[i]
		rr := &out.Regions[i]
		*rr = RegionResult{Ready: nan, Year40MW: nan, CampusYear: nan, EnergyMWh: nan,
			CostEUR: nan, CarbonT: nan, Score: nan}
		if !rg.Feasible {
			rr.FedBeats = beats(out.Federation.Year, nan)
			continue
		}
		rr.Ready = c.ApplicationYear + rg.Lead1GW + c.Fitout
		rr.Year40MW = c.ApplicationYear + rg.Lead40MW
		rr.CampusYear = campus(in, c, rg.Lead1GW, true).Year
		rr.FedBeats = beats(out.Federation.Year, rr.CampusYear)
		rr.EnergyMWh = baseMWh * rg.PUE / in.Costs.PUERef
		rr.CostEUR = rr.EnergyMWh*(rg.Price+in.Costs.NetworkAdder) +
			accHours*in.Costs.CapexPerAcceleratorHour
		rr.CarbonT = rr.EnergyMWh * rg.Carbon / 1000
		if math.IsNaN(rr.CampusYear) {
			continue
		}
		for j, v := range [3]float64{rr.CampusYear, rr.CostEUR, rr.CarbonT} {
			lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
		}
	}

	// Weighted min-max score over the regions whose campus finishes; rank 1
	// is the lowest score, ties broken by region order.
	w := [3]float64{in.Weights.Time, in.Weights.Cost, in.Weights.Carbon}
	for i := range out.Regions {
		rr := &out.Regions[i]
		if math.IsNaN(rr.CampusYear) {
			continue
		}
		rr.Score = 0
		for j, v := range [3]float64{rr.CampusYear, rr.CostEUR, rr.CarbonT} {
			if hi[j] > lo[j] {
				rr.Score += w[j] * (v - lo[j]) / (hi[j] - lo[j])
			}
		}
	}
	for i := range out.Regions {
		ri := &out.Regions[i]
		if math.IsNaN(ri.Score) {
			continue
		}
		ri.Rank = 1
		for j := range out.Regions {
			rj := &out.Regions[j]
			if j != i && !math.IsNaN(rj.Score) &&
				(rj.Score < ri.Score || rj.Score == ri.Score && j < i) {
				ri.Rank++
			}
		}
	}
}
