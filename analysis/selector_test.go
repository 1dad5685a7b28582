package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSelectorMatchesQuantiles checks that the two-pass selector gives the same
// type-7 quantiles as sorting everything, bit for bit, including values
// outside its histogram range, ties, and missing values.
func TestSelectorMatchesQuantiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ps := []float64{0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1}
	cases := map[string][]float64{
		"ORACLES [1,2,3,4]": {4, 2, 1, 3},
		"one value":         {2030},
		"empty":             {},
		"all missing":       {math.NaN(), math.NaN()},
	}
	var years, ties, wide []float64
	for i := 0; i < 100000; i++ {
		years = append(years, 2028+rng.NormFloat64())
		ties = append(ties, 2030+float64(rng.IntN(3)))
		wide = append(wide, 2000+100*rng.Float64()) // beyond [2026, 2046]
		if i%7 == 0 {
			years = append(years, math.NaN())
		}
	}
	cases["years with missing"], cases["ties"], cases["outside range"] = years, ties, wide
	for name, x := range cases {
		s := NewSelector(ps, 2026, 2046)
		for _, v := range x {
			s.Observe1(v)
		}
		s.Prepare()
		for i := len(x) - 1; i >= 0; i-- { // any order in the second pass
			s.Observe2(x[i])
		}
		got, want := s.Quantiles(), Quantiles(x, ps)
		for i := range ps {
			if !(got[i] == want[i] || math.IsNaN(got[i]) && math.IsNaN(want[i])) {
				t.Errorf("%s: p=%v: selector %v, sort %v", name, ps[i], got[i], want[i])
			}
		}
	}
	// [1,2,3,4]: the ORACLES values of type 7.
	s := NewSelector([]float64{0.1, 0.25, 0.5, 0.9}, 0, 10)
	for _, v := range []float64{1, 2, 3, 4} {
		s.Observe1(v)
	}
	s.Prepare()
	for _, v := range []float64{1, 2, 3, 4} {
		s.Observe2(v)
	}
	for i, w := range []float64{1.3, 1.75, 2.5, 3.7} {
		if q := s.Quantiles()[i]; math.Abs(q-w) > 1e-12 {
			t.Errorf("ORACLES type 7: got %v, want %v", q, w)
		}
	}
}
