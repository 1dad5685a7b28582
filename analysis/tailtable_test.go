package analysis_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

func TestRunTails(t *testing.T) {
	nan := math.NaN()
	o := &analysis.Outcomes{
		FedYear:    []float64{2028, 2032, nan, 2029, nan, 2031},
		CampusYear: []float64{2033, 2030, 2034, nan, nan, 2031},
	}
	tails := analysis.RunTails(o)
	// Campus wins: ready and earlier than the federation, or the federation
	// never comes; a tie is no win.
	wantWins := []bool{false, true, true, false, false, false}
	// Federation after 2030: fed_year >= 2031.0 or missing.
	wantLate := []bool{false, true, true, false, true, true}
	if !reflect.DeepEqual(tails[0].In, wantWins) || tails[0].Name != analysis.TailCampusWins {
		t.Errorf("%s = %v, want %v", tails[0].Name, tails[0].In, wantWins)
	}
	if !reflect.DeepEqual(tails[1].In, wantLate) || tails[1].Name != analysis.TailFedAfter2030 {
		t.Errorf("%s = %v, want %v", tails[1].Name, tails[1].In, wantLate)
	}
	if tails[1].Count() != 4 {
		t.Errorf("Count = %d, want 4", tails[1].Count())
	}
}

// TestTailTableShifts checks the streamed shifts against MedianShift and a
// case computed by hand.
func TestTailTableShifts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n := 2001
	y := make([]float64, n)
	x, z := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i], z[i] = rng.NormFloat64(), rng.NormFloat64()
		y[i] = x[i] + 0.1*z[i]
	}
	top := make([]bool, n) // the draws with y above 1
	for i, v := range y {
		top[i] = v > 1
	}
	tails := []analysis.Tail{{Name: "top", In: top}, {Name: "none", In: make([]bool, n)}}
	s := analysis.NewDrawStats([]string{"y"}, [][]float64{y}, tails)
	s.Add("x", x)
	s.Add("z", z)
	tt := s.Tails()
	if tt.Counts[1] != 0 || tt.Draws != n {
		t.Errorf("counts %v, draws %d", tt.Counts, tt.Draws)
	}
	for j, col := range [][]float64{x, z} {
		want := analysis.MedianShift(col, top)
		if got := tt.Rows[j].Shift[0]; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: shift %g, MedianShift %g", tt.Rows[j].Name, got, want)
		}
		if !math.IsNaN(tt.Rows[j].Shift[1]) {
			t.Errorf("%s: shift in an empty tail = %g, want NaN", tt.Rows[j].Name,
				tt.Rows[j].Shift[1])
		}
	}
	if got := tt.Top(0, 1); len(got) != 1 || got[0].Name != "x" {
		t.Errorf("Top(0, 1) = %v, want x", got)
	}

	// By hand: x = 1..9, tail {7, 8, 9}. Median 5, tail median 8, IQR
	// Q(0.75) − Q(0.25) = 7 − 3 = 4, so the shift is 3 / (4/1.349).
	x9 := []float64{3, 1, 4, 9, 5, 2, 6, 8, 7}
	in := make([]bool, 9)
	for i, v := range x9 {
		in[i] = v >= 7
	}
	s = analysis.NewDrawStats([]string{"y"}, [][]float64{x9},
		[]analysis.Tail{{Name: "hi", In: in}})
	s.Add("x", x9)
	if got, want := s.Tails().Rows[0].Shift[0], 3/(4/1.349); math.Abs(got-want) > 1e-12 {
		t.Errorf("hand case: shift %g, want %g", got, want)
	}
}

func TestTailYesNoAndNoise(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6}
	in := []bool{false, false, false, true, true, true}
	s := analysis.NewDrawStats([]string{"y"}, [][]float64{y},
		[]analysis.Tail{{Name: "top", In: in}})
	s.Add("feasible", []float64{1, 1, 0, 0, 0, 1})
	if sh := s.Tails().Rows[0].Shift[0]; !math.IsNaN(sh) {
		t.Errorf("yes/no input: shift %g, want NaN", sh)
	}
	// sqrt(π/2)/sqrt(100) = 0.125331...
	if got := analysis.TailNoise(100); math.Abs(got-0.12533141373155) > 1e-12 {
		t.Errorf("TailNoise(100) = %.14f", got)
	}
}
