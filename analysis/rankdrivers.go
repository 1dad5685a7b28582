package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// A DriverRow holds one input's rank correlations with each output of a
// [DriverTable].
type DriverRow struct {
	Name     string
	Group    string
	Spearman []float64 // Spearman's coefficient with each output
	PRCC     []float64 // partial rank correlation with each output
}

// A DriverTable lists the rank correlation (Spearman) and partial rank
// correlation (PRCC) of every input of a run with some of its outputs.
type DriverTable struct {
	Outputs []string
	Draws   int
	Rows    []DriverRow
	// PRCCError, when not nil, says why the PRCC column could not be
	// computed (every PRCC is then NaN).
	PRCCError error
}

// Top returns up to k rows ordered by |PRCC| with output o, largest first,
// or by |Spearman| when byPRCC is false or the PRCC is unavailable; ties in
// name order, NaN values last.
func (d *DriverTable) Top(o, k int, byPRCC bool) []DriverRow {
	key := func(r DriverRow) float64 {
		v := r.Spearman[o]
		if byPRCC && d.PRCCError == nil {
			v = r.PRCC[o]
		}
		if math.IsNaN(v) {
			return -1
		}
		return math.Abs(v)
	}
	rows := slices.Clone(d.Rows)
	slices.SortStableFunc(rows, func(a, b DriverRow) int {
		if c := cmp.Compare(key(b), key(a)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return rows[:min(k, len(rows))]
}

// DrawStats collects, one input column at a time, what the rank-correlation
// table ([DriverTable]) and the tail table ([TailTable]) of a run need, so
// that a caller can stream the columns of a large run from disk. It keeps
// each column's ranks as float32 (4 bytes per value; exact for up to 2^23
// draws) and nothing else of it, so n draws of k inputs cost about 4nk bytes.
//
// Values must not be NaN (inputs are never missing; outputs take the horizon
// for a missing year); a NaN would be ranked below every number.
type DrawStats struct {
	outputs []string
	n       int
	names   []string
	ranks   [][]float32 // inputs, in order of Add, then outputs
	tails   []Tail
	tt      TailTable
	sorted  []float64 // scratch: one column in ascending order
	buf     []float64 // scratch for the tail shifts
	order   []rankItem
}

type rankItem struct {
	v float64
	i int
}

// NewDrawStats starts the statistics of n draws whose outputs ys[o] are named
// outputs[o] and whose tails are given. It panics if the lengths disagree.
func NewDrawStats(outputs []string, ys [][]float64, tails []Tail) *DrawStats {
	if len(ys) != len(outputs) || len(ys) == 0 {
		panic("analysis: draw statistics need one column per output")
	}
	n := len(ys[0])
	s := &DrawStats{outputs: outputs, n: n, tails: tails}
	for _, y := range ys {
		if len(y) != n {
			panic("analysis: draw statistics columns differ in length")
		}
		r, _ := s.rank(y)
		s.ranks = append(s.ranks, r)
	}
	s.tt = TailTable{Draws: n}
	for _, t := range tails {
		if len(t.In) != n {
			panic("analysis: tail differs in length from the draws")
		}
		s.tt.Tails = append(s.tt.Tails, t.Name)
		s.tt.Counts = append(s.tt.Counts, t.Count())
	}
	return s
}

// Add records input column x, which must have one value per draw. It
// panics otherwise.
func (s *DrawStats) Add(name string, x []float64) {
	if len(x) != s.n {
		panic("analysis: input column differs in length from the draws")
	}
	r, sorted := s.rank(x)
	no := len(s.outputs)
	s.ranks = slices.Insert(s.ranks, len(s.ranks)-no, r)
	s.names = append(s.names, name)
	var shifts []float64
	shifts, s.buf = tailShifts(x, sorted, s.tails, s.buf)
	s.tt.Rows = append(s.tt.Rows, TailRow{Name: name, Group: GroupOf(name), Shift: shifts})
}

// rank returns the ranks of x from 1, ties sharing the mean of their ranks,
// and x's values in ascending order (in scratch space valid until the next
// call).
func (s *DrawStats) rank(x []float64) ([]float32, []float64) {
	s.order = s.order[:0]
	for i, v := range x {
		s.order = append(s.order, rankItem{v, i})
	}
	slices.SortFunc(s.order, func(a, b rankItem) int { return cmp.Compare(a.v, b.v) })
	r := make([]float32, len(x))
	for lo := 0; lo < len(s.order); {
		hi := lo + 1
		for hi < len(s.order) && s.order[hi].v == s.order[lo].v {
			hi++
		}
		mid := float32(lo+1+hi) / 2
		for _, it := range s.order[lo:hi] {
			r[it.i] = mid
		}
		lo = hi
	}
	s.sorted = s.sorted[:0]
	for _, it := range s.order {
		s.sorted = append(s.sorted, it.v)
	}
	return r, s.sorted
}

// Tails returns the tail table of the inputs added so far.
func (s *DrawStats) Tails() *TailTable {
	tt := s.tt
	tt.Rows = slices.Clone(s.tt.Rows)
	return &tt
}

// Drivers returns the rank correlations of every input added so far with
// every output.
//
// Both coefficients come from the matrix C of correlations between the
// ranks of all inputs and outputs, accumulated in one pass over the draws.
// Spearman's coefficient of input j and output y is C[j][y]. The PRCC of
// input j with output y, controlling for the other inputs (but not the other
// outputs), is the partial correlation read off the inverse P of C restricted
// to the inputs and y:
//
//	PRCC_j = −P[j][y] / sqrt(P[j][j] · P[y][y]),
//
// which equals the correlation of the residuals of the rank regressions that
// [PRCC] computes, at a cost of order n·k² + k³ instead of n·k³ for k inputs
// (Whittaker 1990, Graphical Models in Applied Multivariate Statistics,
// section 5.7). Inputs whose ranks are constant get NaN and are left out of
// the others' conditioning set. If the remaining rank correlation matrix is
// singular, or there are too few draws (fewer than inputs + 2), every PRCC is
// NaN and PRCCError says why.
func (s *DrawStats) Drivers() *DriverTable {
	k, no := len(s.names), len(s.outputs)
	d := &DriverTable{Outputs: s.outputs, Draws: s.n, Rows: make([]DriverRow, k)}
	for j, name := range s.names {
		d.Rows[j] = DriverRow{Name: name, Group: GroupOf(name), Spearman: nanSlice(no),
			PRCC: nanSlice(no)}
	}
	if s.n < 2 {
		d.PRCCError = fmt.Errorf("analysis: rank correlations need at least 2 draws, got %d", s.n)
		return d
	}
	c := s.rankCorrelation()

	// Spearman: the correlation of ranks, NaN for a constant column.
	for j := range k {
		for o := range no {
			d.Rows[j].Spearman[o] = c.At(j, k+o)
		}
	}

	// PRCC from the inverse of the correlation of the varying inputs and
	// one output at a time.
	var vary []int
	for j := range k {
		if !math.IsNaN(c.At(j, j)) {
			vary = append(vary, j)
		}
	}
	if s.n < len(vary)+2 {
		d.PRCCError = fmt.Errorf("analysis: prcc of %d inputs needs at least %d draws, got %d",
			len(vary), len(vary)+2, s.n)
		return d
	}
	m := len(vary) + 1
	sub := mat.NewSymDense(m, nil)
	var chol mat.Cholesky
	var inv mat.SymDense
	for o := range no {
		y := k + o
		if math.IsNaN(c.At(y, y)) {
			continue // a constant output has no correlations
		}
		idx := append(slices.Clone(vary), y)
		for a := range m {
			for b := a; b < m; b++ {
				sub.SetSym(a, b, c.At(idx[a], idx[b]))
			}
		}
		if ok := chol.Factorize(sub); !ok {
			d.PRCCError = fmt.Errorf("analysis: prcc for %s: the inputs' ranks are collinear",
				s.outputs[o])
			for j := range k {
				d.Rows[j].PRCC = nanSlice(no)
			}
			return d
		}
		if err := chol.InverseTo(&inv); err != nil {
			d.PRCCError = fmt.Errorf("analysis: prcc for %s: %w", s.outputs[o], err)
			for j := range k {
				d.Rows[j].PRCC = nanSlice(no)
			}
			return d
		}
		py := inv.At(m-1, m-1)
		for a, j := range vary {
			d.Rows[j].PRCC[o] = -inv.At(a, m-1) / math.Sqrt(inv.At(a, a)*py)
		}
	}
	return d
}

// rankCorrelation returns the correlation matrix of the centred rank columns,
// with NaN on the row and column of a constant one.
func (s *DrawStats) rankCorrelation() *mat.SymDense {
	m := len(s.ranks)
	centre := float64(s.n+1) / 2

	// Accumulate the cross products of centred ranks in blocks of rows.
	const block = 512
	g := mat.NewSymDense(m, nil)
	z := mat.NewDense(block, m, nil)
	for lo := 0; lo < s.n; lo += block {
		rows := min(block, s.n-lo)
		zb := z.Slice(0, rows, 0, m).(*mat.Dense)
		for j, col := range s.ranks {
			for r := range rows {
				zb.Set(r, j, float64(col[lo+r])-centre)
			}
		}
		g.SymRankK(g, 1, zb.T())
	}

	c := mat.NewSymDense(m, nil)
	for a := range m {
		for b := a; b < m; b++ {
			den := math.Sqrt(g.At(a, a) * g.At(b, b))
			v := math.NaN()
			if den > 0 {
				v = g.At(a, b) / den
			}
			c.SetSym(a, b, v)
		}
	}
	return c
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
