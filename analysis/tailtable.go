package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Tails of a run that the report analyses.
const (
	// TailCampusWins holds the draws in which the campus is ready and the
	// federation is not ready before it.
	TailCampusWins = "campus wins"
	// TailFedAfter2030 holds the draws in which the federation is not ready
	// by the end of 2030 (fed_year >= 2031.0, a missing year counting as the
	// horizon).
	TailFedAfter2030 = "federation after 2030"
)

// A Tail is a set of draws singled out for tail analysis: In[i] reports
// whether draw i belongs to it.
type Tail struct {
	Name string
	In   []bool
}

// Count returns the number of draws in the tail.
func (t Tail) Count() int {
	n := 0
	for _, in := range t.In {
		if in {
			n++
		}
	}
	return n
}

// RunTails returns the tails [TailCampusWins] and [TailFedAfter2030] of a
// run's outcomes.
func RunTails(o *Outcomes) []Tail {
	n := len(o.FedYear)
	wins, late := make([]bool, n), make([]bool, n)
	for i := range n {
		f, c := o.FedYear[i], o.CampusYear[i]
		wins[i] = !math.IsNaN(c) && (math.IsNaN(f) || c < f)
		late[i] = math.IsNaN(f) || f >= 2031
	}
	return []Tail{{Name: TailCampusWins, In: wins}, {Name: TailFedAfter2030, In: late}}
}

// A TailRow is one input's standardised median shift in each tail (see
// [MedianShift]): how many robust standard deviations the input's median in
// the tail's draws lies from its median over all draws.
type TailRow struct {
	Name  string
	Group string
	Shift []float64 // one per tail; NaN for an empty tail or a yes/no input
}

// A TailTable lists, for each tail of a run, how far each input's median in
// the tail sits from its overall median.
type TailTable struct {
	Tails  []string // tail names
	Counts []int    // draws in each tail
	Draws  int      // draws in the run
	Rows   []TailRow
}

// Top returns up to k rows ordered by |Shift[t]|, largest first (ties in
// name order), leaving out rows whose shift is NaN.
func (tt *TailTable) Top(t, k int) []TailRow {
	var rows []TailRow
	for _, r := range tt.Rows {
		if !math.IsNaN(r.Shift[t]) {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b TailRow) int {
		if c := cmp.Compare(math.Abs(b.Shift[t]), math.Abs(a.Shift[t])); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return rows[:min(k, len(rows))]
}

// TailNoise returns the standard deviation of the median shift of an input
// that is independent of a tail of m draws, for a normal input and many
// draws: the median of m draws has standard deviation sqrt(π/2)/sqrt(m)
// standard deviations, about 1.2533/sqrt(m).
//
// Reference: the asymptotic variance of the sample median, 1/(4 m f(μ)²)
// with f(μ) = 1/(σ sqrt(2π)); e.g. A. W. van der Vaart (1998), Asymptotic
// Statistics, Corollary 21.5.
func TailNoise(m int) float64 { return math.Sqrt(math.Pi/2) / math.Sqrt(float64(m)) }

// tailShifts returns the median shift of x in each tail, given x's values
// in ascending order; it computes [MedianShift] without sorting x again.
// An input with at most two distinct values (a yes/no input) gets NaN: its
// median only jumps between the two. buf is scratch space of any length;
// the grown buffer is returned.
func tailShifts(x, sorted []float64, tails []Tail, buf []float64) ([]float64, []float64) {
	iqr := Quantile7(sorted, 0.75) - Quantile7(sorted, 0.25)
	med := Quantile7(sorted, 0.5)
	shifts := make([]float64, len(tails))
	if twoValued(sorted) {
		for t := range shifts {
			shifts[t] = math.NaN()
		}
		return shifts, buf
	}
	for t, tl := range tails {
		buf = buf[:0]
		for i, v := range x {
			if tl.In[i] && !math.IsNaN(v) {
				buf = append(buf, v)
			}
		}
		if len(buf) == 0 || iqr == 0 {
			shifts[t] = math.NaN()
			continue
		}
		slices.Sort(buf)
		shifts[t] = (Quantile7(buf, 0.5) - med) / (iqr / 1.349)
	}
	return shifts, buf
}

// twoValued reports whether the sorted values take at most two distinct
// values.
func twoValued(sorted []float64) bool {
	if len(sorted) == 0 {
		return true
	}
	lo, hi := sorted[0], sorted[len(sorted)-1]
	for _, v := range sorted {
		if v != lo && v != hi {
			return false
		}
	}
	return true
}
