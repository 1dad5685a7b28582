package analysis_test

import (
	"math"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

// Standard normal quantiles: z90 = Φ⁻¹(0.9), z95 = Φ⁻¹(0.95).
const (
	z90 = 1.2815515655446004
	z95 = 1.6448536269514722
)

func defaultTornado(t *testing.T) *analysis.Tornado {
	t.Helper()
	return analysis.NewTornado(defaultBinding(t), 0.1, 0.9)
}

func findBar(t *testing.T, bars []analysis.Bar, name string) analysis.Bar {
	t.Helper()
	for _, b := range bars {
		if b.Name == name {
			return b
		}
	}
	t.Fatalf("no tornado bar %q", name)
	return analysis.Bar{}
}

// TestTornadoRanking checks the reference ranking of MODEL.md §7: on the
// campus lead, coordination delay, addressable fraction, target compute and
// the campus grid lead each swing more than any DiLoCo parameter.
func TestTornadoRanking(t *testing.T) {
	tr := defaultTornado(t)
	lead := tr.Output(analysis.OutLead)
	var diloco float64
	var widest string
	for _, b := range tr.Bars {
		if strings.HasPrefix(b.Name, "diloco.") && b.Swing(lead) > diloco {
			diloco, widest = b.Swing(lead), b.Name
		}
	}
	if diloco <= 0 {
		t.Fatal("no DiLoCo parameter moves the lead")
	}
	for _, name := range []string{"federation.coordination_delay",
		"federation.addressable_fraction", "target.compute", analysis.BarGridLead} {
		b := findBar(t, tr.Bars, name)
		t.Logf("%-35s swing %.3f y", name, b.Swing(lead))
		if !(b.Swing(lead) > diloco) {
			t.Errorf("%s swings the lead by %.3f y, not more than %s (%.3f y)", name,
				b.Swing(lead), widest, diloco)
		}
	}
}

// TestTornadoLinearBars checks bars whose effect follows from the model's
// formulas: the campus year is application year + 1 GW lead + fit-out + the
// training time after it (MODEL.md §5.2), so moving any of the first three
// moves it by exactly the input's change and leaves the federation alone.
func TestTornadoLinearBars(t *testing.T) {
	tr := defaultTornado(t)
	fed, campus, lead := tr.Output(analysis.OutFedYear), tr.Output(analysis.OutCampusYear),
		tr.Output(analysis.OutLead)

	// The application year is a medium-confidence date: normal with a 90%
	// interval of ±1 y, so σ = 1/z95 and p90 − p10 = 2·z90/z95 = 1.558 y.
	app := findBar(t, tr.Bars, "campus.application_year")
	want := 2 * z90 / z95
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"application year p90 − p10", app.High - app.Low, want},
		{"application year: campus swing", app.Swing(campus), want},
		{"application year: lead swing", app.Swing(lead), want},
		{"application year: federation swing", app.Swing(fed), 0},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %.12f, want %.12f", c.name, c.got, c.want)
		}
	}

	// The region bar and the grid-lead bar carry the campus's 1 GW lead as
	// their values, so the campus year moves by their difference.
	for _, name := range []string{analysis.BarRegion, analysis.BarGridLead} {
		b := findBar(t, tr.Bars, name)
		if d := b.HighOut[campus] - b.LowOut[campus]; math.Abs(d-(b.High-b.Low)) > 1e-9 {
			t.Errorf("%s: campus year moves %.6f y for a lead change of %.6f y", name, d,
				b.High-b.Low)
		}
		if b.Swing(fed) != 0 {
			t.Errorf("%s moves the federation year by %g", name, b.Swing(fed))
		}
	}

	// MODEL.md §9 data: among the EU siting markets France has the shortest
	// central 1 GW lead (4 y, the RTE fast track) and the Netherlands the
	// longest (10 y).
	r := findBar(t, tr.Bars, analysis.BarRegion)
	if r.LowLabel != "fr" || r.HighLabel != "nl" || r.Low != 4 || r.High != 10 {
		t.Errorf("region bar %s %g .. %s %g, want fr 4 .. nl 10", r.LowLabel, r.Low,
			r.HighLabel, r.High)
	}

	// The central case itself.
	if tr.Base[lead] != tr.Base[campus]-tr.Base[fed] {
		t.Errorf("base lead %g is not campus %g − federation %g", tr.Base[lead],
			tr.Base[campus], tr.Base[fed])
	}
}

// TestTornadoGroups checks the group bars: groups the federation does not
// read leave its year unchanged, and a group's joint swing is at least that
// of its widest member for outputs that are monotone in each member.
func TestTornadoGroups(t *testing.T) {
	tr := defaultTornado(t)
	fed, campus := tr.Output(analysis.OutFedYear), tr.Output(analysis.OutCampusYear)
	for _, g := range []string{analysis.GroupGrid, analysis.GroupBuild, analysis.GroupRegions} {
		if s := findBar(t, tr.GroupBars, g).Swing(fed); s != 0 {
			t.Errorf("group %s moves the federation year by %g", g, s)
		}
	}

	// Every campus-build input moves the campus year in one direction (a
	// longer fit-out or ramp, or a slower accelerator, never makes it
	// earlier), so moving them together in the direction of each widens the
	// swing beyond any single one.
	gb := findBar(t, tr.GroupBars, analysis.GroupBuild)
	for _, b := range tr.Bars {
		if b.Group == analysis.GroupBuild && b.Swing(campus) > gb.Swing(campus) {
			t.Errorf("%s swings the campus year by %.4f, more than its group (%.4f)", b.Name,
				b.Swing(campus), gb.Swing(campus))
		}
	}

	ranked := tr.Ranked(campus)
	for i := 1; i < len(ranked); i++ {
		if ranked[i].Swing(campus) > ranked[i-1].Swing(campus) {
			t.Fatalf("Ranked is not in decreasing order at %d", i)
		}
	}
}
