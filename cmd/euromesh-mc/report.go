package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/report"
	"github.com/euromesh/euromesh-mc/runs"
	"github.com/euromesh/euromesh-mc/sampler"
)

// defaultReportSobolN caps the base sample of the Sobol' indices that a run
// computes for its report: (K+2)·4096 = 36,864 model evaluations for the
// seven groups, about a second.
const defaultReportSobolN = 4096

// reportOptions are the run flags that size the run and shape its report.
type reportOptions struct {
	targetSE *float64
	sobolN   *int
	noReport *bool
}

// addReportFlags registers --target-se, --sobol-n and --no-report on fs.
func addReportFlags(fs *pflag.FlagSet) *reportOptions {
	return &reportOptions{
		targetSE: fs.Float64("target-se", 0, "run in batches until the standard error of "+
			"P(federation beats campus) is below this (at most -n draws)"),
		sobolN: fs.Int("sobol-n", -1, "base sample of the report's Sobol' indices "+
			"(default: the smaller of 4096 and the draws; 0: none)"),
		noReport: fs.Bool("no-report", false, "write no figures and no report.html"),
	}
}

// apply sizes cfg by --target-se and sets its Extras hook to write the
// figures and report.html, whose Sobol' design takes the correlations of
// paramsDir (or the defaults) unless noCorr. Notes about the report go to
// stderr.
func (ro *reportOptions) apply(ctx context.Context, cfg *runs.Config, sampler string,
	seed uint64, scenario, paramsDir string, noCorr bool, stderr io.Writer) error {
	if *ro.targetSE < 0 || *ro.sobolN < -1 {
		return usagef("--target-se and --sobol-n must not be negative")
	}
	var conv *runs.Convergence
	if *ro.targetSE > 0 {
		switch {
		case cfg.Shards > 0:
			return usagef("--target-se: a sharded run cannot stop early")
		case sampler != "mc":
			return usagef("--target-se needs --sampler mc: the points of %s depend on "+
				"the run size", sampler)
		}
		var err error
		if conv, err = runs.Converge(ctx, cfg, *ro.targetSE); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%w while sizing the run for --target-se; nothing was "+
					"written", context.Cause(ctx))
			}
			return err
		}
		state := "reached"
		if !conv.Reached {
			state = "not reached: stopped at the -n limit"
		}
		fmt.Fprintf(stderr, "euromesh-mc: --target-se %g %s after %d draws "+
			"(s.e. %.5f)\n", *ro.targetSE, state, conv.Draws, conv.SE)
		cfg.Draws = conv.Draws
	}
	if *ro.noReport || cfg.Shards > 0 {
		return nil // a shard's report would describe a slice of the run
	}

	n := *ro.sobolN
	if n < 0 {
		n = int(min(cfg.Draws, defaultReportSobolN))
	}
	pairs, err := correlationPairs(cfg.Binding, paramsDir, noCorr)
	if err != nil {
		return err
	}
	opt := report.Options{Binding: cfg.Binding, Seed: seed, Workers: cfg.Workers, SobolN: n,
		Correlations: pairs, Title: "euromesh-mc run report", Convergence: conv,
		Details: []string{fmt.Sprintf("%d draws, seed %d, sampler %s, scenario %s, "+
			"parameters %s.", cfg.Draws, seed, sampler, scenario, cfg.Binding.Set().Source)}}
	cfg.Extras = report.Extras(ctx, opt, func(line string) {
		fmt.Fprintf(stderr, "euromesh-mc: report: %s\n", strings.TrimSpace(line))
	})
	return nil
}

// correlationPairs returns the rank correlations a run draws with: those of
// paramsDir's correlation file or the defaults, none with noCorr.
func correlationPairs(b *params.Binding, paramsDir string,
	noCorr bool) ([]sampler.Correlation, error) {
	if noCorr {
		return nil, nil
	}
	var dir fs.FS
	if paramsDir != "" {
		dir = os.DirFS(paramsDir)
	}
	pairs, err := params.Correlations(dir, b)
	if err != nil {
		where := "embedded defaults"
		if paramsDir != "" {
			where = paramsDir
		}
		return nil, usagef("correlations (%s):\n%v", where, err)
	}
	return pairs, nil
}
