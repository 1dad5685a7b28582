package sampler

import (
	"math"
	"slices"
	"sync"
	"testing"
)

// TestImanConover_Spearman checks realised rank correlations at 100,000
// draws, which with the default block of 65,536 makes two blocks of 50,000.
// Iman–Conover gives the scores' normal-scale correlation C exactly; the
// ranks then follow ρs = (6/π) asin(C/2), the requested value, up to the
// departure of T's rows from normality.
func TestImanConover_Spearman(t *testing.T) {
	const n = 100000
	for _, tc := range correlationCases {
		t.Run(tc.name, func(t *testing.T) {
			lhs, err := NewLatinHypercube(17, tc.names, n, 0)
			if err != nil {
				t.Fatal(err)
			}
			ic, rep, err := NewImanConover(lhs, tc.pairs)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Repaired {
				t.Errorf("unexpected repair %+v", rep)
			}
			checkRealised(t, ic, tc.names, tc.pairs, n)
		})
	}
}

// TestImanConover_KeepsStrata checks that reordering keeps the Latin
// hypercube's values: within each block, each column holds exactly the
// values of the base design, so one draw per stratum.
func TestImanConover_KeepsStrata(t *testing.T) {
	names := []string{"a", "b", "c", "d"}
	pairs := []Correlation{{"a", "b", 0.7}, {"b", "d", 0.5}}
	for _, n := range []int64{1000, 1001, 3} {
		lhs, err := NewLatinHypercube(2, names, n, 300)
		if err != nil {
			t.Fatal(err)
		}
		ic, _, err := NewImanConover(lhs, pairs)
		if err != nil {
			t.Fatal(err)
		}
		d := len(names)
		base, got := make([]float64, int(n)*d), make([]float64, int(n)*d)
		if err := lhs.Fill(0, int(n), base); err != nil {
			t.Fatal(err)
		}
		// Two calls, the first ending inside a block.
		half := n / 3
		if err := ic.Fill(0, int(half), got[:half*int64(d)]); err != nil {
			t.Fatal(err)
		}
		if err := ic.Fill(half, int(n-half), got[half*int64(d):]); err != nil {
			t.Fatal(err)
		}
		for b := range lhs.NumBlocks() {
			start, m := lhs.BlockRange(b)
			for c := range d {
				want := column(base, d, c, start, m)
				have := column(got, d, c, start, m)
				if c == 2 && !slices.Equal(want, have) {
					t.Fatalf("n=%d block %d: uncorrelated dim c changed", n, b)
				}
				slices.Sort(want)
				slices.Sort(have)
				if !slices.Equal(want, have) {
					t.Fatalf("n=%d block %d dim %d: values differ from the latin hypercube's", n, b, c)
				}
			}
		}
	}
}

// column returns column c of rows [start, start+m) of u.
func column(u []float64, d, c int, start, m int64) []float64 {
	out := make([]float64, m)
	for i := range m {
		out[i] = u[int(start+i)*d+c]
	}
	return out
}

// TestImanConover_Concurrent fills the same run from several goroutines at
// once, in interleaved chunks that cross block boundaries, and compares with
// one sequential fill. Run with -race to check the block cache.
func TestImanConover_Concurrent(t *testing.T) {
	const (
		n       = 4000
		chunk   = 250
		workers = 4
	)
	tc := correlationCases[1]
	lhs, err := NewLatinHypercube(4, tc.names, n, 900)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, n*lhs.Dims())
	seq, _, err := NewImanConover(lhs, tc.pairs)
	if err != nil {
		t.Fatal(err)
	}
	if err := seq.Fill(0, n, want); err != nil {
		t.Fatal(err)
	}

	ic, _, err := NewImanConover(lhs, tc.pairs)
	if err != nil {
		t.Fatal(err)
	}
	d := ic.Dims()
	got := make([]float64, n*d)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for at := w * chunk; at < n; at += workers * chunk {
				if err := ic.Fill(int64(at), chunk, got[at*d:(at+chunk)*d]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			t.Fatalf("draw %d dim %d differs between concurrent and sequential fills", i/d, i%d)
		}
	}
}
