package analysis

import (
	"strings"

	"github.com/euromesh/euromesh-mc/params"
)

// The parameter groups whose joint effect the group sensitivity indices
// measure, in the order they are reported.
const (
	// GroupTarget is the training target: its compute, growth, model size
	// and post-training time, and the time frame.
	GroupTarget = "target"
	// GroupPolitics is what governments decide for the federation: the
	// addressable fraction of each machine, the coordination delay before
	// the run starts and any allocation limit.
	GroupPolitics = "federation politics"
	// GroupSites is the federation's hardware: site dates, slips and
	// accelerator counts, accelerator peaks and power, MFU by family,
	// goodput, the minimum replica size and the sites' energy prices.
	GroupSites = "sites and hardware"
	// GroupTraining is low-communication training: the DiLoCo efficiency
	// parameters, bandwidth and replica limit.
	GroupTraining = "training efficiency"
	// GroupGrid is the campus's wait for power: the regional 1 GW lead
	// times and feasibilities, the application date and phased energization.
	GroupGrid = "campus grid"
	// GroupBuild is the campus once powered: fit-out, ramp, size and
	// hardware.
	GroupBuild = "campus build"
	// GroupRegions is where the campus goes (the region drawn for it) and
	// the regional figures that only the scorecard reads: 40 MW leads,
	// prices, carbon, PUE, shared cost inputs and score weights.
	GroupRegions = "regions"
	// GroupOther holds parameters that no rule places, such as ones a user
	// adds; it is reported only when it has members.
	GroupOther = "other"
)

// Groups lists the parameter groups in reporting order.
var Groups = []string{GroupTarget, GroupPolitics, GroupSites, GroupTraining, GroupGrid,
	GroupBuild, GroupRegions, GroupOther}

// politics are the federation parameters that are political choices.
var politics = map[string]bool{
	"federation.addressable_fraction": true,
	"federation.coordination_delay":   true,
	"federation.max_run_years":        true,
}

// Inputs that the rank and tail analyses derive for each draw from the
// campus region drawn in it, beside the sampled parameters. The region itself
// is analysed under [params.RegionDim], valued at the region's central 1 GW
// lead, which orders the regions from fastest to slowest.
const (
	// CampusLead is the drawn region's 1 GW lead in the draw, in years.
	CampusLead = "campus.lead_1gw"
	// CampusFeasible is 1 when the drawn region grants the connection in
	// the draw, else 0.
	CampusFeasible = "campus.feasibility"
)

// gridCampus are the campus inputs that belong to its grid connection.
var gridCampus = map[string]bool{
	"campus.application_year":     true,
	"campus.phase1_mw":            true,
	"campus.phase1_lead_fraction": true,
	CampusLead:                    true,
	CampusFeasible:                true,
}

// GroupOf returns the group of a parameter name, or of [params.RegionDim],
// the sampling dimension that picks the campus region.
func GroupOf(name string) string {
	prefix, rest, _ := strings.Cut(name, ".")
	switch prefix {
	case "target", "time":
		return GroupTarget
	case "diloco":
		return GroupTraining
	case "federation":
		if politics[name] {
			return GroupPolitics
		}
		return GroupSites
	case "sites", "accelerators", "mfu", "countries":
		return GroupSites
	case "campus":
		switch {
		case name == params.RegionDim:
			return GroupRegions
		case gridCampus[name]:
			return GroupGrid
		}
		return GroupBuild
	case "regions":
		if strings.HasSuffix(rest, ".lead_1gw") || strings.HasSuffix(rest, ".feasibility") {
			return GroupGrid
		}
		return GroupRegions
	case "costs", "score":
		return GroupRegions
	}
	return GroupOther
}

// GroupColumns partitions the sampling dimensions dims by [GroupOf] and
// returns the groups that have members, in the order of [Groups], with the
// indices in dims of each group's members.
func GroupColumns(dims []string) (names []string, cols [][]int) {
	members := map[string][]int{}
	for d, name := range dims {
		g := GroupOf(name)
		members[g] = append(members[g], d)
	}
	for _, g := range Groups {
		if m := members[g]; len(m) > 0 {
			names = append(names, g)
			cols = append(cols, m)
		}
	}
	return names, cols
}
