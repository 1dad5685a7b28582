package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// MinBaseSamples is the smallest base sample size N that [NewSaltelliPlan]
// accepts. The estimators' standard errors are about c/sqrt(N) with c near 1
// for the usual test functions (about 1.0 for S1 of Ishigami), so at N = 64
// they are already near 0.12: a smaller design cannot tell an index of 0.1
// from 0, and its percentile bootstrap has too few distinct rows to resample.
// Thousands of base rows are needed for indices good to about 0.01.
const MinBaseSamples = 64

// ErrTooFewSamples reports a Saltelli design whose base sample size is below
// [MinBaseSamples].
var ErrTooFewSamples = errors.New("analysis: too few base samples for Sobol' indices")

// A SaltelliPlan describes the model evaluations behind the variance-based
// sensitivity indices of K groups of inputs. Build one with [NewSaltelliPlan];
// its fields must not be changed afterwards.
//
// The inputs are D uniform columns, mapped to the parameters by the caller.
// Draw N rows of a 2D-dimensional design and split it into two independent
// N×D matrices: A (the first D columns) and B (the last D). Then evaluate the
// model on the rows of
//
//	A, B, and AB_i = A with the columns of group i taken from B, i = 1..K,
//
// N(K+2) evaluations in all ([SaltelliPlan.Evaluations]), and pass the outputs
// fA, fB and fAB[i] to [SaltelliIndices] or [SaltelliBootstrap].
//
// A group's indices measure the joint effect of its columns: the first-order
// index counts the variance explained by the group alone, the total index adds
// every interaction with other groups. Columns in no group still vary between
// A and B but get no index of their own.
type SaltelliPlan struct {
	N      int     // base sample size: rows of A and B
	D      int     // uniform columns of A and B
	Groups [][]int // columns of each group, in [0, D)
}

// NewSaltelliPlan checks a Saltelli design of n base rows over d uniform
// columns, grouped by groups, and returns it. A nil groups puts each column in
// a group of its own. Groups must be non-empty and must not share a column.
// If n < [MinBaseSamples] the error wraps [ErrTooFewSamples].
func NewSaltelliPlan(n, d int, groups [][]int) (*SaltelliPlan, error) {
	if n < MinBaseSamples {
		return nil, fmt.Errorf("%w: N = %d, need at least %d", ErrTooFewSamples, n, MinBaseSamples)
	}
	if d < 1 {
		return nil, fmt.Errorf("analysis: saltelli plan needs at least one column, got %d", d)
	}
	if groups == nil {
		groups = make([][]int, d)
		for c := range d {
			groups[c] = []int{c}
		}
	}

	// Copy the groups so that the caller's slices can change freely.
	owner := make([]int, d)
	for c := range owner {
		owner[c] = -1
	}
	pl := &SaltelliPlan{N: n, D: d, Groups: make([][]int, len(groups))}
	for i, g := range groups {
		if len(g) == 0 {
			return nil, fmt.Errorf("analysis: saltelli group %d is empty", i)
		}
		for _, c := range g {
			if c < 0 || c >= d {
				return nil, fmt.Errorf("analysis: saltelli group %d: column %d outside [0, %d)",
					i, c, d)
			}
			if owner[c] >= 0 {
				return nil, fmt.Errorf("analysis: column %d is in saltelli groups %d and %d",
					c, owner[c], i)
			}
			owner[c] = i
		}
		pl.Groups[i] = slices.Clone(g)
	}
	return pl, nil
}

// K returns the number of groups.
func (pl *SaltelliPlan) K() int { return len(pl.Groups) }

// Evaluations returns N(K+2), the number of model evaluations the plan needs.
func (pl *SaltelliPlan) Evaluations() int { return pl.N * (len(pl.Groups) + 2) }

// AB fills dst with the matrix AB_i of group i, counting from 0. It panics if
// A is not N×D; see [ABMatrix] for the other conditions.
func (pl *SaltelliPlan) AB(i int, A, B, dst *mat.Dense) {
	if r, c := A.Dims(); r != pl.N || c != pl.D {
		panic("analysis: base matrix is not N×D for this saltelli plan")
	}
	ABMatrix(A, B, pl.Groups[i], dst)
}

// ABMatrix writes into dst the matrix A with the columns listed in groupCols
// replaced by those of B: dst[r][c] = B[r][c] if c is in groupCols, A[r][c]
// otherwise. A, B and dst must have the same shape, and dst must not share
// storage with A or B; ABMatrix panics otherwise or if a column is out of range.
// Reusing one dst for every group keeps the memory of a plan at three N×D
// matrices.
func ABMatrix(A, B *mat.Dense, groupCols []int, dst *mat.Dense) {
	n, d := A.Dims()
	if br, bc := B.Dims(); br != n || bc != d {
		panic("analysis: saltelli matrices A and B differ in shape")
	}
	if dr, dc := dst.Dims(); dr != n || dc != d {
		panic("analysis: saltelli destination differs in shape from A")
	}
	for _, c := range groupCols {
		if c < 0 || c >= d {
			panic("analysis: saltelli group column out of range")
		}
	}
	dst.Copy(A)
	for r := range n {
		to, from := dst.RawRowView(r), B.RawRowView(r)
		for _, c := range groupCols {
			to[c] = from[c]
		}
	}
}

// SaltelliIndices returns the first-order indices S and total indices ST of the
// K groups of a Saltelli design (see [SaltelliPlan]) from the model outputs
// on A, B and each AB_i. With V the variance of the 2N outputs fA and fB
// together (divisor 2N),
//
//	S_i  = (1/N) Σ_r fB_r (fAB_i,r - fA_r) / V          Saltelli et al. (2010)
//	ST_i = (1/(2N)) Σ_r (fA_r - fAB_i,r)² / V           Jansen (1999)
//
// The first formula is applied to outputs less their mean over fA and fB, as
// SALib does. Indices do not change when a constant is added to the model, and
// centring removes the noise that a large mean would add to S_i.
//
// Estimates are noisy: S_i may come out slightly negative, or above ST_i, when
// the true values are close. The results are NaN if V is 0. SaltelliIndices
// panics unless fB and every fAB[i] have the length of fA, at least 2.
//
// References: A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto and
// S. Tarantola (2010), Variance based sensitivity analysis of model output:
// design and estimator for the total sensitivity index, Computer Physics
// Communications 181(2), 259-270, table 2 (b) and (f); M. J. W. Jansen (1999),
// Analysis of variance designs for model output, Computer Physics
// Communications 117(1-2), 35-43.
func SaltelliIndices(fA, fB []float64, fAB [][]float64) (S, ST []float64) {
	checkSaltelli(fA, fB, fAB)
	rows := make([]int, len(fA))
	for r := range rows {
		rows[r] = r
	}
	S = make([]float64, len(fAB))
	ST = make([]float64, len(fAB))
	saltelliInto(S, ST, fA, fB, fAB, rows)
	return S, ST
}

func checkSaltelli(fA, fB []float64, fAB [][]float64) {
	n := len(fA)
	if n < 2 {
		panic("analysis: saltelli outputs need at least 2 rows")
	}
	if len(fB) != n {
		panic("analysis: saltelli outputs fA and fB differ in length")
	}
	for _, f := range fAB {
		if len(f) != n {
			panic("analysis: saltelli outputs fA and fAB differ in length")
		}
	}
}

// saltelliInto writes into S and ST the estimates of [SaltelliIndices] over
// the listed rows, which may repeat.
func saltelliInto(S, ST, fA, fB []float64, fAB [][]float64, rows []int) {
	var sum float64
	for _, r := range rows {
		sum += fA[r] + fB[r]
	}
	n := float64(len(rows))
	mean := sum / (2 * n)

	var ss float64
	for _, r := range rows {
		a, b := fA[r]-mean, fB[r]-mean
		ss += a*a + b*b
	}
	v := ss / (2 * n)

	for i, fi := range fAB {
		var s, st float64
		for _, r := range rows {
			d := fi[r] - fA[r]
			s += (fB[r] - mean) * d
			st += d * d
		}
		S[i] = s / (n * v)
		ST[i] = st / (2 * n * v)
	}
}

// An Estimate is a point estimate with its bootstrap standard error and
// percentile confidence interval.
type Estimate struct {
	Value  float64 // estimate from the full sample
	SE     float64 // standard deviation of the bootstrap replicates
	Lo, Hi float64 // percentile bootstrap interval
}

// Indices holds Sobol' indices with bootstrap uncertainty, one entry per group.
type Indices struct {
	First     []Estimate // first-order indices S_i
	Total     []Estimate // total indices ST_i
	Conf      float64    // confidence level of every Lo, Hi interval
	Resamples int        // bootstrap replicates behind SE, Lo and Hi
}

// SaltelliBootstrap returns the indices of [SaltelliIndices] with bootstrap
// standard errors and percentile intervals. Each of the resamples replicates
// draws N rows with replacement and recomputes every index from those rows of
// fA, fB and all fAB[i] together, which keeps the pairing between them. With
// replicates θ*_1..θ*_R of an index,
//
//	SE = sd(θ*) (divisor R-1),  [Lo, Hi] = [Q((1-conf)/2), Q((1+conf)/2)]
//
// where Q is the [Quantile7] quantile of the replicates. Between 200 and 1000
// resamples is usual. The intervals describe Monte Carlo error only, for the
// model and input distributions as given.
//
// The result depends only on the arguments and the state of rng, which is
// advanced. SaltelliBootstrap panics on the conditions of [SaltelliIndices],
// if resamples < 2, or unless 0 < conf < 1.
//
// Reference: B. Efron and R. J. Tibshirani (1993), An Introduction to the
// Bootstrap, chapters 6 and 13.
func SaltelliBootstrap(fA, fB []float64, fAB [][]float64, resamples int, rng *rand.Rand,
	conf float64) Indices {
	checkSaltelli(fA, fB, fAB)
	if resamples < 2 {
		panic("analysis: bootstrap needs at least 2 resamples")
	}
	if !(conf > 0 && conf < 1) {
		panic("analysis: bootstrap confidence level outside (0, 1)")
	}
	n, k := len(fA), len(fAB)
	S, ST := SaltelliIndices(fA, fB, fAB)

	// Replicates, stored index-major: rS[i*resamples+b] is S_i of replicate b.
	rS := make([]float64, k*resamples)
	rST := make([]float64, k*resamples)
	rows := make([]int, n)
	s, st := make([]float64, k), make([]float64, k)
	for b := range resamples {
		for r := range rows {
			rows[r] = rng.IntN(n)
		}
		saltelliInto(s, st, fA, fB, fAB, rows)
		for i := range k {
			rS[i*resamples+b] = s[i]
			rST[i*resamples+b] = st[i]
		}
	}

	ind := Indices{
		First:     make([]Estimate, k),
		Total:     make([]Estimate, k),
		Conf:      conf,
		Resamples: resamples,
	}
	for i := range k {
		ind.First[i] = bootEstimate(S[i], rS[i*resamples:(i+1)*resamples], conf)
		ind.Total[i] = bootEstimate(ST[i], rST[i*resamples:(i+1)*resamples], conf)
	}
	return ind
}

// bootEstimate summarises the replicates of one index; it sorts them in place.
func bootEstimate(value float64, reps []float64, conf float64) Estimate {
	e := Estimate{Value: value, SE: stat.StdDev(reps, nil)}
	if slices.ContainsFunc(reps, math.IsNaN) {
		e.Lo, e.Hi = math.NaN(), math.NaN()
		return e
	}
	slices.Sort(reps)
	e.Lo = Quantile7(reps, (1-conf)/2)
	e.Hi = Quantile7(reps, (1+conf)/2)
	return e
}
