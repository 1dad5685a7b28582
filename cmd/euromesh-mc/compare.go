package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/runs"
	"github.com/euromesh/euromesh-mc/sampler"
)

// z975 is Φ⁻¹(0.975), for 95% Wilson intervals.
const z975 = 1.959963984540054

// scenarioDraws are the per-draw outcomes of one scenario that compare needs.
type scenarioDraws struct {
	label      string
	fedYear    []float64 // NaN: the federation never reaches the target
	campusYear []float64 // NaN: no campus, or it never reaches the target
	fedWins    []bool
}

// runCompare is `euromesh-mc compare A B ...`: it runs each scenario on the
// same seed and draws and prints one table. Nothing is written to disk.
func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare")
	draws := fs.Int64P("draws", "n", 10000, "draws per scenario")
	seed := fs.Uint64P("seed", "s", 1, "run seed, shared by every scenario")
	workers := fs.IntP("workers", "j", 0, "worker goroutines (0: all cores)")
	noCorr := fs.Bool("no-correlations", false, "draw every input independently")
	po := addOverlayFlags(fs)
	names, err := parseArgs(fs, args, 1, -1, "one or more scenarios (names or files)")
	if err != nil {
		return err
	}
	if *draws < 2 {
		return usagef("--draws %d: expected at least 2", *draws)
	}
	if *workers < 0 {
		return usagef("--workers %d: expected 0 (all cores) or more", *workers)
	}

	// Read every scenario before running any, so that all problems show at
	// once and a bad last scenario does not cost the runs before it.
	sets := make([]*params.Set, len(names))
	labels := make([]string, len(names))
	var problems params.Errors
	for i, n := range names {
		set, err := po.loadScenario(n)
		var pl *problemList
		switch {
		case errors.As(err, &pl):
			// --params and --set problems repeat for every scenario.
			for _, e := range pl.list {
				if !slices.ContainsFunc(problems, func(p *params.Error) bool { return *p == *e }) {
					problems = append(problems, e)
				}
			}
			continue
		case err != nil:
			return err
		}
		sets[i], labels[i] = set, scenarioLabel(po.scen)
	}
	if len(problems) > 0 {
		return paramProblems(problems)
	}

	// Bind and build every sampler before running any, for the same reason.
	bound := make([]*params.Binding, len(sets))
	samplers := make([]sampler.Sampler, len(sets))
	for i, set := range sets {
		if bound[i], err = params.NewBinding(set); err != nil {
			return usagef("scenario %s: %v", labels[i], err)
		}
		samplers[i], _, err = newSampler("mc", *seed, bound[i], *draws, *po.dir, *noCorr, stderr)
		if err != nil {
			return fmt.Errorf("scenario %s: %w", labels[i], err)
		}
	}

	results := make([]*scenarioDraws, len(sets))
	for i := range sets {
		results[i], err = drawScenario(ctx, bound[i], samplers[i], labels[i], *draws, *workers)
		if err != nil {
			return err
		}
	}
	return writeComparison(stdout, results, *seed, !*noCorr)
}

// drawScenario runs draws [0, n) of one bound parameter set. Monte Carlo
// streams are keyed by parameter name, so two sets share the uniforms of
// every parameter they have in common: common random numbers.
func drawScenario(ctx context.Context, b *params.Binding, s sampler.Sampler, label string,
	n int64, workers int) (*scenarioDraws, error) {
	d := &scenarioDraws{label: label, fedYear: make([]float64, n),
		campusYear: make([]float64, n), fedWins: make([]bool, n)}
	ex := &runs.Executor{Binding: b, Sampler: s, Workers: workers}
	err := ex.Run(ctx, 0, n, func(c *runs.Chunk) error {
		for k := 0; k < c.N; k++ {
			r, i := c.Results[k], c.Start+int64(k)
			d.fedYear[i], d.campusYear[i], d.fedWins[i] = r.Federation.Year, r.Campus.Year,
				r.FedWins
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("interrupted: %w", ctx.Err())
		}
		return nil, fmt.Errorf("scenario %s: %w", label, err)
	}
	return d, nil
}

// writeComparison prints the comparison table: per scenario P(federation
// beats campus) with its Wilson 95% interval, the paired difference from the
// first scenario with its standard error, and the median and 90% range of
// both years over the draws where each exists.
func writeComparison(w io.Writer, rs []*scenarioDraws, seed uint64, correlated bool) error {
	n := len(rs[0].fedWins)
	var b strings.Builder
	design := "plain Monte Carlo with the rank correlations of correlations.yaml"
	if !correlated {
		design = "plain Monte Carlo with independent inputs"
	}
	intro := fmt.Sprintf("Common random numbers: %d draws per scenario, seed %d, %s. Each "+
		"parameter takes the same uniform in every scenario that has it.", n, seed, design)
	b.WriteString(strings.Join(wrap(intro, 88), "\n") + "\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario\tP(fed beats campus) [95%%]\tvs %s ± SE\t"+
		"fed year p50 [p5, p95]\tfed done\tcampus year p50 [p5, p95]\tcampus done\tneither\n",
		rs[0].label)
	for i, r := range rs {
		pr := analysis.Proportion{K: count(r.fedWins), N: int64(n)}
		lo, hi := pr.Wilson(z975)
		diff := "—"
		if i > 0 {
			first := analysis.Proportion{K: count(rs[0].fedWins), N: int64(n)}
			diff = fmt.Sprintf("%+.4f ± %.4f", pr.P()-first.P(),
				analysis.DiffSE(r.fedWins, rs[0].fedWins))
		}
		fmt.Fprintf(tw, "%s\t%.4f [%.4f, %.4f]\t%s\t%s\t%s\t%s\t%s\t%s\n", r.label, pr.P(), lo,
			hi, diff, yearRange(r.fedYear), share(present(r.fedYear), n), yearRange(r.campusYear),
			share(present(r.campusYear), n), share(neither(r), n))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\nThe difference is P(fed beats campus) minus that of %s on the same draws;"+
		"\nits standard error is paired: the spread of the per-draw differences. Years are\n"+
		"decimal years over the draws in which that path reaches the target; \"done\" is the\n"+
		"share that does, and \"neither\" the share in which neither path does before the "+
		"horizon.\n", rs[0].label)
	_, err := io.WriteString(w, b.String())
	return err
}

// count returns the number of true values in x.
func count(x []bool) int64 {
	var k int64
	for _, v := range x {
		if v {
			k++
		}
	}
	return k
}

// present returns the number of years in x that exist (are not NaN).
func present(x []float64) int {
	k := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			k++
		}
	}
	return k
}

// neither returns the number of draws in which neither path finishes.
func neither(r *scenarioDraws) int {
	k := 0
	for i := range r.fedYear {
		if math.IsNaN(r.fedYear[i]) && math.IsNaN(r.campusYear[i]) {
			k++
		}
	}
	return k
}

// share formats k out of n as a proportion.
func share(k, n int) string { return fmt.Sprintf("%.3f", float64(k)/float64(n)) }

// yearRange formats the median and the 5% and 95% quantiles of the years
// present, or "never" when there are none.
func yearRange(x []float64) string {
	q := analysis.Quantiles(x, []float64{0.05, 0.5, 0.95})
	if math.IsNaN(q[1]) {
		return "never"
	}
	return fmt.Sprintf("%.2f [%.2f, %.2f]", q[1], q[0], q[2])
}
