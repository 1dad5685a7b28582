package distributions

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

// checkErrorStyle checks that a message starts in lower case, has no final
// period, and names what was expected.
func checkErrorStyle(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if r := []rune(msg)[0]; unicode.IsUpper(r) {
		t.Errorf("error %q starts with a capital", msg)
	}
	if strings.HasSuffix(msg, ".") {
		t.Errorf("error %q ends with a period", msg)
	}
	if !containsAny(msg, []string{"must", "need", "expected"}) {
		t.Errorf("error %q does not say what was expected", msg)
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func TestConstructorErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		err  error
	}{
		{"lognormal90 lo zero", second(LogNormalFrom90(0, 10))},
		{"lognormal90 lo negative", second(LogNormalFrom90(-1, 10))},
		{"lognormal90 reversed", second(LogNormalFrom90(10, 5))},
		{"lognormal90 equal", second(LogNormalFrom90(5, 5))},
		{"lognormal90 infinite", second(LogNormalFrom90(5, inf))},
		{"lognormal90 nan", second(LogNormalFrom90(nan, 5))},
		{"lognormal factor one", second(LogNormalMedianFactor(10, 1))},
		{"lognormal factor below one", second(LogNormalMedianFactor(10, 0.5))},
		{"lognormal factor nan", second(LogNormalMedianFactor(10, nan))},
		{"lognormal median zero", second(LogNormalMedianFactor(0, 2))},
		{"lognormal median infinite", second(LogNormalMedianFactor(inf, 2))},
		{"normal90 reversed", second(NormalFrom90(2030, 2028))},
		{"normal90 equal", second(NormalFrom90(1, 1))},
		{"normal90 infinite", second(NormalFrom90(-inf, 1))},
		{"normal half-width zero", second(NormalMeanHalfWidth(2026.5, 0))},
		{"normal half-width negative", second(NormalMeanHalfWidth(2026.5, -1))},
		{"normal mean nan", second(NormalMeanHalfWidth(nan, 1))},
		{"logit90 lo zero", second(LogitNormalFrom90(0, 0.5))},
		{"logit90 hi one", second(LogitNormalFrom90(0.5, 1))},
		{"logit90 reversed", second(LogitNormalFrom90(0.6, 0.4))},
		{"logit90 nan", second(LogitNormalFrom90(nan, 0.4))},
		{"logit median zero", second(LogitNormalMedianHalfWidth(0, 0.6))},
		{"logit median one", second(LogitNormalMedianHalfWidth(1, 0.6))},
		{"logit half-width zero", second(LogitNormalMedianHalfWidth(0.3, 0))},
		{"logit half-width infinite", second(LogitNormalMedianHalfWidth(0.3, inf))},
		{"two-piece unknown scale", second(TwoPieceFrom90(Scale(9), 9, 6, 15))},
		{"two-piece median below lo", second(TwoPieceFrom90(Linear, 5, 6, 15))},
		{"two-piece median at hi", second(TwoPieceFrom90(Linear, 15, 6, 15))},
		{"two-piece median nan", second(TwoPieceFrom90(Linear, nan, 6, 15))},
		{"two-piece linear infinite", second(TwoPieceFrom90(Linear, 9, -inf, 15))},
		{"two-piece log lo zero", second(TwoPieceFrom90(Log, 9, 0, 15))},
		{"two-piece log lo negative", second(TwoPieceFrom90(Log, 9, -1, 15))},
		{"two-piece logit hi one", second(TwoPieceFrom90(Logit, 0.5, 0.2, 1))},
		{"two-piece logit lo zero", second(TwoPieceFrom90(Logit, 0.5, 0, 0.8))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("got nil error")
			}
			checkErrorStyle(t, tt.err)
		})
	}
}

// second returns the error of a constructor's result pair.
func second[T any](_ T, err error) error { return err }

func TestValidateErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		v    interface{ Validate() error }
	}{
		{"normal sigma zero", Normal{Mu: 0, Sigma: 0}},
		{"normal sigma negative", Normal{Mu: 0, Sigma: -1}},
		{"normal mu nan", Normal{Mu: nan, Sigma: 1}},
		{"normal sigma infinite", Normal{Mu: 0, Sigma: inf}},
		{"lognormal sigma zero", LogNormal{Mu: 0, Sigma: 0}},
		{"lognormal mu infinite", LogNormal{Mu: inf, Sigma: 1}},
		{"logit-normal sigma nan", LogitNormal{Mu: 0, Sigma: nan}},
		{"logit-normal mu infinite", LogitNormal{Mu: -inf, Sigma: 1}},
		{"uniform equal", Uniform{Min: 1, Max: 1}},
		{"uniform reversed", Uniform{Min: 2, Max: 1}},
		{"uniform infinite", Uniform{Min: 0, Max: inf}},
		{"triangular mode below", Triangular{Min: 0, Mode: -1, Max: 1}},
		{"triangular mode above", Triangular{Min: 0, Mode: 2, Max: 1}},
		{"triangular degenerate", Triangular{Min: 1, Mode: 1, Max: 1}},
		{"triangular nan", Triangular{Min: 0, Mode: nan, Max: 1}},
		{"pert mode outside", PERT{Min: 0, Mode: 5, Max: 4}},
		{"pert degenerate", PERT{Min: 3, Mode: 3, Max: 3}},
		{"pert lambda negative", PERT{Min: 0, Mode: 1, Max: 4, Lambda: -1}},
		{"pert lambda nan", PERT{Min: 0, Mode: 1, Max: 4, Lambda: nan}},
		{"beta alpha zero", Beta{Alpha: 0, Beta: 1}},
		{"beta beta negative", Beta{Alpha: 1, Beta: -2}},
		{"beta alpha infinite", Beta{Alpha: inf, Beta: 1}},
		{"beta reversed interval", Beta{Alpha: 2, Beta: 2, Min: 5, Max: 1}},
		{"beta empty interval", Beta{Alpha: 2, Beta: 2, Min: 3, Max: 3}},
		{"two-piece unknown scale", TwoPiece{Scale: Scale(-1), M: 1, SigmaLo: 1, SigmaHi: 1}},
		{"two-piece log median zero", TwoPiece{Scale: Log, M: 0, SigmaLo: 1, SigmaHi: 1}},
		{"two-piece logit median one", TwoPiece{Scale: Logit, M: 1, SigmaLo: 1, SigmaHi: 1}},
		{"two-piece linear median nan", TwoPiece{Scale: Linear, M: nan, SigmaLo: 1, SigmaHi: 1}},
		{"two-piece sigma zero", TwoPiece{Scale: Linear, M: 0, SigmaLo: 0, SigmaHi: 1}},
		{"two-piece sigma infinite", TwoPiece{Scale: Linear, M: 0, SigmaLo: 1, SigmaHi: inf}},
		{"discrete empty", Discrete{}},
		{"discrete length mismatch", Discrete{Values: []float64{1, 2}, Weights: []float64{1}}},
		{"discrete negative weight", Discrete{Values: []float64{1, 2}, Weights: []float64{1, -1}}},
		{"discrete zero weights", Discrete{Values: []float64{1, 2}, Weights: []float64{0, 0}}},
		{"discrete nan weight", Discrete{Values: []float64{1}, Weights: []float64{nan}}},
		{"discrete infinite value", Discrete{Values: []float64{inf}}},
		{"discrete overflowing sum", Discrete{Values: []float64{1, 2},
			Weights: []float64{math.MaxFloat64, math.MaxFloat64}}},
		{"bernoulli negative", Bernoulli{P: -0.1}},
		{"bernoulli above one", Bernoulli{P: 1.1}},
		{"bernoulli nan", Bernoulli{P: nan}},
		{"point nan", Point{Value: nan}},
		{"point infinite", Point{Value: inf}},
		{"truncated nil base", Truncated{Lo: 0, Hi: 1}},
		{"truncated invalid base", Truncated{Base: Normal{Mu: 0, Sigma: -1}, Lo: 0, Hi: 1}},
		{"truncated reversed", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 1, Hi: 0}},
		{"truncated nan bound", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: nan, Hi: 0}},
		{"truncated no mass", Truncated{Base: Uniform{Min: 0, Max: 1}, Lo: 2, Hi: 3}},
		// Φ(−40) underflows to 0, so [−inf, −40] has no mass in float64.
		{"truncated far tail", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: -inf, Hi: -40}},
		{"truncated point outside", Truncated{Base: Point{Value: 5}, Lo: 0, Hi: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			checkErrorStyle(t, err)
		})
	}
}

// TestTruncatedWrapsBaseError checks that Validate reports the base's error.
func TestTruncatedWrapsBaseError(t *testing.T) {
	base := Normal{Mu: 0, Sigma: -1}
	err := Truncated{Base: base, Lo: 0, Hi: 1}.Validate()
	if want := base.Validate(); err == nil || !strings.Contains(err.Error(), want.Error()) {
		t.Errorf("Validate() = %v, want it to carry %v", err, want)
	}
}

// TestConstructorsValidate checks that what the constructors return passes
// Validate and matches the requested interval.
func TestConstructorsValidate(t *testing.T) {
	type validDist interface {
		Distribution
		Validate() error
	}
	must := func(d validDist, err error) validDist {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name         string
		d            validDist
		p5, p50, p95 float64
	}{
		{"lognormal90", must(LogNormalFrom90(2, 8)), 2, 4, 8},
		// Median 10, factor 1.35: p5 = 10/1.35, p95 = 13.5.
		{"lognormal factor", must(LogNormalMedianFactor(10, 1.35)), 10 / 1.35, 10, 13.5},
		{"normal90", must(NormalFrom90(2028, 2032)), 2028, 2030, 2032},
		{"normal half-width", must(NormalMeanHalfWidth(2026.5, 1)), 2025.5, 2026.5, 2027.5},
		// Logits of 0.2 and 0.8 are ∓ln 4, so the median is logistic(0) = 1/2.
		{"logit90", must(LogitNormalFrom90(0.2, 0.8)), 0.2, 0.5, 0.8},
		// logit(0.3) ± 0.6 mapped back through the logistic function.
		{"logit half-width", must(LogitNormalMedianHalfWidth(0.3, 0.6)),
			1 / (1 + math.Exp(-(math.Log(3.0/7) - 0.6))), 0.3,
			1 / (1 + math.Exp(-(math.Log(3.0/7) + 0.6)))},
		{"two-piece linear", must(TwoPieceFrom90(Linear, 2030, 2029, 2034)), 2029, 2030, 2034},
		{"two-piece log", must(TwoPieceFrom90(Log, 4.5, 2, 7)), 2, 4.5, 7},
		{"two-piece logit", must(TwoPieceFrom90(Logit, 0.4, 0.3, 0.45)), 0.3, 0.4, 0.45},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.d.Validate(); err != nil {
				t.Fatalf("Validate() = %v", err)
			}
			tol := 1e-9 * math.Max(1, math.Abs(tt.p50))
			checkNear(t, "p5", tt.d.Quantile(0.05), tt.p5, tol)
			checkNear(t, "p50", tt.d.Quantile(0.5), tt.p50, tol)
			checkNear(t, "p95", tt.d.Quantile(0.95), tt.p95, tol)
		})
	}
}

func TestString(t *testing.T) {
	ln, err := LogNormalFrom90(5, 10)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := TwoPieceFrom90(Log, 9, 6, 15)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		d    Distribution
		want string
	}{
		{"lognormal", ln, "lognormal(median=7.07, 90%: 5–10)"},
		{"normal", Normal{Mu: 2026.5, Sigma: 0.61}, "normal(mu=2026.5, sigma=0.61)"},
		{"two-piece", tp, "two-piece lognormal(median=9, 90%: 6–15)"},
		{"uniform", Uniform{Min: 0, Max: 10}, "uniform(min=0, max=10)"},
		{"triangular", Triangular{Min: 1, Mode: 2, Max: 5}, "triangular(min=1, mode=2, max=5)"},
		{"pert", PERT{Min: 1, Mode: 2, Max: 5}, "pert(min=1, mode=2, max=5)"},
		{"pert lambda", PERT{Min: 1, Mode: 2, Max: 5, Lambda: 6},
			"pert(min=1, mode=2, max=5, lambda=6)"},
		{"beta", Beta{Alpha: 2, Beta: 3}, "beta(alpha=2, beta=3)"},
		{"beta scaled", Beta{Alpha: 2, Beta: 3, Min: 1, Max: 4},
			"beta(alpha=2, beta=3, on [1, 4])"},
		{"discrete", Discrete{Values: []float64{1, 2}, Weights: []float64{1, 4}},
			"discrete(1: 0.2, 2: 0.8)"},
		{"bernoulli", Bernoulli{P: 0.3}, "bernoulli(p=0.3)"},
		{"point", Point{Value: 5}, "point(5)"},
		{"large", Point{Value: 3.8e25}, "point(3.8e+25)"},
		{"truncated", Truncated{Base: Normal{Mu: 0, Sigma: 1}, Lo: 0, Hi: math.Inf(1)},
			"normal(mu=0, sigma=1) truncated to [0, +Inf]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScaleString(t *testing.T) {
	for s, want := range map[Scale]string{Linear: "linear", Log: "log", Logit: "logit",
		Scale(5): "Scale(5)"} {
		if got := s.String(); got != want {
			t.Errorf("Scale(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
