package analysis

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// A RowModel computes the outputs y of a model at one row u of uniforms.
// Each worker of [EvaluateSaltelli] gets its own RowModel, so a RowModel may
// keep scratch state.
type RowModel func(u, y []float64)

// SaltelliRows writes row r of the base matrices A and B into a and b. It is
// called from several goroutines at once, each with its own a and b, and must
// give the same rows whatever the order of the calls. An error stops the
// evaluation.
type SaltelliRows func(r int, a, b []float64) error

// SaltelliOutputs are the model outputs over a Saltelli design, for one or
// more outputs: FA[o][r] is output o at row r of A, FB[o][r] at row r of B,
// and FAB[o][i][r] at row r of AB_i, the matrix A with the columns of group i
// taken from B.
type SaltelliOutputs struct {
	FA, FB [][]float64
	FAB    [][][]float64
}

// saltelliChunk is the number of base rows a worker evaluates at a time.
const saltelliChunk = 256

// EvaluateSaltelli evaluates a model with the given number of outputs on every
// row of the plan's matrices A, B and AB_i (N(K+2) evaluations), rows taken
// from rows and one RowModel per worker from newModel. Rows are built one at a
// time, so memory is that of the outputs, not of the N×D matrices. workers 0
// means runtime.GOMAXPROCS(0); the result does not depend on it. It stops
// with ctx's error when ctx is cancelled.
func EvaluateSaltelli(ctx context.Context, plan *SaltelliPlan, outputs int, rows SaltelliRows,
	newModel func() RowModel, workers int) (*SaltelliOutputs, error) {
	if outputs < 1 {
		panic("analysis: saltelli evaluation needs at least one output")
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0) // model evaluation is CPU-bound
	}
	n, k := plan.N, plan.K()
	out := &SaltelliOutputs{FA: make([][]float64, outputs), FB: make([][]float64, outputs),
		FAB: make([][][]float64, outputs)}
	for o := range outputs {
		out.FA[o], out.FB[o] = make([]float64, n), make([]float64, n)
		out.FAB[o] = make([][]float64, k)
		for i := range k {
			out.FAB[o][i] = make([]float64, n)
		}
	}

	// Workers take chunks of rows in turn and write into their rows' slots,
	// so the outputs do not depend on scheduling.
	var next atomic.Int64
	chunks := int64((n + saltelliChunk - 1) / saltelliChunk)
	g, gctx := errgroup.WithContext(ctx)
	for range workers {
		g.Go(func() error {
			f := newModel()
			a, b := make([]float64, plan.D), make([]float64, plan.D)
			ab, y := make([]float64, plan.D), make([]float64, outputs)
			for c := next.Add(1) - 1; c < chunks; c = next.Add(1) - 1 {
				if err := gctx.Err(); err != nil {
					return err
				}
				for r := int(c) * saltelliChunk; r < min(n, int(c+1)*saltelliChunk); r++ {
					if err := rows(r, a, b); err != nil {
						return err
					}
					f(a, y)
					for o := range outputs {
						out.FA[o][r] = y[o]
					}
					f(b, y)
					for o := range outputs {
						out.FB[o][r] = y[o]
					}
					for i, cols := range plan.Groups {
						copy(ab, a)
						for _, col := range cols {
							ab[col] = b[col]
						}
						f(ab, y)
						for o := range outputs {
							out.FAB[o][i][r] = y[o]
						}
					}
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// GroupIndices are the Sobol' indices of groups of inputs for several
// outputs, with bootstrap intervals.
type GroupIndices struct {
	Groups  []string   // group names
	Members [][]string // the sampling dimensions in each group
	Outputs []string   // output names
	N       int        // base sample size
	// Indices[o] holds the indices for output o; First[i] and Total[i]
	// belong to Groups[i].
	Indices []Indices
}

// SobolOutputs are the outputs of [ModelGroupIndices], in order.
var SobolOutputs = []string{OutFedYear, OutCampusYear, OutFedWins}

// SobolOptions configure [ModelGroupIndices]. The zero value asks for the
// defaults.
type SobolOptions struct {
	Seed      uint64  // seed of the design and of the bootstrap
	Workers   int     // 0: runtime.GOMAXPROCS(0); results never depend on it
	Resamples int     // bootstrap replicates; 0 means 500
	Conf      float64 // interval confidence level; 0 means 0.95
	// Correlations are rank correlations between sampling dimensions to
	// impose on A and B (a Gaussian copula, as in a run); nil draws every
	// input independently. Every pair must lie within one group.
	Correlations []sampler.Correlation
}

// ModelGroupIndices estimates the first-order and total Sobol' indices of the
// parameter groups of [GroupColumns] for the federation year, the campus year
// (a missing year counting as the horizon) and the federation-wins indicator
// ([SobolOutputs]), from a Saltelli design of n base rows: N(K+2) model
// evaluations for K groups. S uses the Saltelli (2010) estimator and ST the
// Jansen (1999) one ([SaltelliIndices]), with bootstrap intervals
// ([SaltelliBootstrap]).
//
// A and B are plain Monte Carlo samples (independent rows, so the bootstrap
// holds) over the binding's sampling dimensions, from two streams derived
// from the seed; their uniforms go through the binding's quantiles as in a
// run. With opt.Correlations both are drawn with those rank correlations.
// Sobol' indices need independent groups, not independent inputs: when every
// correlated pair lies within one group, the groups stay independent and
// each AB_i keeps the joint distribution of every group, so the indices are
// those of the correlated model (J. Jacques, C. Lavergne and N. Devictor
// (2006), Sensitivity analysis in presence of model uncertainty and
// correlated inputs, Reliability Engineering & System Safety 91(10-11),
// 1126-1134). A pair across groups is an error. If n < [MinBaseSamples] the
// error wraps [ErrTooFewSamples].
func ModelGroupIndices(ctx context.Context, b *params.Binding, n int,
	opt SobolOptions) (*GroupIndices, error) {
	if opt.Resamples == 0 {
		opt.Resamples = 500
	}
	if opt.Conf == 0 {
		opt.Conf = 0.95
	}
	dims := b.Dims()
	names, cols := GroupColumns(dims)
	plan, err := NewSaltelliPlan(n, len(dims), cols)
	if err != nil {
		return nil, err
	}

	// Two independent Monte Carlo streams, keyed by the seed and a label,
	// with the correlations imposed on each.
	for _, c := range opt.Correlations {
		if ga, gb := GroupOf(c.A), GroupOf(c.B); ga != gb {
			return nil, fmt.Errorf("analysis: the correlation of %s (%s) and %s (%s) "+
				"crosses parameter groups; group Sobol' indices need independent groups",
				c.A, ga, c.B, gb)
		}
	}
	stream := func(label string) (sampler.Sampler, error) {
		mc := sampler.NewMonteCarlo(sampler.NameKey(fmt.Sprintf("%s/%d", label, opt.Seed)),
			dims)
		s, _, err := sampler.NewCorrelated(mc, dims, opt.Correlations)
		return s, err
	}
	sa, err := stream("saltelli-a")
	if err != nil {
		return nil, err
	}
	sb, err := stream("saltelli-b")
	if err != nil {
		return nil, err
	}
	rows := func(r int, a, bb []float64) error {
		return errors.Join(sa.Fill(int64(r), 1, a), sb.Fill(int64(r), 1, bb))
	}
	newModel := func() RowModel {
		in := b.NewInputs()
		ws := model.NewWorkspace(b.MaxSites())
		res := model.NewResult(b.Regions(), b.MaxSites())
		vals := make([]float64, len(b.Names()))
		return func(u, y []float64) {
			region := b.Values(u, vals)
			b.Fill(vals, region, in)
			model.Evaluate(in, ws, res)
			y[0], y[1], _, y[2] = SensitivityOutputs(res, in.Horizon)
		}
	}
	out, err := EvaluateSaltelli(ctx, plan, len(SobolOutputs), rows, newModel, opt.Workers)
	if err != nil {
		return nil, err
	}

	gi := &GroupIndices{Groups: names, Outputs: slices.Clone(SobolOutputs), N: n}
	for _, c := range cols {
		m := make([]string, len(c))
		for j, d := range c {
			m[j] = dims[d]
		}
		gi.Members = append(gi.Members, m)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, sampler.NameKey("saltelli-bootstrap")))
	for o := range SobolOutputs {
		gi.Indices = append(gi.Indices,
			SaltelliBootstrap(out.FA[o], out.FB[o], out.FAB[o], opt.Resamples, rng, opt.Conf))
	}
	return gi, nil
}
