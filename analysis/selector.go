package analysis

import (
	"math"
	"slices"
)

// selectorBins is the number of histogram bins of a Selector. The second
// pass keeps only the values of the few bins that hold the wanted order
// statistics, about 2·len(ps)·n/selectorBins values for smooth data.
const selectorBins = 1 << 16

// Selector computes exact Hyndman–Fan type 7 quantiles ([Quantile7]) of a
// stream of values in two passes and bounded memory, so that a summary of
// hundreds of millions of draws does not need them all in memory at once.
//
// Pass one counts the values in a fine histogram over [Lo, Hi] (values
// outside go to the end bins; NaN is skipped as missing). Prepare then finds
// the bins that hold the order statistics each quantile interpolates between.
// Pass two, over the same values in any order, keeps only the values of those
// bins, which are sorted to read the order statistics exactly. The result
// equals Quantiles of the whole slice bit for bit.
type Selector struct {
	ps       []float64
	lo, hi   float64
	counts   []int64
	n        int64
	sum      float64
	prepared bool
	// after Prepare: the bins to keep, with the number of values before each
	want map[int]int64
	kept map[int][]float64
}

// NewSelector returns a Selector for the probabilities ps, with its histogram
// over [lo, hi] (lo < hi; values outside are still handled exactly).
func NewSelector(ps []float64, lo, hi float64) *Selector {
	return &Selector{ps: ps, lo: lo, hi: hi, counts: make([]int64, selectorBins)}
}

func (s *Selector) bin(x float64) int {
	b := int((x - s.lo) / (s.hi - s.lo) * selectorBins)
	return min(max(b, 0), selectorBins-1)
}

// Observe1 counts x in the first pass.
func (s *Selector) Observe1(x float64) {
	if math.IsNaN(x) {
		return
	}
	s.counts[s.bin(x)]++
	s.n++
	s.sum += x
}

// Prepare ends the first pass.
func (s *Selector) Prepare() {
	s.prepared = true
	s.want = map[int]int64{}
	s.kept = map[int][]float64{}
	if s.n == 0 {
		return
	}
	for _, p := range s.ps {
		h := float64(s.n-1) * p
		j := int64(h)
		for _, r := range []int64{j, min(j+1, s.n-1)} {
			var before int64
			for b, c := range s.counts {
				if r < before+c {
					s.want[b] = before
					break
				}
				before += c
			}
		}
	}
}

// Observe2 offers x again in the second pass.
func (s *Selector) Observe2(x float64) {
	if math.IsNaN(x) {
		return
	}
	if b := s.bin(x); s.wanted(b) {
		s.kept[b] = append(s.kept[b], x)
	}
}

func (s *Selector) wanted(b int) bool { _, ok := s.want[b]; return ok }

// orderStat returns the r-th smallest value (0-based) after the second pass.
func (s *Selector) orderStat(r int64) float64 {
	var before int64
	for b, c := range s.counts {
		if r < before+c {
			v := s.kept[b]
			return v[r-before]
		}
		before += c
	}
	return math.NaN()
}

// Quantiles returns the quantiles at ps after the second pass, NaN when no
// value was observed.
func (s *Selector) Quantiles() []float64 {
	for _, v := range s.kept {
		slices.Sort(v)
	}
	q := make([]float64, len(s.ps))
	for i, p := range s.ps {
		if s.n == 0 {
			q[i] = math.NaN()
			continue
		}
		h := float64(s.n-1) * p
		j := int64(h)
		lo := s.orderStat(j)
		if j >= s.n-1 {
			q[i] = lo
			continue
		}
		q[i] = lo + (h-float64(j))*(s.orderStat(j+1)-lo)
	}
	return q
}

// Count returns the number of values observed (NaN excluded).
func (s *Selector) Count() int64 { return s.n }

// Mean returns the mean of the observed values, NaN when there are none.
func (s *Selector) Mean() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.sum / float64(s.n)
}
