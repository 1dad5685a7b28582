package sampler

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// spearman returns the rank correlation of columns a and b of u (rows of d
// values): the Pearson correlation of their ranks. The columns hold
// continuous values, so there are no ties.
func spearman(u []float64, d, a, b int) float64 {
	n := len(u) / d
	ra, rb := ranks(u, d, a), ranks(u, d, b)
	mean := float64(n-1) / 2
	var sab, saa, sbb float64
	for i := range n {
		x, y := ra[i]-mean, rb[i]-mean
		sab += x * y
		saa += x * x
		sbb += y * y
	}
	return sab / math.Sqrt(saa*sbb)
}

// ranks returns the rank (0-based) of each value of column c of u.
func ranks(u []float64, d, c int) []float64 {
	n := len(u) / d
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(u[x*d+c], u[y*d+c]) })
	r := make([]float64, n)
	for k, i := range order {
		r[i] = float64(k)
	}
	return r
}

// TestSpearmanToPearson checks the conversion against ORACLES.md: target
// ρs = 0.5 needs ρ = 2 sin(π/12) = 0.517638.
func TestSpearmanToPearson(t *testing.T) {
	if got := SpearmanToPearson(0.5); math.Abs(got-0.517638) > 5e-7 {
		t.Errorf("SpearmanToPearson(0.5) = %.7f, want 0.517638", got)
	}
	for _, rs := range []float64{-1, -0.6, 0, 0.3, 1} {
		if got := PearsonToSpearman(SpearmanToPearson(rs)); math.Abs(got-rs) > 1e-12 {
			t.Errorf("round trip of %v gave %v", rs, got)
		}
	}
	// ρs = ±1 maps to ρ = 2 sin(±π/6) = ±1.
	if got := SpearmanToPearson(1); math.Abs(got-1) > 1e-15 {
		t.Errorf("SpearmanToPearson(1) = %v, want 1", got)
	}
}

func TestCorrelationMatrix(t *testing.T) {
	names := []string{"a", "b", "c"}
	c, rep, err := CorrelationMatrix(names, []Correlation{{"a", "b", 0.5}, {"c", "b", -0.3}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Repaired {
		t.Errorf("positive definite target reported as repaired: %+v", rep)
	}
	want := mat.NewSymDense(3, []float64{
		1, SpearmanToPearson(0.5), 0,
		SpearmanToPearson(0.5), 1, SpearmanToPearson(-0.3),
		0, SpearmanToPearson(-0.3), 1,
	})
	if !mat.Equal(c, want) {
		t.Errorf("matrix\n%v\nwant\n%v", mat.Formatted(c), mat.Formatted(want))
	}
}

func TestCorrelationMatrix_Errors(t *testing.T) {
	names := []string{"grid_de", "grid_fr", "slip"}
	tests := []struct {
		name  string
		pairs []Correlation
		is    error
		text  string
	}{
		{"rho above 1", []Correlation{{"grid_de", "grid_fr", 1.2}}, ErrCorrelationRange, "1.2"},
		{"rho below -1", []Correlation{{"grid_de", "grid_fr", -1.01}}, ErrCorrelationRange, "-1.01"},
		{"rho NaN", []Correlation{{"grid_de", "grid_fr", math.NaN()}}, ErrCorrelationRange, "NaN"},
		{"unknown A", []Correlation{{"grid_uk", "grid_fr", 0.5}}, ErrUnknownParameter, `"grid_uk"`},
		{"unknown B", []Correlation{{"grid_de", "mfu", 0.5}}, ErrUnknownParameter, `"mfu"`},
		{"self", []Correlation{{"slip", "slip", 1}}, nil, "itself"},
		{"conflict", []Correlation{{"slip", "grid_de", 0.5}, {"grid_de", "slip", 0.4}}, nil, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := CorrelationMatrix(names, tt.pairs)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %q, want it to mention %s", err, tt.text)
			}
		})
	}
	if _, _, err := CorrelationMatrix([]string{"a", "a"}, nil); !errors.Is(err, ErrDuplicateName) {
		t.Errorf("duplicate names: err = %v, want ErrDuplicateName", err)
	}
	_, _, err := NewGaussianCopula(NewMonteCarlo(1, names), names, tests[3].pairs)
	if !errors.Is(err, ErrUnknownParameter) {
		t.Errorf("NewGaussianCopula with an unknown name: err = %v", err)
	}
}

// TestCorrelationMatrix_Repair requests ρs = 0.9, 0.9, −0.9 for pairs 12, 13
// and 23, which no correlation matrix has.
//
// On the normal scale the target is A = I + aB with a = 2 sin(0.15π) =
// 0.907981 and B the symmetric matrix with B12 = B13 = 1, B23 = −1. B has
// eigenvectors (1, 1, 0) and (1, 0, 1) with eigenvalue 1 and (1, −1, −1) with
// eigenvalue −2, so A has eigenvalues 1 + a (twice) and 1 − 2a < 0. Since
// B² = 2I − B, both projections of the alternating method map span{I, B}
// into itself, and so does the limit: the nearest correlation matrix with
// eigenvalues >= ε is I + bB with 1 − 2b = ε, b = (1 − ε)/2. It is
// ‖(a − b)B‖_F = √6 (a − b) away, 0.999 for ε = 1e-6, and each pair moves
// from ρs = 0.9 to (6/π) asin(b/2) ≈ 0.48253, a change of 0.41747.
func TestCorrelationMatrix_Repair(t *testing.T) {
	names := []string{"x1", "x2", "x3"}
	pairs := []Correlation{{"x1", "x2", 0.9}, {"x1", "x3", 0.9}, {"x2", "x3", -0.9}}
	c, rep, err := CorrelationMatrix(names, pairs)
	if err != nil {
		t.Fatal(err)
	}
	a := SpearmanToPearson(0.9)
	b := (1 - repairMinEigen) / 2
	t.Logf("repair: %+v", rep)
	if !rep.Repaired || !(rep.Distance > 0) {
		t.Fatalf("repair = %+v, want Repaired and Distance > 0", rep)
	}
	if want := math.Sqrt(6) * (a - b); math.Abs(rep.Distance-want) > 1e-6 {
		t.Errorf("Distance = %.9f, want √6(a − b) = %.9f", rep.Distance, want)
	}
	if want := 0.9 - PearsonToSpearman(b); math.Abs(rep.MaxRankChange-want) > 1e-6 {
		t.Errorf("MaxRankChange = %.9f, want %.9f", rep.MaxRankChange, want)
	}
	for i := range 3 {
		if c.At(i, i) != 1 {
			t.Errorf("diagonal %d = %v, want 1", i, c.At(i, i))
		}
	}
	for _, p := range [][3]float64{{0, 1, b}, {0, 2, b}, {1, 2, -b}} {
		if got := c.At(int(p[0]), int(p[1])); math.Abs(got-p[2]) > 1e-6 {
			t.Errorf("entry (%v, %v) = %.9f, want %.9f", p[0], p[1], got, p[2])
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(c) {
		t.Error("repaired matrix has no Cholesky factor")
	}

	// The copula accepts the same request and reports the same repair.
	_, rep2, err := NewGaussianCopula(NewMonteCarlo(1, names), names, pairs)
	if err != nil || rep2 != rep {
		t.Errorf("NewGaussianCopula: repair %+v, err %v; want %+v", rep2, err, rep)
	}
}

// TestCorrelationMatrix_RepairLarge repairs a 60×60 target with blocks of
// strong correlations of mixed signs and checks the result is a valid
// correlation matrix close to the request.
func TestCorrelationMatrix_RepairLarge(t *testing.T) {
	const n = 60
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprint("p", i)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var pairs []Correlation
	for i := range n {
		for j := range i {
			pairs = append(pairs, Correlation{names[i], names[j], 1.6*rng.Float64() - 0.8})
		}
	}
	c, rep, err := CorrelationMatrix(names, pairs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("repair: %+v", rep)
	if !rep.Repaired {
		t.Fatal("random ±0.8 target not repaired")
	}
	var es mat.EigenSym
	if !es.Factorize(c, false) {
		t.Fatal("no eigendecomposition")
	}
	if lmin := slices.Min(es.Values(nil)); lmin < repairMinEigen/2 {
		t.Errorf("smallest eigenvalue %g, want >= %g", lmin, repairMinEigen/2)
	}
	for i := range n {
		if math.Abs(c.At(i, i)-1) > 1e-12 {
			t.Fatalf("diagonal %d = %v", i, c.At(i, i))
		}
	}
}

// correlationCases are the targets of the realised-correlation tests: one
// pair at ρs = 0.5 among uncorrelated parameters, and three parameters at
// ρs = 0.6 with each other.
var correlationCases = []struct {
	name  string
	names []string
	pairs []Correlation
}{
	{"pair 0.5", []string{"u0", "grid_de", "u1", "grid_fr", "u2"},
		[]Correlation{{"grid_de", "grid_fr", 0.5}}},
	{"3x3 0.6", []string{"mfu_a100", "mfu_h100", "mfu_mi250x"},
		[]Correlation{
			{"mfu_a100", "mfu_h100", 0.6},
			{"mfu_a100", "mfu_mi250x", 0.6},
			{"mfu_h100", "mfu_mi250x", 0.6},
		}},
}

// checkRealised fills n draws and checks each requested rank correlation to
// within 0.02. At n = 100,000 the sampling standard error of ρs ≈ 0.5 is
// about (1 − ρs²)/√n ≈ 0.003, so 0.02 is over six standard errors.
func checkRealised(t *testing.T, s Sampler, names []string, pairs []Correlation, n int) {
	t.Helper()
	d := s.Dims()
	u := make([]float64, n*d)
	if err := s.Fill(0, n, u); err != nil {
		t.Fatal(err)
	}
	index := make(map[string]int)
	for i, name := range names {
		index[name] = i
	}
	for _, p := range pairs {
		got := spearman(u, d, index[p.A], index[p.B])
		t.Logf("ρs(%s, %s) = %.4f, target %.2f", p.A, p.B, got, p.Rho)
		if math.Abs(got-p.Rho) > 0.02 {
			t.Errorf("ρs(%s, %s) = %.4f, want %.2f ± 0.02", p.A, p.B, got, p.Rho)
		}
	}
	// Parameters in no pair stay independent of the others.
	for i, name := range names {
		if strings.HasPrefix(name, "u") {
			if r := spearman(u, d, i, index["grid_de"]); math.Abs(r) > 0.02 {
				t.Errorf("ρs(%s, grid_de) = %.4f, want 0 ± 0.02", name, r)
			}
		}
	}
}

func TestGaussianCopula_Spearman(t *testing.T) {
	const n = 100000
	for _, tc := range correlationCases {
		bases := map[string]Sampler{
			"monte carlo": NewMonteCarlo(11, tc.names),
			"sobol owen":  must(NewSobol(11, tc.names, ScrambleOwen)),
		}
		for bname, base := range bases {
			t.Run(tc.name+"/"+bname, func(t *testing.T) {
				g, rep, err := NewGaussianCopula(base, tc.names, tc.pairs)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Repaired {
					t.Errorf("unexpected repair %+v", rep)
				}
				checkRealised(t, g, tc.names, tc.pairs, n)
			})
		}
	}
}

// TestGaussianCopula_Marginals checks that the copula keeps each marginal
// uniform: the share of draws below q is q within 4 standard errors
// √(q(1 − q)/n), and uncorrelated dimensions are passed through untouched.
func TestGaussianCopula_Marginals(t *testing.T) {
	const n = 50000
	tc := correlationCases[0]
	base := NewMonteCarlo(5, tc.names)
	g, _, err := NewGaussianCopula(base, tc.names, tc.pairs)
	if err != nil {
		t.Fatal(err)
	}
	d := g.Dims()
	u, raw := make([]float64, n*d), make([]float64, n*d)
	if err := g.Fill(0, n, u); err != nil {
		t.Fatal(err)
	}
	if err := base.Fill(0, n, raw); err != nil {
		t.Fatal(err)
	}
	for c := range d {
		for _, q := range []float64{0.01, 0.1, 0.5, 0.9, 0.99} {
			var below int
			for i := range n {
				if u[i*d+c] < q {
					below++
				}
			}
			se := math.Sqrt(q * (1 - q) / n)
			if got := float64(below) / n; math.Abs(got-q) > 4*se {
				t.Errorf("dim %d: share below %v = %.4f, want %v ± %.4f", c, q, got, q, 4*se)
			}
		}
	}
	for _, c := range []int{0, 2, 4} {
		for i := range n {
			if u[i*d+c] != raw[i*d+c] {
				t.Fatalf("uncorrelated dim %d changed at draw %d", c, i)
			}
		}
	}
}

func TestFill_NoAllocs(t *testing.T) {
	tc := correlationCases[1]
	g, _, err := NewGaussianCopula(NewMonteCarlo(1, tc.names), tc.names, tc.pairs)
	if err != nil {
		t.Fatal(err)
	}
	samplers := map[string]Sampler{
		"gaussian copula": g,
		"latin hypercube": must(NewLatinHypercube(1, tc.names, 5000, 700)),
		"sobol owen":      must(NewSobol(1, tc.names, ScrambleOwen)),
	}
	for name, s := range samplers {
		u := make([]float64, 256*s.Dims())
		if a := testing.AllocsPerRun(20, func() { _ = s.Fill(1000, 256, u) }); a != 0 {
			t.Errorf("%s: Fill allocates %v times per call, want 0", name, a)
		}
	}
}

func TestNewCorrelated(t *testing.T) {
	tc := correlationCases[0]
	lhs := must(NewLatinHypercube(1, tc.names, 100, 0))
	mc := NewMonteCarlo(1, tc.names)
	if s, _, err := NewCorrelated(lhs, tc.names, tc.pairs); err != nil {
		t.Error(err)
	} else if _, ok := s.(*ImanConover); !ok {
		t.Errorf("over a latin hypercube: %T, want *ImanConover", s)
	}
	if s, _, err := NewCorrelated(mc, tc.names, tc.pairs); err != nil {
		t.Error(err)
	} else if _, ok := s.(*GaussianCopula); !ok {
		t.Errorf("over monte carlo: %T, want *GaussianCopula", s)
	}
	if s, _, err := NewCorrelated(mc, tc.names, nil); err != nil || s != Sampler(mc) {
		t.Errorf("no pairs: %T, %v; want the base itself", s, err)
	}
	reversed := slices.Clone(tc.names)
	slices.Reverse(reversed)
	if _, _, err := NewCorrelated(lhs, reversed, tc.pairs); err == nil {
		t.Error("names in another order than the latin hypercube's: no error")
	}
}

// TestFillConsistency checks the promise every sampler makes: filling
// [0, n) in one call gives the same bits as filling it in random chunks in
// random order.
func TestFillConsistency(t *testing.T) {
	const n = 3000
	names := []string{"a", "grid_de", "grid_fr", "b", "mfu_h100", "mfu_a100"}
	pairs := []Correlation{
		{"grid_de", "grid_fr", 0.6}, {"mfu_h100", "mfu_a100", -0.4}, {"a", "grid_fr", 0.2},
	}
	lhs := must(NewLatinHypercube(8, names, n, 700))
	samplers := map[string]Sampler{
		"monte carlo":     NewMonteCarlo(8, names),
		"latin hypercube": lhs,
		"sobol owen":      must(NewSobol(8, names, ScrambleOwen)),
		"sobol shift":     must(NewSobol(8, names, ScrambleShift)),
		"sobol none":      must(NewSobol(8, names, ScrambleNone)),
	}
	for _, base := range []string{"monte carlo", "sobol owen", "latin hypercube"} {
		g, _, err := NewGaussianCopula(samplers[base], names, pairs)
		if err != nil {
			t.Fatal(err)
		}
		samplers["copula over "+base] = g
	}
	ic, _, err := NewImanConover(lhs, pairs)
	if err != nil {
		t.Fatal(err)
	}
	samplers["iman-conover"] = ic

	rng := rand.New(rand.NewPCG(1, 2))
	for name, s := range samplers {
		t.Run(name, func(t *testing.T) {
			d := s.Dims()
			whole := make([]float64, n*d)
			if err := s.Fill(0, n, whole); err != nil {
				t.Fatal(err)
			}
			var chunks [][2]int
			for at := 0; at < n; {
				size := min(1+rng.IntN(400), n-at)
				chunks = append(chunks, [2]int{at, size})
				at += size
			}
			rng.Shuffle(len(chunks), func(i, j int) { chunks[i], chunks[j] = chunks[j], chunks[i] })
			parts := make([]float64, n*d)
			for _, c := range chunks {
				if err := s.Fill(int64(c[0]), c[1], parts[c[0]*d:(c[0]+c[1])*d]); err != nil {
					t.Fatal(err)
				}
			}
			for i := range whole {
				if math.Float64bits(whole[i]) != math.Float64bits(parts[i]) {
					t.Fatalf("draw %d dim %d: %v in one call, %v in chunks", i/d, i%d, whole[i], parts[i])
				}
			}
		})
	}
}
