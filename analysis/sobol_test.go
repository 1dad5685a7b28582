package analysis_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/euromesh/euromesh-mc/analysis"
)

// ishigami returns the analytic Sobol' indices of the Ishigami function
// f = sin x1 + a sin² x2 + b x3⁴ sin x1 on x ~ U(-π, π)³, with the partial
// variances of ORACLES.md. Writing f = sin x1 (1 + b x3⁴) + a sin² x2 and
// using E[sin²] = 1/2, E[sin⁴] = 3/8, E[x3⁴] = π⁴/5, E[x3⁸] = π⁸/9:
//
//	V1  = Var(E[f|x1]) = (1 + bπ⁴/5)² · 1/2
//	V2  = a² Var(sin² x2) = a² (3/8 - 1/4) = a²/8
//	V13 = b² · 1/2 · Var(x3⁴) = b²/2 · (π⁸/9 - π⁸/25) = 8b²π⁸/225
//
// and x3 acts only through its interaction with x1, so S3 = 0 but ST3 > 0.
func ishigami(a, b float64) (v float64, S, ST []float64) {
	pi4 := math.Pow(math.Pi, 4)
	v1 := (1 + b*pi4/5) * (1 + b*pi4/5) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * pi4 * pi4 / 225
	v = v1 + v2 + v13
	S = []float64{v1 / v, v2 / v, 0}
	ST = []float64{(v1 + v13) / v, v2 / v, v13 / v}
	return v, S, ST
}

// gFunction returns the analytic Sobol' indices of the G-function
// G = Π (|4 x_i - 2| + a_i)/(1 + a_i) on x ~ U(0, 1)^d for the given groups of
// inputs. Each factor has mean 1 and variance V_i = 1/(3(1 + a_i)²), because
// |4x - 2| ~ U(0, 2) has variance 4/12. For a product of independent factors
// with mean 1, Var(E[G | x_g]) = Π_{i∈g} (1 + V_i) - 1, so
//
//	V    = Π_i (1 + V_i) - 1
//	S_g  = (Π_{i∈g} (1 + V_i) - 1) / V
//	ST_g = (Π_i (1 + V_i) - Π_{i∉g} (1 + V_i)) / V
//
// which for single inputs are the S_i and ST_i of ORACLES.md.
func gFunction(a []float64, groups [][]int) (v float64, S, ST []float64) {
	vi := make([]float64, len(a))
	all := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		all *= 1 + vi[i]
	}
	v = all - 1
	for _, g := range groups {
		in, out := 1.0, 1.0
		for i := range a {
			if slices.Contains(g, i) {
				in *= 1 + vi[i]
			} else {
				out *= 1 + vi[i]
			}
		}
		S = append(S, (in-1)/v)
		ST = append(ST, (all-out)/v)
	}
	return v, S, ST
}

func TestAnalyticIndicesMatchOracles(t *testing.T) {
	// Decimals quoted in ORACLES.md, which the formulas above must reproduce.
	v, S, ST := ishigami(7, 0.1)
	checkClose(t, "Ishigami V", v, 13.844588, 1e-5)
	for i, want := range []float64{0.313905, 0.442411, 0} {
		checkClose(t, fmt.Sprintf("Ishigami S%d", i+1), S[i], want, 1e-5)
	}
	for i, want := range []float64{0.557589, 0.442411, 0.243684} {
		checkClose(t, fmt.Sprintf("Ishigami ST%d", i+1), ST[i], want, 1e-5)
	}

	v, S, ST = gFunction(gA, singletons(len(gA)))
	checkClose(t, "G V", v, 0.465424, 1e-5)
	for i, want := range []float64{0.71619, 0.17905, 0.02368, 0.00716} {
		checkClose(t, fmt.Sprintf("G S%d", i+1), S[i], want, 1e-5)
	}
	for i, want := range []float64{0.78714, 0.24220, 0.03432, 0.01046} {
		checkClose(t, fmt.Sprintf("G ST%d", i+1), ST[i], want, 1e-5)
	}
}

// gA are the G-function coefficients of ORACLES.md.
var gA = []float64{0, 1, 4.5, 9, 99, 99, 99, 99}

func singletons(d int) [][]int {
	g := make([][]int, d)
	for i := range g {
		g[i] = []int{i}
	}
	return g
}

// estimateIndices runs a Saltelli design of n base rows, drawn from a
// fixed-seed PCG stream, for model f of d uniform inputs, and bootstraps the
// indices.
func estimateIndices(t *testing.T, n, d int, groups [][]int, f func(u []float64) float64,
	seed uint64) analysis.Indices {
	t.Helper()
	plan, err := analysis.NewSaltelliPlan(n, d, groups)
	if err != nil {
		t.Fatal(err)
	}

	// A and B are the two halves of an N×2D uniform design.
	rng := rand.New(rand.NewPCG(seed, 1))
	A, B := mat.NewDense(n, d, nil), mat.NewDense(n, d, nil)
	for r := range n {
		for c := range d {
			A.Set(r, c, rng.Float64())
		}
		for c := range d {
			B.Set(r, c, rng.Float64())
		}
	}

	eval := func(m *mat.Dense) []float64 {
		y := make([]float64, n)
		for r := range n {
			y[r] = f(m.RawRowView(r))
		}
		return y
	}
	fA, fB := eval(A), eval(B)
	fAB := make([][]float64, plan.K())
	ab := mat.NewDense(n, d, nil)
	for i := range fAB {
		plan.AB(i, A, B, ab)
		fAB[i] = eval(ab)
	}
	return analysis.SaltelliBootstrap(fA, fB, fAB, 300, rand.New(rand.NewPCG(seed, 2)), 0.95)
}

// checkIndices checks every estimate against the analytic value to within
// four bootstrap standard errors. With about 30 such checks in this file, a
// correct estimator fails one by chance with probability near 30 · 6e-5
// (ORACLES.md, "Many checks at once").
func checkIndices(t *testing.T, ind analysis.Indices, S, ST []float64) {
	t.Helper()
	t.Logf("%-5s %9s %9s %8s %6s", "index", "estimate", "analytic", "boot SE", "z")
	check := func(name string, e analysis.Estimate, want float64) {
		t.Helper()
		z := (e.Value - want) / e.SE
		t.Logf("%-5s %9.5f %9.5f %8.5f %6.2f", name, e.Value, want, e.SE, z)
		if !(math.Abs(z) < 4) {
			t.Errorf("%s = %.5f ± %.5f, analytic %.5f: %.1f standard errors away",
				name, e.Value, e.SE, want, z)
		}
		if !(e.Lo <= e.Value && e.Value <= e.Hi) {
			t.Errorf("%s = %.5f outside its bootstrap interval [%.5f, %.5f]",
				name, e.Value, e.Lo, e.Hi)
		}
	}
	for i := range S {
		check(fmt.Sprintf("S%d", i+1), ind.First[i], S[i])
	}
	for i := range ST {
		check(fmt.Sprintf("ST%d", i+1), ind.Total[i], ST[i])
	}
}

// baseRows is the base sample of the analytic tests, N = 2^14.
const baseRows = 1 << 14

func TestSaltelli_Ishigami(t *testing.T) {
	const a, b = 7, 0.1
	f := func(u []float64) float64 {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		s2 := math.Sin(x2)
		return math.Sin(x1) + a*s2*s2 + b*x3*x3*x3*x3*math.Sin(x1)
	}
	_, S, ST := ishigami(a, b)
	ind := estimateIndices(t, baseRows, 3, nil, f, 1)
	checkIndices(t, ind, S, ST)

	// x3 matters only through its interaction with x1: an estimator that
	// confuses first-order and total effects reports S3 close to ST3.
	s3, st3 := ind.First[2], ind.Total[2]
	if math.Abs(s3.Value) > 0.05 || st3.Value-s3.Value < 0.15 {
		t.Errorf("S3 = %.4f, ST3 = %.4f: want S3 near 0 and ST3 near 0.2437", s3.Value, st3.Value)
	}
}

// gModel evaluates the G-function with coefficients gA.
func gModel(u []float64) float64 {
	g := 1.0
	for i, ai := range gA {
		g *= (math.Abs(4*u[i]-2) + ai) / (1 + ai)
	}
	return g
}

func TestSaltelli_GFunction(t *testing.T) {
	groups := singletons(len(gA))
	_, S, ST := gFunction(gA, groups)
	ind := estimateIndices(t, baseRows, len(gA), nil, gModel, 2)
	checkIndices(t, ind, S, ST)
}

func TestSaltelli_GFunctionGrouped(t *testing.T) {
	// Groups switch several columns of AB_i at once; their closed indices
	// follow from the product form (see gFunction).
	groups := [][]int{{0, 1}, {2, 3}, {4, 5, 6, 7}}
	_, S, ST := gFunction(gA, groups)
	ind := estimateIndices(t, baseRows, len(gA), groups, gModel, 3)
	checkIndices(t, ind, S, ST)
}

func TestSaltelliBootstrap_Reproducible(t *testing.T) {
	f := func(u []float64) float64 { return u[0] + 2*u[1]*u[2] }
	first := estimateIndices(t, 256, 3, nil, f, 9)
	second := estimateIndices(t, 256, 3, nil, f, 9)
	if !reflect.DeepEqual(first, second) {
		t.Errorf("same seeds gave different indices:\n%+v\n%+v", first, second)
	}
}

func TestSaltelliIndices_Constant(t *testing.T) {
	// A constant output has V = 0, so every index is 0/0.
	c := []float64{2, 2, 2, 2}
	S, ST := analysis.SaltelliIndices(c, c, [][]float64{c})
	if !math.IsNaN(S[0]) || !math.IsNaN(ST[0]) {
		t.Errorf("indices of a constant = %v, %v, want NaN", S, ST)
	}
}

func TestNewSaltelliPlan(t *testing.T) {
	_, err := analysis.NewSaltelliPlan(analysis.MinBaseSamples-1, 3, nil)
	if !errors.Is(err, analysis.ErrTooFewSamples) {
		t.Errorf("N = MinBaseSamples-1: err = %v, want ErrTooFewSamples", err)
	}

	plan, err := analysis.NewSaltelliPlan(analysis.MinBaseSamples, 3, nil)
	if err != nil {
		t.Fatalf("N = MinBaseSamples: %v", err)
	}
	if got, want := plan.Groups, singletons(3); !reflect.DeepEqual(got, want) {
		t.Errorf("default groups = %v, want %v", got, want)
	}
	if got, want := plan.Evaluations(), analysis.MinBaseSamples*5; got != want {
		t.Errorf("Evaluations() = %d, want N(K+2) = %d", got, want)
	}

	bad := []struct {
		name   string
		d      int
		groups [][]int
	}{
		{"NoColumns", 0, nil},
		{"EmptyGroup", 3, [][]int{{0}, {}}},
		{"OutOfRange", 3, [][]int{{0}, {3}}},
		{"Negative", 3, [][]int{{-1}}},
		{"Overlap", 3, [][]int{{0, 1}, {1, 2}}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := analysis.NewSaltelliPlan(100, tt.d, tt.groups); err == nil {
				t.Errorf("NewSaltelliPlan(100, %d, %v) returned no error", tt.d, tt.groups)
			}
		})
	}
}

func TestABMatrix(t *testing.T) {
	A := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	B := mat.NewDense(2, 3, []float64{-1, -2, -3, -4, -5, -6})
	dst := mat.NewDense(2, 3, nil)
	analysis.ABMatrix(A, B, []int{0, 2}, dst)
	want := mat.NewDense(2, 3, []float64{-1, 2, -3, -4, 5, -6})
	if !mat.Equal(dst, want) {
		t.Errorf("ABMatrix = %v, want %v", mat.Formatted(dst), mat.Formatted(want))
	}
	if A.At(0, 0) != 1 || B.At(0, 1) != -2 {
		t.Errorf("ABMatrix modified its inputs")
	}
}
