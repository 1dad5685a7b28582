package model

import (
	"math"
	"slices"
)

// Pool is one homogeneous group of accelerators in a site.
type Pool struct {
	Count float64 // accelerators in the machine
	Peak  float64 // dense BF16 peak per accelerator, FLOP/s
	MFU   float64 // model FLOP utilisation of this accelerator family
	Power float64 // all-in facility power per accelerator, kW
}

// Site is one machine of the federation as drawn: its pools, when it is online
// (inventory date plus any slip), when it retires, and its country's energy.
type Site struct {
	Pools       []Pool
	MaxFraction float64 // share of the machine a coordinated run could ever get
	Online      float64 // decimal year the machine is available (date + slip)
	Retire      float64 // decimal year it leaves; +Inf or NaN when not announced
	Price       float64 // wholesale electricity price of its country, EUR/MWh
	Carbon      float64 // carbon intensity of its country, gCO2e/kWh
}

// Federation holds the Layer 2 inputs of the federated path.
type Federation struct {
	AddressableFraction float64 // f: share of each machine given to one run
	CoordinationDelay   float64 // years from t0 until the run can start
	Goodput             float64 // share of time doing useful training
	MinReplicaPeak      float64 // addressable peak a site needs to join, FLOP/s
	MaxRunYears         float64 // allocation length; 0 means no limit
	Sites               []Site
}

// FederationResult describes the federated run of one draw.
type FederationResult struct {
	Start float64 // t_start = t0 + coordination delay
	End   float64 // end of pre-training; NaN when the target is not reached
	Year  float64 // End + post-training; NaN when missing
	// Efficiency, RawRate and EffectiveRate describe the configuration in
	// force when training ends (or at the horizon when it never ends).
	Efficiency    Efficiency
	RawRate       float64 // combined raw rate of the replicas used, FLOP/s
	EffectiveRate float64 // RawRate·Efficiency.Total, FLOP/s
	// MeanEffectiveRate is the target divided by the training time, FLOP/s.
	MeanEffectiveRate float64
	SitesEligible     int   // sites that ever qualify (peak ≥ minimum)
	SitesUsed         []int // indices of the sites in the final configuration
	EnergyMWh         float64
	CostEUR           float64
	CarbonT           float64
}

// siteState is the per-draw view of one qualifying site.
type siteState struct {
	index   int
	rate    float64 // raw rate, FLOP/s
	on, off float64
	// accelerators·kW, and the per-hour energy cost and carbon of running it
	kw, eurPerHour, carbonPerHour, accelerators float64
}

type siteEvent struct {
	t    float64
	join bool
	site int // index into Workspace.sites
}

// Workspace holds the scratch memory of Evaluate so that a draw allocates
// nothing. A Workspace is not safe for concurrent use; give each worker its own.
type Workspace struct {
	sites  []siteState
	events []siteEvent
	active []int // indices into sites, by decreasing rate
	// etaAlg[k] caches EtaAlg(k) for the draw being evaluated.
	etaAlg []float64
}

// NewWorkspace returns a Workspace for up to maxSites sites.
func NewWorkspace(maxSites int) *Workspace {
	return &Workspace{
		sites:  make([]siteState, 0, maxSites),
		events: make([]siteEvent, 0, 2*maxSites),
		active: make([]int, 0, maxSites),
		etaAlg: make([]float64, 0, maxSites+1),
	}
}

// bestConfig returns the number of replicas k among the active sites that
// maximises eta_total(k)·(sum of the k largest raw rates), with that rate.
func (ws *Workspace) bestConfig(d *DiLoCo) (k int, raw float64, eff Efficiency) {
	n := len(ws.active)
	if d.MaxReplicas > 0 && n > d.MaxReplicas {
		n = d.MaxReplicas
	}
	best := 0.0
	sum := 0.0
	for j := 1; j <= n; j++ {
		sum += ws.sites[ws.active[j-1]].rate
		e := d.efficiency(j, sum, ws.eta(j, d))
		if v := e.Total * sum; v > best {
			best, k, raw, eff = v, j, sum, e
		}
	}
	return k, raw, eff
}

// eta returns EtaAlg(k) for the current draw's DiLoCo inputs, computing each
// value once per draw.
func (ws *Workspace) eta(k int, d *DiLoCo) float64 {
	for len(ws.etaAlg) <= k {
		ws.etaAlg = append(ws.etaAlg, EtaAlg(len(ws.etaAlg), d.K, d.Gamma))
	}
	return ws.etaAlg[k]
}

// activate inserts site s into the active list, keeping decreasing rate order
// (ties by site index, so the order never depends on event order).
func (ws *Workspace) activate(s int) {
	r := ws.sites[s].rate
	pos := len(ws.active)
	for i, a := range ws.active {
		ar := ws.sites[a].rate
		if r > ar || r == ar && ws.sites[s].index < ws.sites[a].index {
			pos = i
			break
		}
	}
	ws.active = slices.Insert(ws.active, pos, s)
}

func (ws *Workspace) deactivate(s int) {
	if i := slices.Index(ws.active, s); i >= 0 {
		ws.active = slices.Delete(ws.active, i, i+1)
	}
}

// federation computes Layer 2 for the federated path.
func (ws *Workspace) federation(in *Inputs, out *FederationResult) {
	fed := &in.Federation
	start := in.T0 + fed.CoordinationDelay
	stop := in.Horizon
	if fed.MaxRunYears > 0 {
		stop = math.Min(stop, start+fed.MaxRunYears)
	}
	*out = FederationResult{
		Start: start, End: math.NaN(), Year: math.NaN(),
		MeanEffectiveRate: math.NaN(), SitesUsed: out.SitesUsed[:0],
	}

	// Qualify the sites and list their joins and retirements.
	ws.sites, ws.events, ws.active = ws.sites[:0], ws.events[:0], ws.active[:0]
	ws.etaAlg = ws.etaAlg[:0]
	for i := range fed.Sites {
		s := &fed.Sites[i]
		share := math.Min(fed.AddressableFraction, s.MaxFraction)
		var peak, rate, kw, acc float64
		for _, p := range s.Pools {
			a := p.Count * share
			peak += a * p.Peak
			rate += a * p.Peak * p.MFU * fed.Goodput
			kw += a * p.Power
			acc += a
		}
		if peak < fed.MinReplicaPeak || rate <= 0 {
			continue
		}
		on := math.Max(s.Online, start)
		off := s.Retire
		if math.IsNaN(off) {
			off = math.Inf(1)
		}
		if off <= on || on >= stop {
			continue
		}
		mwhPerHour := kw / 1000
		ws.sites = append(ws.sites, siteState{
			index: i, rate: rate, on: on, off: off, kw: kw, accelerators: acc,
			eurPerHour: mwhPerHour*(s.Price+in.Costs.NetworkAdder) +
				acc*in.Costs.CapexPerAcceleratorHour,
			carbonPerHour: mwhPerHour * s.Carbon / 1000,
		})
	}
	out.SitesEligible = len(ws.sites)
	for j := range ws.sites {
		ws.events = append(ws.events, siteEvent{t: ws.sites[j].on, join: true, site: j})
		if off := ws.sites[j].off; off < stop {
			ws.events = append(ws.events, siteEvent{t: off, site: j})
		}
	}
	slices.SortFunc(ws.events, func(a, b siteEvent) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		case a.join != b.join: // retirements before joins at the same instant
			if a.join {
				return 1
			}
			return -1
		}
		return a.site - b.site
	})

	// Walk the segments between events, integrating the best configuration.
	t, e := start, 0.0
	var k int
	var raw float64
	var eff Efficiency
	ev := 0
	for {
		for ev < len(ws.events) && ws.events[ev].t <= t {
			if ws.events[ev].join {
				ws.activate(ws.events[ev].site)
			} else {
				ws.deactivate(ws.events[ev].site)
			}
			ev++
		}
		k, raw, eff = ws.bestConfig(&in.DiLoCo)
		next := stop
		if ev < len(ws.events) {
			next = math.Min(ws.events[ev].t, stop)
		}
		rate := raw * eff.Total
		tEnd, eEnd, done := in.Target.reach(in.T0, t, next, e, rate, 0)
		ws.account(out, k, tEnd-t)
		t, e = tEnd, eEnd
		if done {
			out.End = t
			out.Year = t + in.Target.PostTraining
			// A run shorter than the resolution of a decimal year (t − start
			// rounds to 0) ends in its first segment, at that segment's rate.
			out.MeanEffectiveRate = rate
			if d := t - start; d > 0 {
				out.MeanEffectiveRate = e / (d * SecondsPerYear)
			}
			break
		}
		if next >= stop {
			break
		}
	}
	out.Efficiency, out.RawRate, out.EffectiveRate = eff, raw, raw*eff.Total
	for j := 0; j < k; j++ {
		out.SitesUsed = append(out.SitesUsed, ws.sites[ws.active[j]].index)
	}
}

// account adds the energy, cost and carbon of running the k fastest active
// sites for years.
func (ws *Workspace) account(out *FederationResult, k int, years float64) {
	if years <= 0 {
		return
	}
	hours := years * SecondsPerYear / 3600
	for j := 0; j < k; j++ {
		s := &ws.sites[ws.active[j]]
		out.EnergyMWh += s.kw / 1000 * hours
		out.CostEUR += s.eurPerHour * hours
		out.CarbonT += s.carbonPerHour * hours
	}
}
