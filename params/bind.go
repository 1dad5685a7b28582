package params

import (
	"fmt"
	"math"

	"github.com/euromesh/euromesh-mc/distributions"
	"github.com/euromesh/euromesh-mc/model"
)

// RegionDim is the name of the sampling dimension that picks the campus region
// in each draw, when the set does not fix it.
const RegionDim = "campus.region"

// Binding turns one draw's uniforms into model inputs. It lists the
// parameters the model reads in this set (a site outside the federation is not
// read) and resolves every name to an index once, so that filling inputs costs
// a quantile per sampled parameter and nothing else. A Binding is safe for
// concurrent use; the Inputs it fills are not.
type Binding struct {
	set   *Set
	names []string // parameters read, sorted
	dists []distributions.Distribution
	scale []float64
	// dims are the sampling dimensions: the sampled parameters among names,
	// then RegionDim when the campus region is drawn.
	dims    []string
	dimOf   []int // for each sampled dimension, its index in names
	fixed   []float64
	regionW []float64 // cumulative siting weights, normalised
	fixedRg int       // index of the fixed campus region, −1 when drawn

	g        map[string]int // scalar parameter → index in names
	sites    []siteBind
	regions  []regionBind
	maxSites int
}

type siteBind struct {
	id                  string
	online, slip        int // slip −1 for operational sites
	maxFraction, retire float64
	price, carbon       int
	pools               []poolBind
}

type poolBind struct{ count, peak, mfu, power int }

type regionBind struct{ lead1, lead40, feasible, price, carbon, pue int }

// NewBinding prepares the mapping from the set's parameters to model inputs.
func NewBinding(s *Set) (*Binding, error) {
	b := &Binding{set: s, g: map[string]int{}, fixedRg: -1}
	used := map[string]bool{}
	for _, n := range required {
		used[n] = true
	}
	for _, st := range s.Sites {
		if !st.Federation {
			continue
		}
		used["sites."+st.ID+".online"] = true
		if st.Planned() {
			used["sites."+st.ID+".slip"] = true
		}
		used["countries."+st.Country+".price"] = true
		used["countries."+st.Country+".carbon"] = true
		for _, p := range st.Pools {
			a := s.Accelerators[s.accelerator(p.Accelerator)]
			used["sites."+st.ID+"."+p.Accelerator+".count"] = true
			used["accelerators."+a.ID+".peak"] = true
			used["accelerators."+a.ID+".power"] = true
			used["mfu."+a.Family] = true
		}
	}
	for _, r := range s.Regions {
		for _, f := range []string{"lead_1gw", "lead_40mw", "feasibility", "price", "carbon",
			"pue"} {
			used["regions."+r.ID+"."+f] = true
		}
	}
	for _, n := range s.Names() {
		if !used[n] {
			continue
		}
		p := s.Params[n]
		b.g[n] = len(b.names)
		b.names = append(b.names, n)
		b.dists = append(b.dists, p.Dist)
		b.scale = append(b.scale, scale(p.Unit))
		b.fixed = append(b.fixed, p.Dist.Median())
		if p.Sampled() {
			b.dims = append(b.dims, n)
			b.dimOf = append(b.dimOf, len(b.names)-1)
		}
	}
	for n := range used {
		if _, ok := b.g[n]; !ok {
			return nil, fmt.Errorf("parameter %s is read by the model but not defined", n)
		}
	}

	for _, st := range s.Sites {
		if !st.Federation {
			continue
		}
		sb := siteBind{id: st.ID, online: b.g["sites."+st.ID+".online"], slip: -1,
			maxFraction: st.MaxFraction, retire: st.Retire,
			price: b.g["countries."+st.Country+".price"], carbon: b.g["countries."+st.Country+".carbon"]}
		if st.Planned() {
			sb.slip = b.g["sites."+st.ID+".slip"]
		}
		for _, p := range st.Pools {
			a := s.Accelerators[s.accelerator(p.Accelerator)]
			sb.pools = append(sb.pools, poolBind{
				count: b.g["sites."+st.ID+"."+a.ID+".count"],
				peak:  b.g["accelerators."+a.ID+".peak"], mfu: b.g["mfu."+a.Family],
				power: b.g["accelerators."+a.ID+".power"]})
		}
		b.sites = append(b.sites, sb)
	}
	b.maxSites = len(b.sites)

	total := 0.0
	for _, r := range s.Regions {
		p := "regions." + r.ID + "."
		b.regions = append(b.regions, regionBind{lead1: b.g[p+"lead_1gw"],
			lead40: b.g[p+"lead_40mw"], feasible: b.g[p+"feasibility"], price: b.g[p+"price"],
			carbon: b.g[p+"carbon"], pue: b.g[p+"pue"]})
		total += r.SitingWeight
		b.regionW = append(b.regionW, total)
	}
	if s.CampusRegion != "" {
		b.fixedRg = s.region(s.CampusRegion)
	} else {
		if total <= 0 {
			return nil, fmt.Errorf("no region has a positive siting weight")
		}
		for i := range b.regionW {
			b.regionW[i] /= total
		}
		b.dims = append(b.dims, RegionDim)
	}
	return b, nil
}

// Dims returns the names of the sampling dimensions, in the order Values
// expects their uniforms.
func (b *Binding) Dims() []string { return b.dims }

// Names returns the names of the parameters the model reads, sorted; Values
// fills a slice in this order.
func (b *Binding) Names() []string { return b.names }

// Param returns the parameter of that name.
func (b *Binding) Param(name string) *Param { return b.set.Params[name] }

// Set returns the parameter set.
func (b *Binding) Set() *Set { return b.set }

// SiteIDs returns the ids of the federation's sites, in model order.
func (b *Binding) SiteIDs() []string {
	ids := make([]string, len(b.sites))
	for i, s := range b.sites {
		ids[i] = s.id
	}
	return ids
}

// SampledIndex returns, for each sampled dimension that is a parameter, its
// index in Names.
func (b *Binding) SampledIndex() []int { return b.dimOf }

// Values turns the uniforms u of one draw (in Dims order) into parameter
// values vals (in Names order, in each parameter's own unit) and returns the
// campus region's index (−1 when the set fixes none and... never: a region is
// always chosen). It allocates nothing.
func (b *Binding) Values(u []float64, vals []float64) int {
	copy(vals, b.fixed)
	for d, i := range b.dimOf {
		vals[i] = b.dists[i].Quantile(u[d])
	}
	if b.fixedRg >= 0 {
		return b.fixedRg
	}
	x := u[len(b.dimOf)]
	for i, w := range b.regionW {
		if x <= w {
			return i
		}
	}
	return len(b.regionW) - 1
}

// NewInputs returns model inputs with room for this set's sites and regions.
func (b *Binding) NewInputs() *model.Inputs {
	in := &model.Inputs{
		Federation: model.Federation{Sites: make([]model.Site, len(b.sites))},
		Regions:    make([]model.Region, len(b.regions)),
	}
	for i, s := range b.sites {
		in.Federation.Sites[i].Pools = make([]model.Pool, len(s.pools))
	}
	return in
}

// MaxSites returns the number of federation sites, to size a model.Workspace.
func (b *Binding) MaxSites() int { return b.maxSites }

// Regions returns the number of regions.
func (b *Binding) Regions() int { return len(b.regions) }

// Fill writes the model inputs for parameter values vals and campus region
// index region into in, which must come from NewInputs. A region of −1 gives
// the central-case campus: the siting-weighted mean of the regional leads,
// feasible. It allocates nothing.
func (b *Binding) Fill(vals []float64, region int, in *model.Inputs) {
	v := func(name string) float64 { i := b.g[name]; return vals[i] * b.scale[i] }
	in.T0, in.Horizon = v("time.t0"), v("time.horizon")
	in.Target = model.Target{Compute: v("target.compute"), Growth: v("target.growth"),
		PostTraining: v("target.post_training")}
	in.DiLoCo = model.DiLoCo{K: v("diloco.k"), Gamma: v("diloco.gamma"),
		EtaInner: v("diloco.eta_inner"), InnerSteps: v("diloco.inner_steps"),
		SyncBits: v("diloco.sync_bits"), WANGbps: v("diloco.wan_bandwidth"),
		Overlap: v("diloco.overlap") == 1, SyncEfficiency: v("diloco.sync_efficiency"),
		MaxReplicas: int(math.Round(v("diloco.max_replicas"))),
		ModelParams: v("target.model_params"), BatchTokens: v("target.batch_tokens")}
	f := &in.Federation
	f.AddressableFraction = v("federation.addressable_fraction")
	f.CoordinationDelay = v("federation.coordination_delay")
	f.Goodput = v("federation.goodput")
	f.MinReplicaPeak = v("federation.min_replica_peak")
	f.MaxRunYears = v("federation.max_run_years")
	for i := range b.sites {
		sb := &b.sites[i]
		s := &f.Sites[i]
		s.MaxFraction, s.Retire = sb.maxFraction, sb.retire
		s.Online = vals[sb.online]
		if sb.slip >= 0 {
			s.Online += vals[sb.slip]
		}
		s.Price, s.Carbon = vals[sb.price], vals[sb.carbon]
		for j, pb := range sb.pools {
			s.Pools[j] = model.Pool{Count: vals[pb.count], Peak: vals[pb.peak] * b.scale[pb.peak],
				MFU: vals[pb.mfu], Power: vals[pb.power]}
		}
	}
	for i, rb := range b.regions {
		in.Regions[i] = model.Region{Lead1GW: vals[rb.lead1], Lead40MW: vals[rb.lead40],
			Feasible: vals[rb.feasible] >= 0.5, Price: vals[rb.price], Carbon: vals[rb.carbon],
			PUE: vals[rb.pue]}
	}
	in.Campus = model.Campus{PowerMW: v("campus.power"),
		ApplicationYear: v("campus.application_year"), Fitout: v("campus.fitout"),
		RampYears: v("campus.ramp_years"), KWPerAccelerator: v("campus.kw_per_accelerator"),
		Peak: v("campus.peak"), MFU: v("campus.mfu"), Goodput: v("campus.goodput"),
		Phase1MW: v("campus.phase1_mw"), Phase1LeadFraction: v("campus.phase1_lead_fraction")}
	in.CampusRegion = region
	if region >= 0 {
		in.Campus.Lead1GW = in.Regions[region].Lead1GW
		in.Campus.Feasible = in.Regions[region].Feasible
	} else {
		in.Campus.Lead1GW, in.Campus.Feasible = b.meanLead(in), true
	}
	in.Costs = model.Costs{CapexPerAcceleratorHour: v("costs.capex_per_accelerator_hour"),
		PUERef: v("costs.pue_ref"), NetworkAdder: v("costs.network_adder")}
	in.Weights = model.Weights{Time: v("score.weight_time"), Cost: v("score.weight_cost"),
		Carbon: v("score.weight_carbon")}
}

// meanLead returns the siting-weighted mean of the regional 1 GW leads.
func (b *Binding) meanLead(in *model.Inputs) float64 {
	sum, w := 0.0, 0.0
	for i, r := range b.set.Regions {
		sum += r.SitingWeight * in.Regions[i].Lead1GW
		w += r.SitingWeight
	}
	return sum / w
}

// Central fills in with the central case of MODEL.md §7: every parameter at
// its central value (the median of its distribution), every region feasible,
// and the campus at the siting-weighted mean of the regional leads (or at the
// fixed region's lead when the set fixes one).
func (b *Binding) Central(in *model.Inputs) []float64 {
	vals := make([]float64, len(b.names))
	copy(vals, b.fixed)
	for i, n := range b.names {
		if b.set.Params[n].Kind == Probability {
			vals[i] = 1
		}
	}
	b.Fill(vals, b.fixedRg, in)
	return vals
}
