package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/runs"
)

// parseShard reads "I/N" into its parts; "" means no sharding.
func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usagef("--shard %q: expected I/N with 0 ≤ I < N, such as 0/4", s)
	}
	return i, n, nil
}

// runSummarize merges the run directories of the shards of one run into one
// summary.
func runSummarize(args []string, stdout io.Writer) error {
	fs := newFlags("summarize")
	out := fs.StringP("out", "o", "", "write summary.json and summary.md to this new directory")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usagef("summarize: %v", err)
	}
	var dirs []string
	for _, a := range fs.Args() {
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			if err != nil {
				return usagef("summarize: pattern %q: %v", a, err)
			}
			dirs = append(dirs, m...)
			continue
		}
		dirs = append(dirs, a)
	}
	if len(dirs) == 0 {
		return usagef("summarize: expected one or more run directories (or a glob)")
	}
	if *out != "" {
		if _, err := os.Stat(*out); err == nil {
			return usagef("summarize: %s already exists; choose another -o", *out)
		}
	}
	shards, err := runs.CheckShards(dirs)
	if err == nil {
		err = runs.VerifyFiles(shards)
	}
	if err != nil {
		return usagef("summarize: %v; nothing merged", err)
	}
	ordered := make([]string, len(shards))
	for i, s := range shards {
		ordered[i] = s.Dir
	}
	m := shards[0].Manifest
	ids, err := runs.RegionIDs(ordered[0])
	if err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	sum, err := runs.SummarizeDirs(ordered, ids, seKindOf(m.Sampler))
	if err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	// Draws with a non-finite output are already nulls in the files; their
	// count comes from each shard's own summary.
	for _, d := range ordered {
		data, err := os.ReadFile(filepath.Join(d, runs.SummaryJSONFile))
		if err != nil {
			return fmt.Errorf("summarize: %w", err)
		}
		var part analysis.Summary
		if err := json.Unmarshal(data, &part); err != nil {
			return fmt.Errorf("summarize: %s: %w", d, err)
		}
		sum.NonFiniteDraws += part.NonFiniteDraws
	}
	if err := sum.WriteHeadline(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merged %d run directories: seed %d, %d draws, sampler %s\n",
		len(shards), m.Seed, m.Draws, m.Sampler)
	if *out == "" {
		return nil
	}
	if _, err := os.Stat(*out); err == nil {
		return usagef("summarize: %s already exists; choose another -o", *out)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, runs.SummaryJSONFile), append(data, '\n'),
		0o644); err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	f, err := os.Create(filepath.Join(*out, runs.SummaryMDFile))
	if err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	if err := sum.WriteMarkdown(f, "euromesh-mc merged summary"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// seKindOf returns how standard errors read for a sampler name.
func seKindOf(sampler string) string {
	switch sampler {
	case "mc":
		return "iid (plain Monte Carlo)"
	case "lhs":
		return "iid formula, an upper bound for Latin hypercube"
	case "sobol":
		return "iid formula, an upper bound for scrambled Sobol'"
	}
	return "iid formula"
}
