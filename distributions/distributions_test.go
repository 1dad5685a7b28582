package distributions

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Standard normal quantiles, the familiar table values 1.9599640 and 0.6744898
// to double precision, used to build expected values in closed form.
const (
	z975 = 1.959963984540054  // Φ⁻¹(0.975)
	z75  = 0.6744897501960817 // Φ⁻¹(0.75)
)

// near reports whether got is within tol of want, or both are NaN or the
// same infinity.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	return math.Abs(got-want) <= tol
}

func checkNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.15g, want %.15g ± %g", what, got, want, tol)
	}
}

// midpointMean returns the midpoint-rule estimate of ∫₀¹ q(p) dp with n
// cells. It never calls q at 0 or 1, and it is independent of the closed
// forms and quadrature used by the Mean methods.
func midpointMean(q func(float64) float64, n int) float64 {
	var s float64
	for i := range n {
		s += q((float64(i) + 0.5) / float64(n))
	}
	return s / float64(n)
}

type namedDist struct {
	name string
	d    Distribution
}

// continuous returns one valid instance of every continuous family, with
// parameters chosen to be asymmetric where the family allows it.
func continuous() []namedDist {
	return []namedDist{
		{"normal", Normal{Mu: 2026.5, Sigma: 0.6}},
		{"lognormal", LogNormal{Mu: 2, Sigma: 0.4}},
		{"uniform", Uniform{Min: -1, Max: 3}},
		{"triangular", Triangular{Min: 0, Mode: 1, Max: 4}},
		{"triangular mode at min", Triangular{Min: 2, Mode: 2, Max: 5}},
		{"pert", PERT{Min: 0, Mode: 1, Max: 4}},
		{"pert lambda 8", PERT{Min: 10, Mode: 30, Max: 40, Lambda: 8}},
		{"beta standard", Beta{Alpha: 2, Beta: 5}},
		{"beta scaled", Beta{Alpha: 1.7, Beta: 3.5, Min: 100, Max: 200}},
		{"logit-normal", LogitNormal{Mu: -0.8, Sigma: 0.9}},
		{"two-piece linear", TwoPiece{Scale: Linear, M: 2030, SigmaLo: 1, SigmaHi: 3}},
		{"two-piece log", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.25, SigmaHi: 0.31}},
		{"two-piece logit", TwoPiece{Scale: Logit, M: 0.3, SigmaLo: 0.5, SigmaHi: 1.2}},
		{"truncated normal", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: -0.5, Hi: 2}},
		{"truncated lognormal", Truncated{
			Base: LogNormal{Mu: 0, Sigma: 1}, Lo: 0.5, Hi: math.Inf(1)}},
		{"truncated two-piece", Truncated{
			Base: TwoPiece{Scale: Log, M: 9, SigmaLo: 0.25, SigmaHi: 0.31}, Lo: 7, Hi: 14}},
		{"truncated beta", Truncated{Base: Beta{Alpha: 2, Beta: 3}, Lo: 0.2, Hi: 0.7}},
	}
}

// discrete returns one valid instance of every family with atoms.
func discrete() []namedDist {
	return []namedDist{
		{"discrete", Discrete{Values: []float64{10, 20, 30}, Weights: []float64{1, 2, 1}}},
		{"discrete equal weights", Discrete{Values: []float64{1, 2, 3, 4}}},
		{"bernoulli", Bernoulli{P: 0.3}},
		{"point", Point{Value: 5}},
		{"truncated discrete", Truncated{
			Base: Discrete{Values: []float64{10, 20, 30}, Weights: []float64{1, 2, 1}},
			Lo:   10, Hi: 30}},
	}
}

func TestFamiliesValid(t *testing.T) {
	for _, c := range append(continuous(), discrete()...) {
		t.Run(c.name, func(t *testing.T) {
			v, ok := c.d.(interface{ Validate() error })
			if !ok {
				t.Fatalf("%T has no Validate method", c.d)
			}
			if err := v.Validate(); err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
		})
	}
}

// TestRoundTrip checks that the CDF inverts the quantile function, and the
// quantile function the CDF, for every continuous family.
func TestRoundTrip(t *testing.T) {
	ps := []float64{0.01, 0.1, 0.5, 0.9, 0.99}
	for _, c := range continuous() {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range ps {
				x := c.d.Quantile(p)
				// Tolerance: gonum's inverse incomplete beta is accurate to about
				// 1e-12, the normal quantile to rounding; 1e-9 leaves margin.
				checkNear(t, "CDF(Quantile(p))", c.d.CDF(x), p, 1e-9)
				scale := math.Max(1, math.Abs(x))
				checkNear(t, "Quantile(CDF(x))", c.d.Quantile(c.d.CDF(x)), x, 1e-8*scale)
			}
		})
	}
}

// TestQuantileOutsideUnit checks the documented NaN for p outside [0, 1].
func TestQuantileOutsideUnit(t *testing.T) {
	for _, c := range append(continuous(), discrete()...) {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range []float64{-0.1, 1.1, math.NaN()} {
				if got := c.d.Quantile(p); !math.IsNaN(got) {
					t.Errorf("Quantile(%g) = %g, want NaN", p, got)
				}
			}
		})
	}
}

// TestCDFOfNaN checks that every CDF propagates NaN.
func TestCDFOfNaN(t *testing.T) {
	for _, c := range append(continuous(), discrete()...) {
		t.Run(c.name, func(t *testing.T) {
			if got := c.d.CDF(math.NaN()); !math.IsNaN(got) {
				t.Errorf("CDF(NaN) = %g, want NaN", got)
			}
		})
	}
}

// TestMedianIsQuantileHalf checks Median against Quantile(0.5) for every
// family, which covers the closed-form medians.
func TestMedianIsQuantileHalf(t *testing.T) {
	for _, c := range append(continuous(), discrete()...) {
		t.Run(c.name, func(t *testing.T) {
			q := c.d.Quantile(0.5)
			checkNear(t, "Median()", c.d.Median(), q, 1e-12*math.Max(1, math.Abs(q)))
		})
	}
}

// TestSampleMean pushes 200,000 fixed-seed uniforms through every quantile
// function and compares the sample mean with Mean(). The tolerance is five
// standard errors, s/√n with s the sample standard deviation: a correct Mean
// fails it with probability about 6e-7 per family.
func TestSampleMean(t *testing.T) {
	const n = 200_000
	rng := rand.New(rand.NewPCG(1, 2))
	u := make([]float64, n)
	for i := range u {
		// Float64 draws from [0, 1); redraw the (unlikely) zero so that the
		// quantile stays finite.
		for u[i] == 0 {
			u[i] = rng.Float64()
		}
	}

	for _, c := range append(continuous(), discrete()...) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var sum, sumSq float64
			for _, p := range u {
				x := c.d.Quantile(p)
				sum += x
				sumSq += x * x
			}
			mean := sum / n
			sd := math.Sqrt(math.Max(0, sumSq/n-mean*mean))
			tol := 5*sd/math.Sqrt(n) + 1e-12*math.Abs(mean)
			checkNear(t, "sample mean", mean, c.d.Mean(), tol)
		})
	}
}

// TestQuantileAllocs checks that the quantiles used in the sampling loop do
// not allocate, called through the interface as the engine calls them.
func TestQuantileAllocs(t *testing.T) {
	dists := []namedDist{
		{"normal", Normal{Mu: 0, Sigma: 1}},
		{"lognormal", LogNormal{Mu: 0, Sigma: 1}},
		{"logit-normal", LogitNormal{Mu: 0, Sigma: 1}},
		{"two-piece linear", TwoPiece{Scale: Linear, M: 0, SigmaLo: 1, SigmaHi: 2}},
		{"two-piece log", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.25, SigmaHi: 0.31}},
		{"two-piece logit", TwoPiece{Scale: Logit, M: 0.3, SigmaLo: 0.5, SigmaHi: 1}},
	}
	for _, c := range dists {
		t.Run(c.name, func(t *testing.T) {
			d := c.d
			var sink float64
			allocs := testing.AllocsPerRun(1000, func() {
				sink += d.Quantile(0.3) + d.Quantile(0.7)
			})
			if allocs != 0 {
				t.Errorf("Quantile allocates %g times per call pair, want 0", allocs)
			}
			_ = sink
		})
	}
}

// TestInvalidDoesNotPanic calls every method of invalid values, which must
// return NaN or a meaningless number rather than panic.
func TestInvalidDoesNotPanic(t *testing.T) {
	bad := []namedDist{
		{"normal", Normal{Sigma: -1}},
		{"lognormal", LogNormal{}},
		{"uniform", Uniform{Min: 1, Max: 1}},
		{"triangular", Triangular{Min: 0, Mode: 5, Max: 1}},
		{"triangular zero", Triangular{}},
		{"pert", PERT{Min: 1, Mode: 0, Max: 1}},
		{"beta", Beta{Alpha: -1, Beta: 0}},
		{"beta nan", Beta{Alpha: math.NaN(), Beta: 1}},
		{"beta empty interval", Beta{Alpha: 1, Beta: 1, Min: 2, Max: 2}},
		{"logit-normal", LogitNormal{Sigma: math.Inf(1)}},
		{"two-piece", TwoPiece{Scale: Scale(7), M: 1, SigmaLo: 1, SigmaHi: 1}},
		{"two-piece zero sigmas", TwoPiece{Scale: Log}},
		{"discrete empty", Discrete{}},
		{"discrete short weights", Discrete{Values: []float64{1, 2}, Weights: []float64{1}}},
		{"discrete zero weights", Discrete{Values: []float64{1}, Weights: []float64{0}}},
		{"bernoulli", Bernoulli{P: 2}},
		{"point", Point{Value: math.NaN()}},
		{"truncated nil base", Truncated{Lo: 0, Hi: 1}},
		{"truncated no mass", Truncated{Base: Uniform{Min: 0, Max: 1}, Lo: 2, Hi: 3}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("panic: %v", r)
				}
			}()
			for _, p := range []float64{0, 0.3, 0.5, 1, math.NaN()} {
				_ = c.d.Quantile(p)
			}
			for _, x := range []float64{-1, 0, 0.5, 1, 2, math.NaN(), math.Inf(1)} {
				_ = c.d.CDF(x)
			}
			_, _, _ = c.d.Mean(), c.d.Median(), c.d.String()
			if err := c.d.(interface{ Validate() error }).Validate(); err == nil {
				t.Errorf("Validate() = nil for %s, want an error", c.name)
			}
		})
	}
}

func BenchmarkQuantile(b *testing.B) {
	dists := []namedDist{
		{"normal", Normal{Mu: 0, Sigma: 1}},
		{"lognormal", LogNormal{Mu: 0, Sigma: 1}},
		{"logit-normal", LogitNormal{Mu: 0, Sigma: 1}},
		{"two-piece-log", TwoPiece{Scale: Log, M: 9, SigmaLo: 0.25, SigmaHi: 0.31}},
		{"two-piece-logit", TwoPiece{Scale: Logit, M: 0.3, SigmaLo: 0.5, SigmaHi: 1}},
		{"pert", PERT{Min: 0, Mode: 1, Max: 4}},
		{"truncated-normal", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0, Hi: math.Inf(1)}},
	}
	for _, c := range dists {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink float64
			p := 0.0
			for b.Loop() {
				p += 0.618033988749895 // golden-ratio steps cover (0, 1) evenly
				if p >= 1 {
					p--
				}
				sink += c.d.Quantile(p)
			}
			_ = sink
		})
	}
}
