package analysis_test

import (
	"math"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

func TestMedianShift(t *testing.T) {
	// x = 1..9 (shuffled, plus a missing draw). Type 7 quantiles by hand:
	// h = 8p, so the median is x[4] = 5, Q(0.25) = x[2] = 3, Q(0.75) = x[6] = 7
	// and the IQR is 4, a robust sd of 4/1.349.
	x := []float64{9, 2, 7, math.NaN(), 4, 1, 8, 3, 6, 5}
	flag := func(keep func(v float64) bool) []bool {
		in := make([]bool, len(x))
		for i, v := range x {
			in[i] = keep(v)
		}
		return in
	}

	tests := []struct {
		name string
		in   []bool
		want float64
	}{
		// Subset {7, 8, 9}: median 8, shift (8 - 5)/(4/1.349) = 3·1.349/4.
		{"UpperTail", flag(func(v float64) bool { return v >= 7 }), 1.01175},
		// Subset {1, 2}: median 1.5, shift (1.5 - 5)·1.349/4 = -3.5·1.349/4.
		{"LowerTail", flag(func(v float64) bool { return v <= 2 }), -1.180375},
		// Subset {2, 4, 6, 8}: median 5, no shift.
		{"Even", flag(func(v float64) bool { return math.Mod(v, 2) == 0 }), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkClose(t, "MedianShift", analysis.MedianShift(x, tt.in), tt.want, 1e-12)
		})
	}

	none := make([]bool, len(x))
	if got := analysis.MedianShift(x, none); !math.IsNaN(got) {
		t.Errorf("MedianShift of an empty subset = %v, want NaN", got)
	}
}
