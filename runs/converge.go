package runs

import (
	"context"
	"errors"
	"math"

	"github.com/euromesh/euromesh-mc/analysis"
)

// ConvergeBatch is the number of draws between two checks of the standard
// error in [Converge].
const ConvergeBatch = 8192

// Convergence is the outcome of [Converge].
type Convergence struct {
	Target float64 // the standard error asked for
	Draws  int64   // draws evaluated: where the target was met, or the limit
	Wins   int64   // draws among them in which the federation wins
	// SE is the standard error of P(federation beats campus) after Draws,
	// as Converge measures it.
	SE      float64
	Reached bool // SE < Target
}

// ConvergeSE returns the standard error that [Converge] compares with its
// target after k federation wins in n draws:
//
//	SE = sqrt(p̃(1 − p̃)/n),  p̃ = (k + 2)/(n + 4).
//
// p̃ is the centre of the Agresti–Coull interval: unlike k/n it is never 0 or
// 1, so a run in which every draw so far agrees does not report a standard
// error of 0 and stop after one batch. For n in the thousands it differs
// from the binomial standard error sqrt(p(1−p)/n) only when p is within a
// few draws of 0 or 1.
//
// Reference: A. Agresti and B. A. Coull (1998), Approximate is better than
// "exact" for interval estimation of binomial proportions, The American
// Statistician 52(2), 119-126.
func ConvergeSE(k, n int64) float64 {
	p := float64(k+2) / float64(n+4)
	return math.Sqrt(p * (1 - p) / float64(n))
}

// Converge evaluates the draws of cfg in batches of [ConvergeBatch], writing
// nothing, until the standard error of P(federation beats campus)
// ([ConvergeSE]) falls below target or cfg.Draws draws are done, and returns
// how many draws that took. Running cfg with Draws set to that number then
// reproduces exactly the draws that met the target, since draw i depends
// only on the seed and i; this holds for plain Monte Carlo, with or without
// a Gaussian copula, not for designs whose points depend on the run size
// (Latin hypercube), for which the caller should not use it. Converge needs
// an unsharded cfg.
func Converge(ctx context.Context, cfg *Config, target float64) (*Convergence, error) {
	if cfg.Shards > 0 {
		return nil, errors.New("convergence: a sharded run cannot stop early")
	}
	if !(target > 0) {
		return nil, errors.New("convergence: the target standard error must be positive")
	}
	c := &Convergence{Target: target, SE: math.NaN()}
	ex := &Executor{Binding: cfg.Binding, Sampler: cfg.Sampler, Workers: cfg.Workers}
	for c.Draws < cfg.Draws && !c.Reached {
		last := min(cfg.Draws, c.Draws+ConvergeBatch)
		err := ex.Run(ctx, c.Draws, last, func(ch *Chunk) error {
			for k, r := range ch.Results[:ch.N] {
				// A draw with a non-finite output counts as the run would
				// write it: with the faulty values missing.
				if ch.NonFinite != nil && ch.NonFinite[k] {
					sanitize(r)
				}
				if r.FedWins {
					c.Wins++
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		c.Draws = last
		c.SE = ConvergeSE(c.Wins, c.Draws)
		c.Reached = c.SE < target
	}
	return c, nil
}

// A QuantileSE is a sample quantile with its standard error.
type QuantileSE struct {
	P  float64 // probability
	Q  float64 // the [analysis.Quantile7] quantile over the draws where the value exists
	SE float64 // batch-means standard error; NaN when the batches are too small
}

// PrecisionBatches is the number of batches [MeasurePrecision] cuts a run
// into.
const PrecisionBatches = 20

// Precision holds the Monte Carlo standard errors of a run's headline
// numbers.
type Precision struct {
	Draws   int
	Batches int
	// PFedBeats is P(federation beats campus) and PFedBeatsSE its binomial
	// standard error sqrt(p(1−p)/N).
	PFedBeats, PFedBeatsSE float64
	// Quantiles holds, for the federation year, the campus year and the
	// lead (analysis.OutFedYear, OutCampusYear, OutLead), one entry per
	// analysis.SummaryProbs.
	Quantiles map[string][]QuantileSE
}

// MeasurePrecision returns the standard errors of a run's P(federation
// beats campus) (binomial) and of its reported quantiles (batch means,
// [analysis.BatchQuantileSE], over [PrecisionBatches] batches of the draws
// in order). A quantile's standard error is NaN unless each batch holds, on
// average, at least 10 draws on either side of it: (M/B)·min(p, 1−p) >= 10
// for M draws in which the value exists; at p = 0.05 this asks for 4,000.
// Batch means assume independent batches, which holds for plain Monte
// Carlo; for a Latin hypercube run they are an upper bound.
func MeasurePrecision(o *analysis.Outcomes) *Precision {
	n := len(o.FedYear)
	var wins int64
	for _, w := range o.FedWins {
		if w {
			wins++
		}
	}
	pr := analysis.Proportion{K: wins, N: int64(n)}
	p := &Precision{Draws: n, Batches: PrecisionBatches, PFedBeats: pr.P(), PFedBeatsSE: pr.SE(),
		Quantiles: map[string][]QuantileSE{}}
	for name, x := range map[string][]float64{analysis.OutFedYear: o.FedYear,
		analysis.OutCampusYear: o.CampusYear, analysis.OutLead: o.Lead} {
		present := 0
		for _, v := range x {
			if !math.IsNaN(v) {
				present++
			}
		}
		qs := analysis.Quantiles(x, analysis.SummaryProbs)
		for i, q := range analysis.SummaryProbs {
			e := QuantileSE{P: q, Q: qs[i], SE: math.NaN()}
			if float64(present)/PrecisionBatches*math.Min(q, 1-q) >= 10 {
				e.SE = analysis.BatchQuantileSE(x, q, PrecisionBatches)
			}
			p.Quantiles[name] = append(p.Quantiles[name], e)
		}
	}
	return p
}
