package sampler

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

var (
	// ErrUnknownParameter is returned for a correlation naming a parameter
	// that is not among the sampler's names.
	ErrUnknownParameter = errors.New("sampler: unknown parameter")
	// ErrCorrelationRange is returned for a rank correlation outside
	// [-1, 1], or one that is not a number.
	ErrCorrelationRange = errors.New("sampler: rank correlation outside [-1, 1]")
)

// A Correlation asks for rank correlation Rho between parameters A and B.
type Correlation struct {
	A, B string
	// Rho is Spearman's rank correlation, in [-1, 1].
	Rho float64
}

// Repair reports how far CorrelationMatrix moved a requested matrix that was
// not positive definite. The zero value means nothing was changed.
type Repair struct {
	// Repaired reports whether the matrix was changed.
	Repaired bool
	// Distance is the Frobenius norm of the change, on the Pearson scale of
	// the Gaussian copula.
	Distance float64
	// MaxRankChange is the largest change of one entry, in rank correlation.
	MaxRankChange float64
	// Iterations is the number of alternating projections made.
	Iterations int
}

// Parameters of the nearest-correlation-matrix repair.
const (
	// repairMinEigen is the smallest eigenvalue of a repaired matrix; it
	// keeps the Cholesky factor well defined.
	repairMinEigen = 1e-6
	repairTol      = 1e-12
	repairMaxIter  = 10000
)

// SpearmanToPearson returns the correlation ρ of a bivariate normal whose
// rank correlation is rs: ρ = 2 sin(π rs / 6) (Pearson 1907; Kruskal 1958).
func SpearmanToPearson(rs float64) float64 { return 2 * math.Sin(math.Pi*rs/6) }

// PearsonToSpearman is the inverse of SpearmanToPearson:
// rs = (6/π) asin(ρ/2).
func PearsonToSpearman(rho float64) float64 { return 6 / math.Pi * math.Asin(rho/2) }

// CorrelationMatrix returns the correlation matrix of the Gaussian copula
// that gives the requested rank correlations between names: entry (i, j) is
// SpearmanToPearson of the pair's Rho, 0 for pairs not listed, 1 on the
// diagonal.
//
// It returns an error wrapping ErrUnknownParameter for a name not in names,
// ErrCorrelationRange for |Rho| > 1, and an error for a parameter paired with
// itself or a pair given twice with different values.
//
// A matrix that is not positive definite (the Cholesky factorisation fails)
// is replaced by the nearest correlation matrix in the Frobenius norm whose
// eigenvalues are at least 1e-6, found by Higham's alternating projections
// with Dykstra's correction (Higham 2002, "Computing the nearest correlation
// matrix", IMA J. Numer. Anal. 22, 329–343). Repair says by how much; the
// caller decides whether to warn.
func CorrelationMatrix(names []string, pairs []Correlation) (*mat.SymDense, Repair, error) {
	if err := checkNames(names); err != nil {
		return nil, Repair{}, err
	}
	index := make(map[string]int, len(names))
	for i, name := range names {
		index[name] = i
	}

	n := len(names)
	if n == 0 {
		return nil, Repair{}, errors.New("sampler: correlation matrix of no parameters")
	}
	c := mat.NewSymDense(n, nil)
	set := make(map[[2]int]float64, len(pairs))
	for i := range n {
		c.SetSym(i, i, 1)
	}
	for _, p := range pairs {
		i, j, err := pairIndex(index, p)
		if err != nil {
			return nil, Repair{}, err
		}
		key := [2]int{min(i, j), max(i, j)}
		if old, ok := set[key]; ok && old != p.Rho {
			return nil, Repair{}, fmt.Errorf("sampler: correlation of %q and %q given twice: %g and %g",
				p.A, p.B, old, p.Rho)
		}
		set[key] = p.Rho
		c.SetSym(i, j, SpearmanToPearson(p.Rho))
	}

	var chol mat.Cholesky
	if chol.Factorize(c) {
		return c, Repair{}, nil
	}
	fixed, iter := nearestCorrelation(c, repairMinEigen)
	rep := Repair{Repaired: true, Iterations: iter}
	diff := mat.NewSymDense(n, nil)
	subSym(diff, c, fixed)
	rep.Distance = mat.Norm(diff, 2)
	for i := range n {
		for j := range i {
			d := math.Abs(PearsonToSpearman(c.At(i, j)) - PearsonToSpearman(fixed.At(i, j)))
			rep.MaxRankChange = max(rep.MaxRankChange, d)
		}
	}
	return fixed, rep, nil
}

// pairIndex checks one requested correlation and returns the indices of its
// two parameters.
func pairIndex(index map[string]int, p Correlation) (i, j int, err error) {
	for _, name := range []string{p.A, p.B} {
		if _, ok := index[name]; !ok {
			return 0, 0, fmt.Errorf("%w %q in the correlation of %q and %q",
				ErrUnknownParameter, name, p.A, p.B)
		}
	}
	if p.A == p.B {
		return 0, 0, fmt.Errorf("sampler: correlation of %q with itself", p.A)
	}
	if !(math.Abs(p.Rho) <= 1) {
		return 0, 0, fmt.Errorf("%w: %g for %q and %q", ErrCorrelationRange, p.Rho, p.A, p.B)
	}
	return index[p.A], index[p.B], nil
}

// nearestCorrelation returns the correlation matrix nearest to a in the
// Frobenius norm among those with eigenvalues >= eps, and the number of
// iterations. Both sets are convex, so alternating projections with
// Dykstra's correction converge to the nearest point of their intersection
// (Higham 2002, Algorithm 3.3):
//
//	R = Y − ΔS;  X = P_S(R);  ΔS = X − R;  Y = P_U(X)
//
// where P_S clips eigenvalues below eps and P_U sets the diagonal to 1. The
// result is P_S of the last Y rescaled to a unit diagonal, which is positive
// definite even if the loop stops early.
func nearestCorrelation(a *mat.SymDense, eps float64) (*mat.SymDense, int) {
	n := a.SymmetricDim()
	y := mat.NewSymDense(n, nil)
	y.CopySym(a)
	ds := mat.NewSymDense(n, nil)
	r := mat.NewSymDense(n, nil)
	x := mat.NewSymDense(n, nil)

	iter := 0
	for iter < repairMaxIter {
		iter++
		subSym(r, y, ds)
		clipEigen(x, r, eps)
		subSym(ds, x, r)

		// Y = P_U(X), and the size of the step as the stopping rule.
		var change, size float64
		for i := range n {
			for j := i; j < n; j++ {
				v := x.At(i, j)
				if i == j {
					v = 1
				}
				d := v - y.At(i, j)
				change += d * d
				size += v * v
				y.SetSym(i, j, v)
			}
		}
		if change <= repairTol*repairTol*size {
			break
		}
	}

	clipEigen(x, y, eps)
	out := mat.NewSymDense(n, nil)
	for i := range n {
		out.SetSym(i, i, 1)
		for j := i + 1; j < n; j++ {
			out.SetSym(i, j, x.At(i, j)/math.Sqrt(x.At(i, i)*x.At(j, j)))
		}
	}
	return out, iter
}

// subSym sets dst = a − b; all three have the same size.
func subSym(dst, a, b *mat.SymDense) {
	n := a.SymmetricDim()
	for i := range n {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, a.At(i, j)-b.At(i, j))
		}
	}
}

// clipEigen sets dst to the projection of a onto the symmetric matrices whose
// eigenvalues are at least eps: a = QΛQᵀ becomes Q max(Λ, eps) Qᵀ, computed
// as BBᵀ with B = Q max(Λ, eps)^½.
func clipEigen(dst, a *mat.SymDense, eps float64) {
	var es mat.EigenSym
	if !es.Factorize(a, true) {
		panic("sampler: eigendecomposition did not converge")
	}
	vals := es.Values(nil)
	var b mat.Dense
	es.VectorsTo(&b)
	for k, l := range vals {
		s := math.Sqrt(max(l, eps))
		for i := range len(vals) {
			b.Set(i, k, b.At(i, k)*s)
		}
	}
	dst.SymOuterK(1, &b)
}

// GaussianCopula makes some dimensions of a base sampler dependent with a
// Gaussian copula: for each draw it maps their uniforms to standard normals
// with Φ⁻¹, multiplies the vector by the Cholesky factor L of the target
// correlation matrix (CorrelationMatrix), and maps back with Φ. Marginals
// stay uniform; the rank correlations become the requested ones. Dimensions
// that appear in no pair are passed through unchanged.
//
// Over a LatinHypercube the copula keeps uniform marginals but not the
// strata of the correlated dimensions; ImanConover keeps both, and
// NewCorrelated picks it for a Latin hypercube.
//
// A GaussianCopula is immutable and is safe for concurrent use when its base
// is. Fill allocates nothing beyond what the base's Fill does.
type GaussianCopula struct {
	base Sampler
	cols []int     // positions of the correlated dimensions in a row
	l    []float64 // lower Cholesky factor, row-major len(cols)²
}

// NewGaussianCopula returns base with the requested rank correlations
// imposed by a Gaussian copula. names are the base's dimensions, in its
// order. The Repair result says whether the target had to be repaired.
func NewGaussianCopula(base Sampler, names []string,
	pairs []Correlation) (*GaussianCopula, Repair, error) {
	cols, sub, err := correlatedColumns(base, names, pairs)
	if err != nil {
		return nil, Repair{}, err
	}
	g := &GaussianCopula{base: base, cols: cols}
	if len(cols) == 0 {
		return g, Repair{}, nil
	}
	c, rep, err := CorrelationMatrix(sub, pairs)
	if err != nil {
		return nil, Repair{}, err
	}
	l, err := choleskyLower(c)
	if err != nil {
		return nil, Repair{}, err
	}
	g.l = l
	return g, rep, nil
}

// correlatedColumns checks names against base and pairs against names, and
// returns the positions and names of the dimensions named in some pair, in
// the base's order.
func correlatedColumns(base Sampler, names []string, pairs []Correlation) ([]int, []string, error) {
	if len(names) != base.Dims() {
		return nil, nil, fmt.Errorf("sampler: %d names for a sampler of %d dimensions",
			len(names), base.Dims())
	}
	if err := checkNames(names); err != nil {
		return nil, nil, err
	}
	index := make(map[string]int, len(names))
	for i, name := range names {
		index[name] = i
	}
	used := make(map[string]bool)
	for _, p := range pairs {
		if _, _, err := pairIndex(index, p); err != nil {
			return nil, nil, err
		}
		used[p.A], used[p.B] = true, true
	}
	var cols []int
	var sub []string
	for i, name := range names {
		if used[name] {
			cols = append(cols, i)
			sub = append(sub, name)
		}
	}
	return cols, sub, nil
}

// choleskyLower returns the lower Cholesky factor of c, row-major.
func choleskyLower(c *mat.SymDense) ([]float64, error) {
	var chol mat.Cholesky
	if !chol.Factorize(c) {
		return nil, errors.New("sampler: correlation matrix is not positive definite")
	}
	var lt mat.TriDense
	chol.LTo(&lt)
	k := c.SymmetricDim()
	l := make([]float64, k*k)
	for i := range k {
		for j := 0; j <= i; j++ {
			l[i*k+j] = lt.At(i, j)
		}
	}
	return l, nil
}

// Dims implements Sampler.
func (g *GaussianCopula) Dims() int { return g.base.Dims() }

// Fill implements Sampler.
func (g *GaussianCopula) Fill(start int64, n int, u []float64) error {
	if err := g.base.Fill(start, n, u); err != nil {
		return err
	}
	d, k := g.base.Dims(), len(g.cols)
	for r := range n {
		row := u[r*d : (r+1)*d]
		for _, c := range g.cols {
			row[c] = distuv.UnitNormal.Quantile(clampUnit(row[c]))
		}
		// y = L z in place: row j of L reads z_0..z_j only, so working
		// upwards from the last row never reads a slot already replaced.
		for j := k - 1; j >= 0; j-- {
			var y float64
			for t, ljt := range g.l[j*k : j*k+j+1] {
				y += ljt * row[g.cols[t]]
			}
			row[g.cols[j]] = normalCDF(y)
		}
	}
	return nil
}

// normalCDF returns Φ(y) clamped to [2^-53, 1 − 2^-53].
func normalCDF(y float64) float64 {
	return clampUnit(0.5 * math.Erfc(-y/math.Sqrt2))
}

// clampUnit clamps u to [2^-53, 1 − 2^-53], the range of the samplers here,
// so that Φ⁻¹ stays finite.
func clampUnit(u float64) float64 {
	return min(max(u, 0x1p-53), maxUnit)
}

// NewCorrelated returns base with the requested rank correlations imposed:
// by Iman–Conover reordering within blocks when base is a *LatinHypercube
// (which keeps its stratification), and by a Gaussian copula otherwise.
// names are the base's dimensions in its order. With no pairs it returns
// base itself.
func NewCorrelated(base Sampler, names []string, pairs []Correlation) (Sampler, Repair, error) {
	if len(pairs) == 0 {
		return base, Repair{}, nil
	}
	if lhs, ok := base.(*LatinHypercube); ok {
		if !slices.Equal(names, lhs.names) {
			return nil, Repair{}, errors.New("sampler: names differ from the latin hypercube's")
		}
		return NewImanConover(lhs, pairs)
	}
	return NewGaussianCopula(base, names, pairs)
}

var _ Sampler = (*GaussianCopula)(nil)
