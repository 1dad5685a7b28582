package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/euromesh/euromesh-mc/runs"
)

// maxWorkers bounds -j: each worker holds about 10 MB of buffers.
const maxWorkers = 1024

// runMain is the main job: sample, evaluate, write the run directory and print
// the headline.
func runMain(ctx context.Context, argv, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run")
	draws := fs.Int64P("draws", "n", 10000, "number of draws")
	seed := fs.Uint64P("seed", "s", 1, "run seed")
	workers := fs.IntP("workers", "j", 0, "worker goroutines (0: all cores)")
	out := fs.StringP("out", "o", "", "run directory (default: new directory under out/)")
	force := fs.Bool("force", false, "replace an existing run directory")
	smp := fs.String("sampler", "mc", "sampling design")
	noCorr := fs.Bool("no-correlations", false, "draw every input independently")
	shard := fs.String("shard", "", "compute only shard I of N (I/N, 0 ≤ I < N)")
	po := addParamFlags(fs)
	ro := addReportFlags(fs)
	quiet := fs.BoolP("quiet", "q", false, "print only the headline")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *draws < 1 {
		return usagef("--draws %d: expected at least 1", *draws)
	}
	si, sn, err := parseShard(*shard)
	if err != nil {
		return err
	}
	if first, last := runs.Slice(*draws, si, sn); first == last {
		return usagef("--shard %s of %d draws holds no draw; use fewer shards", *shard, *draws)
	}
	if *workers < 0 || *workers > maxWorkers {
		return usagef("--workers %d: expected 0 (all cores) to %d", *workers, maxWorkers)
	}

	set, b, err := po.bind()
	if err != nil {
		return err
	}
	for _, w := range po.unused(b) {
		fmt.Fprintln(stderr, w)
	}
	s, seKind, err := newSampler(*smp, *seed, b, *draws, *po.dir, *noCorr, stderr)
	if err != nil {
		return err
	}
	pairs, err := correlationPairs(b, *po.dir, *noCorr)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		// The default directory is reserved just before the run starts.
		path = filepath.Join("out", "run-<time>-s"+strconv.FormatUint(*seed, 10))
	}
	nw := *workers
	if nw == 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	cfg := &runs.Config{
		Binding: b, Sampler: s, SEKind: seKind, Draws: *draws, Shard: si, Shards: sn,
		Workers: nw, Dir: path,
		Force: *force, SummaryTitle: "euromesh-mc run summary",
		Manifest: runs.Manifest{Version: version, Seed: *seed, Sampler: *smp,
			ParamsSource: set.Source, Scenario: po.scenarioName(), Overrides: po.overrides(),
			Correlations: correlationID(pairs),
			CommandLine:  argv, Workers: nw},
	}
	if err := ro.apply(ctx, cfg, *smp, *seed, po.scenarioName(), *po.dir, *noCorr,
		stderr); err != nil {
		return err
	}
	// Count the draws done, to tell how far an interrupted run got.
	var done int64
	progress := cfg.ProgressWriter
	cfg.ProgressWriter = func(d, total int64) {
		done = d
		if progress != nil {
			progress(d, total)
		}
	}
	start := time.Now()
	if *out == "" {
		// Reserved exclusively, so concurrent runs never collide; the run
		// replaces the empty directory, and a failed run removes it.
		if cfg.Dir, err = runs.ReserveRunPath("out", time.Now().UTC(), *seed); err != nil {
			return err
		}
		path, cfg.Force = cfg.Dir, true
	}
	res, err := runs.Run(ctx, cfg)
	if err != nil && *out == "" {
		_ = os.Remove(cfg.Dir) // only if still empty
	}
	if err != nil {
		var exists *runs.ExistsError
		if errors.As(err, &exists) {
			return usageError{err}
		}
		if ctx.Err() != nil {
			first, last := runs.Slice(*draws, si, sn)
			return fmt.Errorf("%w after %d of %d draws; %s was not created and its "+
				"temporary files were removed", context.Cause(ctx), done, last-first, path)
		}
		return err
	}
	if err := res.Summary.WriteHeadline(stdout); err != nil {
		return err
	}
	if !*quiet {
		names, _ := os.ReadDir(res.Dir)
		var files []string
		for _, e := range names {
			files = append(files, e.Name())
		}
		fmt.Fprintf(stdout, "wrote %s in %.2fs: %s\n", res.Dir, time.Since(start).Seconds(),
			strings.Join(files, ", "))
	}
	if n := res.Summary.NonFiniteDraws; n > 0 {
		fmt.Fprintf(stderr, "euromesh-mc: warning: %d of %d draws had a non-finite model "+
			"output, written as null and counted as missing in the summary; see %s\n", n,
			res.Summary.Draws, filepath.Join(res.Dir, runs.NonFiniteFile))
	}
	return nil
}
