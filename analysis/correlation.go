package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Spearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their ranks, with tied values given the average of the ranks
// they span,
//
//	rho_s = Σ (R_i - R̄)(S_i - S̄) / sqrt(Σ (R_i - R̄)² Σ (S_i - S̄)²).
//
// It is 1 when y is a strictly increasing function of x. For a bivariate
// normal pair with correlation rho it tends to (6/π) asin(rho/2).
//
// Pairs in which either value is NaN are missing draws and are dropped. The
// result is NaN if fewer than two pairs remain or either variable is constant
// over them. Spearman panics if x and y differ in length.
//
// References: C. Spearman (1904), The proof and measurement of association
// between two things, American Journal of Psychology 15(1), 72-101; for ties,
// M. G. Kendall (1970), Rank Correlation Methods, 4th ed., chapter 3.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("analysis: spearman samples differ in length")
	}
	keep := completeRows([][]float64{x}, y)
	if len(keep) < 2 {
		return math.NaN()
	}
	return stat.Correlation(ranks(x, keep), ranks(y, keep), nil)
}

// completeRows returns the indices of the rows in which no column of X and
// not y is NaN.
func completeRows(X [][]float64, y []float64) []int {
	keep := make([]int, 0, len(y))
rows:
	for r, v := range y {
		if math.IsNaN(v) {
			continue
		}
		for _, col := range X {
			if math.IsNaN(col[r]) {
				continue rows
			}
		}
		keep = append(keep, r)
	}
	return keep
}

// ranks returns the ranks, from 1, of x at the rows listed in keep, in that
// order. Tied values share the mean of the ranks they occupy.
func ranks(x []float64, keep []int) []float64 {
	type item struct {
		v float64
		i int // position in keep
	}
	items := make([]item, len(keep))
	for i, r := range keep {
		items[i] = item{x[r], i}
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.v, b.v) })

	rk := make([]float64, len(keep))
	for lo := 0; lo < len(items); {
		hi := lo + 1
		for hi < len(items) && items[hi].v == items[lo].v {
			hi++
		}
		// Positions lo..hi-1 hold ranks lo+1..hi, whose mean is (lo+1+hi)/2.
		mid := float64(lo+1+hi) / 2
		for _, it := range items[lo:hi] {
			rk[it.i] = mid
		}
		lo = hi
	}
	return rk
}

// PRCC returns the partial rank correlation coefficient of each input column
// X[j] with the output y: the correlation between y and X[j] that remains
// once the linear effect of the other inputs is removed, all on ranks. With
// every variable replaced by its ranks (ties averaged),
//
//	e_x = residual of the least-squares fit of X[j] on 1 and X[m], m != j
//	e_y = residual of the least-squares fit of y on the same columns
//	PRCC_j = corr(e_x, e_y)
//
// The fits use a QR factorisation. PRCC measures monotone association and,
// unlike Spearman's coefficient, does not credit an input with the effect of
// another input it is correlated with.
//
// Rows in which y or any X[j] is NaN are missing draws and are dropped. PRCC
// returns an error if X is empty, if a column differs in length from y, if
// fewer than len(X)+2 complete rows remain, or if the ranked columns are
// collinear (for example a constant input, or one that is a monotone function
// of another). If y is constant every coefficient is NaN. The cost is of order
// len(X)³ · len(y).
//
// Reference: S. Marino, I. B. Hogue, C. J. Ray and D. E. Kirschner (2008), A
// methodology for performing global uncertainty and sensitivity analysis in
// systems biology, Journal of Theoretical Biology 254(1), 178-196.
func PRCC(X [][]float64, y []float64) ([]float64, error) {
	k := len(X)
	if k == 0 {
		return nil, errors.New("analysis: prcc needs at least one input column")
	}
	for j, col := range X {
		if len(col) != len(y) {
			return nil, fmt.Errorf("analysis: prcc input %d has %d values, output has %d",
				j, len(col), len(y))
		}
	}
	keep := completeRows(X, y)
	n := len(keep)
	if n < k+2 {
		return nil, fmt.Errorf("analysis: prcc of %d inputs needs at least %d complete rows, got %d",
			k, k+2, n)
	}

	// Centred ranks, so that the intercept is orthogonal to every column and
	// the fits stay well conditioned whatever n is.
	centre := func(r []float64) []float64 {
		for i := range r {
			r[i] -= float64(n+1) / 2
		}
		return r
	}
	rx := make([][]float64, k)
	for j, col := range X {
		rx[j] = centre(ranks(col, keep))
	}
	ry := centre(ranks(y, keep))

	// For each input, regress its ranks and those of y on the other inputs.
	z := mat.NewDense(n, k, nil)
	t := mat.NewDense(n, 2, nil)
	beta := mat.NewDense(k, 2, nil)
	fit := mat.NewDense(n, 2, nil)
	var qr mat.QR
	out := make([]float64, k)
	for j := range k {
		for r := range n {
			z.Set(r, 0, 1)
			for m, c := 0, 1; m < k; m++ {
				if m != j {
					z.Set(r, c, rx[m][r])
					c++
				}
			}
			t.Set(r, 0, rx[j][r])
			t.Set(r, 1, ry[r])
		}
		qr.Factorize(z)
		if err := qr.SolveTo(beta, false, t); err != nil {
			return nil, fmt.Errorf("analysis: prcc input %d: other inputs constant or collinear: %w",
				j, err)
		}
		fit.Mul(z, beta)
		fit.Sub(t, fit)
		ex, ey := mat.Col(nil, 0, fit), mat.Col(nil, 1, fit)
		if nearZero(ex) {
			return nil, fmt.Errorf("analysis: prcc input %d: its ranks are a linear function of the others",
				j)
		}
		out[j] = stat.Correlation(ex, ey, nil)
	}
	return out, nil
}

// nearZero reports whether every element of x is zero up to rounding, for
// values on the scale of centred ranks of len(x) rows.
func nearZero(x []float64) bool {
	tol := 1e-9 * float64(len(x))
	for _, v := range x {
		if math.Abs(v) > tol {
			return false
		}
	}
	return true
}
