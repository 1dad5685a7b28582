package runs_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/runs"
	"github.com/euromesh/euromesh-mc/sampler"
)

func TestConvergeSE(t *testing.T) {
	// k = 4998, n = 10000: p̃ = 5000/10004, and
	// sqrt(p̃(1−p̃)/n) = sqrt(5000·5004)/10004/100 = 0.0049999900...
	want := math.Sqrt(5000.0*5004.0) / 10004 / 100
	if got := runs.ConvergeSE(4998, 10000); math.Abs(got-want) > 1e-15 {
		t.Errorf("ConvergeSE(4998, 10000) = %.12f, want %.12f", got, want)
	}
	// Every draw a win: p̃ = (n+2)/(n+4) keeps the error above 0.
	if se := runs.ConvergeSE(1000, 1000); !(se > 0) {
		t.Errorf("ConvergeSE(1000, 1000) = %g, want > 0", se)
	}
}

func convergeConfig(t *testing.T, draws int64) *runs.Config {
	t.Helper()
	s, err := params.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := params.NewBinding(s)
	if err != nil {
		t.Fatal(err)
	}
	return &runs.Config{Binding: b, Sampler: sampler.NewMonteCarlo(4, b.Dims()), Draws: draws}
}

func TestConverge(t *testing.T) {
	ctx := context.Background()
	cfg := convergeConfig(t, runs.ConvergeBatch+100)

	// An unreachable target runs to the limit.
	c, err := runs.Converge(ctx, cfg, 1e-9)
	if err != nil {
		t.Fatal(err)
	}
	if c.Reached || c.Draws != cfg.Draws {
		t.Errorf("target 1e-9: reached %v after %d draws, want the limit %d", c.Reached,
			c.Draws, cfg.Draws)
	}
	if c.SE != runs.ConvergeSE(c.Wins, c.Draws) {
		t.Errorf("SE %g is not ConvergeSE(%d, %d)", c.SE, c.Wins, c.Draws)
	}

	// The wins are those of the draws themselves.
	var wins int64
	ex := &runs.Executor{Binding: cfg.Binding, Sampler: cfg.Sampler}
	if err := ex.Run(ctx, 0, cfg.Draws, func(ch *runs.Chunk) error {
		for _, r := range ch.Results[:ch.N] {
			if r.FedWins {
				wins++
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if wins != c.Wins {
		t.Errorf("Converge counted %d wins, the draws have %d", c.Wins, wins)
	}

	// A target between the errors after one and after two batches stops
	// after two: the first check does not meet it, the second does.
	se1 := mustConverge(t, convergeConfig(t, runs.ConvergeBatch), 1e-9).SE
	se2 := mustConverge(t, convergeConfig(t, 2*runs.ConvergeBatch), 1e-9).SE
	if !(se2 < se1) {
		t.Fatalf("SE after two batches %g not below SE after one %g", se2, se1)
	}
	c = mustConverge(t, convergeConfig(t, 3*runs.ConvergeBatch), (se1+se2)/2)
	if !c.Reached || c.Draws != 2*runs.ConvergeBatch {
		t.Errorf("target between batches: reached %v after %d draws, want true after %d",
			c.Reached, c.Draws, 2*runs.ConvergeBatch)
	}

	sharded := *cfg
	sharded.Shards = 2
	if _, err := runs.Converge(ctx, &sharded, 0.01); err == nil {
		t.Error("sharded config: no error")
	}
}

func mustConverge(t *testing.T, cfg *runs.Config, target float64) *runs.Convergence {
	t.Helper()
	c, err := runs.Converge(context.Background(), cfg, target)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMeasurePrecision checks the batch-means standard error of the median
// of N(0, 1) draws against sqrt(p(1−p))/(φ(0)·sqrt(N)) = 0.012533 at N = 10^4
// (ORACLES.md). With 20 batches the estimate itself has a relative standard
// error near 1/sqrt(2·19) = 0.16, so it is checked to within 50%.
func TestMeasurePrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	const n = 10000
	o := &analysis.Outcomes{FedYear: make([]float64, n), CampusYear: make([]float64, n),
		Lead: make([]float64, n), FedWins: make([]bool, n)}
	for i := range n {
		o.FedYear[i] = rng.NormFloat64()
		o.CampusYear[i] = math.NaN()
		if i%10 == 0 {
			o.CampusYear[i] = rng.NormFloat64()
		}
		o.Lead[i] = o.CampusYear[i] - o.FedYear[i]
		o.FedWins[i] = i%4 == 0
	}
	p := runs.MeasurePrecision(o)
	if p.PFedBeats != 0.25 || math.Abs(p.PFedBeatsSE-math.Sqrt(0.25*0.75/n)) > 1e-15 {
		t.Errorf("P(fed beats) = %v ± %v", p.PFedBeats, p.PFedBeatsSE)
	}
	want := 0.5 / (1 / math.Sqrt(2*math.Pi)) / math.Sqrt(n)
	med := p.Quantiles[analysis.OutFedYear][3]
	if med.P != 0.5 || math.Abs(med.SE/want-1) > 0.5 {
		t.Errorf("median SE = %.5f, want about %.5f", med.SE, want)
	}

	// The campus year exists in every tenth draw: 50 per batch, enough for the
	// median (25 on each side) but not for p = 0.05 or 0.10.
	cy := p.Quantiles[analysis.OutCampusYear]
	for _, q := range cy {
		enough := 1000.0/runs.PrecisionBatches*math.Min(q.P, 1-q.P) >= 10
		if enough == math.IsNaN(q.SE) {
			t.Errorf("campus year p = %.2f: SE = %g with %v batches large enough", q.P, q.SE,
				enough)
		}
	}
}
