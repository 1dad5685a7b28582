package model

import (
	"math"
	"testing"
)

// benchInputs returns a federation of 40 sites joining over three years and
// nine regions: the size of the default inventory with national machines.
func benchInputs() *Inputs {
	in := oneSite()
	s := in.Federation.Sites[0]
	in.Federation.Sites = nil
	for i := 0; i < 40; i++ {
		s.Online = 2026 + 0.075*float64(i)
		s.Pools = []Pool{{Count: 500 + 100*float64(i%7), Peak: 1e15, MFU: 0.4, Power: 1.7}}
		if i%9 == 0 {
			s.Retire = 2028.2
		} else {
			s.Retire = math.Inf(1)
		}
		in.Federation.Sites = append(in.Federation.Sites, s)
	}
	in.Federation.AddressableFraction = 0.3
	in.Target.Compute = 3.8e25
	in.Regions = make([]Region, 9)
	for i := range in.Regions {
		in.Regions[i] = Region{Lead1GW: 4 + float64(i), Lead40MW: 3, Feasible: i%4 != 0,
			Price: 60, Carbon: 50 + 10*float64(i), PUE: 1.2}
	}
	return in
}

// BenchmarkEvaluate measures one draw of the three layers: 40 sites, nine
// regions.
func BenchmarkEvaluate(b *testing.B) {
	in := benchInputs()
	ws := NewWorkspace(len(in.Federation.Sites))
	out := NewResult(len(in.Regions), len(in.Federation.Sites))
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in, ws, out)
	}
}
