package sampler

import (
	"math"
	"testing"
)

func TestToOpenUnitBounds(t *testing.T) {
	// All ones: (2^52 − 1 + 0.5)/2^52 = 1 − 2^−53, the largest float64 below 1.
	if u := toOpenUnit(math.MaxUint64); u >= 1 || u != math.Nextafter(1, 0) {
		t.Errorf("toOpenUnit(max) = %v, want 1 − 2^−53", u)
	}
	// All zeros: 0.5/2^52 = 2^−53 > 0.
	if u := toOpenUnit(0); u != math.Ldexp(1, -53) {
		t.Errorf("toOpenUnit(0) = %v, want 2^−53", u)
	}
}

// TestMonteCarloKeyedByName checks the promise of common random numbers: a
// parameter's uniforms do not depend on which other parameters exist.
func TestMonteCarloKeyedByName(t *testing.T) {
	a := NewMonteCarlo(9, []string{"x", "y"})
	b := NewMonteCarlo(9, []string{"z", "y", "w"})
	ua, ub := make([]float64, 2*50), make([]float64, 3*50)
	if err := a.Fill(100, 50, ua); err != nil {
		t.Fatal(err)
	}
	if err := b.Fill(100, 50, ub); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 50; k++ {
		if ua[k*2+1] != ub[k*3+1] {
			t.Fatalf("draw %d: y differs between parameter lists", 100+k)
		}
		if ua[k*2] == ua[k*2+1] {
			t.Fatalf("draw %d: x and y share a uniform", 100+k)
		}
	}
}
