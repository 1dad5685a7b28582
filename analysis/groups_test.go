package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

func defaultBinding(t *testing.T) *params.Binding {
	t.Helper()
	s, err := params.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := params.NewBinding(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGroupOf(t *testing.T) {
	cases := map[string]string{
		"target.compute":                  analysis.GroupTarget,
		"time.horizon":                    analysis.GroupTarget,
		"federation.addressable_fraction": analysis.GroupPolitics,
		"federation.coordination_delay":   analysis.GroupPolitics,
		"federation.goodput":              analysis.GroupSites,
		"sites.jupiter.gh200.count":       analysis.GroupSites,
		"accelerators.h100.peak":          analysis.GroupSites,
		"mfu.hopper":                      analysis.GroupSites,
		"countries.DE.price":              analysis.GroupSites,
		"diloco.k":                        analysis.GroupTraining,
		"regions.fr.lead_1gw":             analysis.GroupGrid,
		"regions.ie.feasibility":          analysis.GroupGrid,
		"campus.application_year":         analysis.GroupGrid,
		"campus.phase1_lead_fraction":     analysis.GroupGrid,
		"campus.fitout":                   analysis.GroupBuild,
		"campus.mfu":                      analysis.GroupBuild,
		params.RegionDim:                  analysis.GroupRegions,
		"regions.fr.lead_40mw":            analysis.GroupRegions,
		"regions.pl.price":                analysis.GroupRegions,
		"costs.network_adder":             analysis.GroupRegions,
		"something.new":                   analysis.GroupOther,
	}
	for name, want := range cases {
		if got := analysis.GroupOf(name); got != want {
			t.Errorf("GroupOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestGroupColumnsPartition checks that the default sampling dimensions fall
// into the seven named groups, each dimension in exactly one.
func TestGroupColumnsPartition(t *testing.T) {
	dims := defaultBinding(t).Dims()
	names, cols := analysis.GroupColumns(dims)
	want := []string{analysis.GroupTarget, analysis.GroupPolitics, analysis.GroupSites,
		analysis.GroupTraining, analysis.GroupGrid, analysis.GroupBuild, analysis.GroupRegions}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("groups = %q, want %q", names, want)
	}
	seen := make([]int, len(dims))
	for _, c := range cols {
		for _, d := range c {
			seen[d]++
		}
	}
	for d, n := range seen {
		if n != 1 {
			t.Errorf("dimension %s is in %d groups", dims[d], n)
		}
	}
}

// uniformRows returns Saltelli rows whose uniforms come from a PCG stream
// keyed by the row, so that they do not depend on which worker asks.
func uniformRows(seed uint64) analysis.SaltelliRows {
	return func(r int, a, b []float64) error {
		rng := rand.New(rand.NewPCG(seed, uint64(r)))
		for c := range a {
			a[c] = rng.Float64()
		}
		for c := range b {
			b[c] = rng.Float64()
		}
		return nil
	}
}

// checkFamily checks that each analytic index lies inside its bootstrap
// interval. The intervals come at level 1 − 0.01/m for m checks (Bonferroni),
// so that a correct estimator passes all m together with probability at
// least 99% (ORACLES.md, "Many checks at once").
func checkFamily(t *testing.T, ind analysis.Indices, S, ST []float64) {
	t.Helper()
	for i := range S {
		for _, c := range []struct {
			name string
			e    analysis.Estimate
			want float64
		}{{fmt.Sprintf("S%d", i+1), ind.First[i], S[i]},
			{fmt.Sprintf("ST%d", i+1), ind.Total[i], ST[i]}} {
			t.Logf("%-4s %8.5f [%8.5f, %8.5f] analytic %8.5f", c.name, c.e.Value, c.e.Lo,
				c.e.Hi, c.want)
			if !(c.e.Lo <= c.want && c.want <= c.e.Hi) {
				t.Errorf("%s: analytic %.5f outside the %.4f%% bootstrap interval "+
					"[%.5f, %.5f] (estimate %.5f)", c.name, c.want, 100*ind.Conf, c.e.Lo,
					c.e.Hi, c.e.Value)
			}
		}
	}
}

// bonferroni returns the per-check confidence level for m checks with a
// family-wise level of 99%.
func bonferroni(m int) float64 { return 1 - 0.01/float64(m) }

// TestEvaluateSaltelli_Oracles runs the Saltelli evaluation driver at a base
// sample of 2^14 on the Ishigami function and on the G-function with grouped
// inputs (ORACLES.md), with two outputs at once, and checks every analytic
// index against its bootstrap interval.
func TestEvaluateSaltelli_Oracles(t *testing.T) {
	const n = 1 << 14
	const a, b = 7, 0.1
	ishi := func(u []float64) float64 {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		s2 := math.Sin(x2)
		return math.Sin(x1) + a*s2*s2 + b*x3*x3*x3*x3*math.Sin(x1)
	}

	// The Ishigami inputs are columns 0-2 and the G-function's 3-10, in one
	// design: each output ignores the other's columns, so the groups of
	// the other function get indices of exactly 0.
	groups := [][]int{{0}, {1}, {2}, {3, 4}, {5, 6}, {7, 8, 9, 10}}
	plan, err := analysis.NewSaltelliPlan(n, 11, groups)
	if err != nil {
		t.Fatal(err)
	}
	model := func() analysis.RowModel {
		return func(u, y []float64) {
			y[0] = ishi(u[:3])
			y[1] = gModel(u[3:])
		}
	}
	out, err := analysis.EvaluateSaltelli(context.Background(), plan, 2, uniformRows(11), model, 0)
	if err != nil {
		t.Fatal(err)
	}

	// 3 Ishigami groups and 3 G groups, S and ST each: 12 checks.
	conf := bonferroni(12)
	rng := rand.New(rand.NewPCG(12, 1))
	ishiInd := analysis.SaltelliBootstrap(out.FA[0], out.FB[0], out.FAB[0], 4000, rng, conf)
	gInd := analysis.SaltelliBootstrap(out.FA[1], out.FB[1], out.FAB[1], 4000, rng, conf)

	_, S, ST := ishigami(a, b)
	checkFamily(t, sub(ishiInd, 0, 3), S, ST)
	_, S, ST = gFunction(gA, [][]int{{0, 1}, {2, 3}, {4, 5, 6, 7}})
	checkFamily(t, sub(gInd, 3, 6), S, ST)

	// Columns an output does not read leave it unchanged, so its indices
	// for those groups are exactly zero.
	for i := 3; i < 6; i++ {
		if ishiInd.First[i].Value != 0 || ishiInd.Total[i].Value != 0 {
			t.Errorf("Ishigami indices of G group %d = %v, %v, want 0", i,
				ishiInd.First[i].Value, ishiInd.Total[i].Value)
		}
	}
}

// sub returns the indices of groups [lo, hi).
func sub(ind analysis.Indices, lo, hi int) analysis.Indices {
	ind.First, ind.Total = ind.First[lo:hi], ind.Total[lo:hi]
	return ind
}

func TestEvaluateSaltelli_WorkersDoNotMatter(t *testing.T) {
	plan, err := analysis.NewSaltelliPlan(1000, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	model := func() analysis.RowModel {
		return func(u, y []float64) { y[0] = u[0] + u[1]*u[2] }
	}
	one, err := analysis.EvaluateSaltelli(context.Background(), plan, 1, uniformRows(3), model, 1)
	if err != nil {
		t.Fatal(err)
	}
	many, err := analysis.EvaluateSaltelli(context.Background(), plan, 1, uniformRows(3), model, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, many) {
		t.Error("outputs differ between 1 and 7 workers")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := analysis.EvaluateSaltelli(ctx, plan, 1, uniformRows(3), model, 2); !errors.Is(err,
		context.Canceled) {
		t.Errorf("cancelled evaluation: err = %v, want context.Canceled", err)
	}
}

func TestModelGroupIndices(t *testing.T) {
	b := defaultBinding(t)
	_, err := analysis.ModelGroupIndices(context.Background(), b, analysis.MinBaseSamples-1,
		analysis.SobolOptions{})
	if !errors.Is(err, analysis.ErrTooFewSamples) {
		t.Errorf("n = MinBaseSamples-1: err = %v, want ErrTooFewSamples", err)
	}

	// The regional leads move together, within the campus grid group.
	pairs := []sampler.Correlation{{A: "regions.de.lead_1gw", B: "regions.fr.lead_1gw", Rho: 0.6}}
	gi, err := analysis.ModelGroupIndices(context.Background(), b, 256,
		analysis.SobolOptions{Seed: 3, Resamples: 50, Correlations: pairs})
	if err != nil {
		t.Fatal(err)
	}

	// The federation year reads nothing of the campus, and the campus year
	// nothing of the federation, its sites or its training (MODEL.md §5):
	// switching such a group between A and B leaves the output unchanged
	// row for row, so both indices are exactly 0.
	zero := map[string][]string{
		analysis.OutFedYear: {analysis.GroupGrid, analysis.GroupBuild, analysis.GroupRegions},
		analysis.OutCampusYear: {analysis.GroupPolitics, analysis.GroupSites,
			analysis.GroupTraining},
	}
	for o, out := range gi.Outputs {
		for i, g := range gi.Groups {
			s, st := gi.Indices[o].First[i].Value, gi.Indices[o].Total[i].Value
			for _, z := range zero[out] {
				if g == z && (s != 0 || st != 0) {
					t.Errorf("%s, group %s: S = %g, ST = %g, want exactly 0", out, g, s, st)
				}
			}
		}
	}

	// A correlation across groups would make AB_i mix dependent groups.
	cross := []sampler.Correlation{{A: "regions.de.lead_1gw", B: "diloco.k", Rho: 0.3}}
	if _, err := analysis.ModelGroupIndices(context.Background(), b, 128,
		analysis.SobolOptions{Correlations: cross}); err == nil ||
		!strings.Contains(err.Error(), "crosses parameter groups") {
		t.Errorf("cross-group correlation: err = %v", err)
	}
}
