package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/report"
)

// Files that `sensitivity -o DIR` writes besides the figures.
const (
	sensitivityJSON = "sensitivity.json"
	sensitivityText = "sensitivity.txt"
)

// runSensitivity runs the tornado and the Sobol' indices of the parameter
// groups from a Saltelli design of -n base rows, prints them, and with -o
// writes them and their figures to a directory.
func runSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity")
	n := fs.IntP("base", "n", 4096, "base sample N of the Saltelli design "+
		"(N·(groups+2) model evaluations)")
	seed := fs.Uint64P("seed", "s", 1, "seed of the design and the bootstrap")
	workers := fs.IntP("workers", "j", 0, "worker goroutines (0: all cores)")
	resamples := fs.Int("resamples", 500, "bootstrap resamples for the intervals")
	out := fs.StringP("out", "o", "", "also write the results and figures to this directory")
	noCorr := fs.Bool("no-correlations", false, "draw every input independently")
	po := addParamFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < analysis.MinBaseSamples {
		se := 1 / math.Sqrt(float64(max(*n, 1)))
		return usagef("sensitivity: -n %d base rows are too few for Sobol' indices to mean "+
			"anything: their standard error is about 1/sqrt(N) = %.2f, as large as the "+
			"indices themselves, and the bootstrap has too few distinct rows; use at least "+
			"%d, and thousands for indices good to about 0.01", *n, se, analysis.MinBaseSamples)
	}
	if *workers < 0 || *resamples < 2 {
		return usagef("sensitivity: --workers must be 0 or more and --resamples at least 2")
	}
	_, b, err := po.bind()
	if err != nil {
		return err
	}

	pairs, err := correlationPairs(b, *po.dir, *noCorr)
	if err != nil {
		return err
	}

	t := analysis.NewTornado(b, report.TornadoLow, report.TornadoHigh)
	gi, err := analysis.ModelGroupIndices(ctx, b, *n, analysis.SobolOptions{Seed: *seed,
		Workers: *workers, Resamples: *resamples, Correlations: pairs})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		return err
	}

	in := b.NewInputs()
	b.Central(in)
	var text strings.Builder
	writeSensitivity(&text, t, gi, in.Horizon)
	if _, err := io.WriteString(stdout, text.String()); err != nil {
		return err
	}
	if *out == "" {
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	data, err := json.MarshalIndent(sensitivityDoc(t, gi), "", "  ")
	if err != nil {
		return fmt.Errorf("sensitivity: encode results: %w", err)
	}
	err = errors.Join(
		os.WriteFile(filepath.Join(*out, sensitivityJSON), append(data, '\n'), 0o644),
		os.WriteFile(filepath.Join(*out, sensitivityText), []byte(text.String()), 0o644))
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	files, problems := report.WriteSensitivity(*out, t, gi)
	for _, p := range problems {
		fmt.Fprintf(stderr, "euromesh-mc: sensitivity: %s\n", p)
	}
	fmt.Fprintf(stdout, "wrote %s (%s)\n", *out,
		strings.Join(append([]string{sensitivityJSON, sensitivityText}, files...), ", "))
	return nil
}

// writeSensitivity prints the group Sobol' indices and the tornado.
func writeSensitivity(w io.Writer, t *analysis.Tornado, gi *analysis.GroupIndices,
	horizon float64) {
	ind0 := gi.Indices[0]
	fmt.Fprintf(w, "Sobol' indices of the parameter groups: Saltelli design, N = %d base rows, "+
		"%d model evaluations;\nS by Saltelli (2010), ST by Jansen (1999), %.0f%% bootstrap "+
		"intervals (%d resamples).\n%s (%.1f).\n\n", gi.N, gi.N*(len(gi.Groups)+2),
		100*ind0.Conf, ind0.Resamples, capitalize(analysis.MissingAsHorizon), horizon)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "group\tinputs")
	for _, o := range gi.Outputs {
		fmt.Fprintf(tw, "\t%s S\t%s ST", o, o)
	}
	fmt.Fprintln(tw)
	est := func(e analysis.Estimate) string {
		if math.IsNaN(e.Value) {
			return "n/a"
		}
		return dec3(e.Value) + " [" + dec3(e.Lo) + ", " + dec3(e.Hi) + "]"
	}
	for i, g := range gi.Groups {
		fmt.Fprintf(tw, "%s\t%d", g, len(gi.Members[i]))
		for o := range gi.Outputs {
			fmt.Fprintf(tw, "\t%s\t%s", est(gi.Indices[o].First[i]), est(gi.Indices[o].Total[i]))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()

	for o, name := range t.Outputs {
		fmt.Fprintf(w, "\nTornado of %s (p%02.0f to p%02.0f, others central; central case %.3f), "+
			"the 10 widest bars:\n", name, 100*t.PLow, 100*t.PHigh, t.Base[o])
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "input\tgroup\tlow\thigh\tat low\tat high\tswing")
		for _, b := range t.Ranked(o)[:min(10, len(t.Bars))] {
			lo, hi := inputValue(b.Low), inputValue(b.High)
			if b.LowLabel != "" {
				lo, hi = b.LowLabel, b.HighLabel
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\n", b.Name, b.Group, lo, hi,
				b.LowOut[o], b.HighOut[o], b.Swing(o))
		}
		_ = tw.Flush()
	}
	fmt.Fprintf(w, "\nTornado by parameter group (every member at the side that lowers, "+
		"then raises, each output):\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "group")
	for _, name := range t.Outputs {
		fmt.Fprintf(tw, "\t%s swing", name)
	}
	fmt.Fprintln(tw)
	for _, g := range t.RankedGroups(t.Output(analysis.OutLead)) {
		fmt.Fprint(tw, g.Name)
		for o := range t.Outputs {
			fmt.Fprintf(tw, "\t%.3f", g.Swing(o))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
}

// capitalize returns s with its first letter in upper case.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dec3 formats v with three decimals, without the sign of a value that
// rounds to zero.
func dec3(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	if s == "-0.000" {
		s = "0.000"
	}
	return s
}

// inputValue formats an input value: years with two decimals, anything
// else with four significant digits.
func inputValue(v float64) string {
	if math.Abs(v) >= 1000 && math.Abs(v) < 1e5 {
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

// jsonNum is a float64 that encodes NaN as null.
type jsonNum float64

// MarshalJSON implements json.Marshaler.
func (x jsonNum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(x))
}

type jsonEstimate struct {
	Value jsonNum `json:"value"`
	SE    jsonNum `json:"se"`
	Lo    jsonNum `json:"lo"`
	Hi    jsonNum `json:"hi"`
}

type jsonGroup struct {
	Group   string                  `json:"group"`
	Members []string                `json:"members"`
	First   map[string]jsonEstimate `json:"first_order"`
	Total   map[string]jsonEstimate `json:"total"`
}

type jsonBar struct {
	Name    string             `json:"name"`
	Group   string             `json:"group"`
	Low     jsonNum            `json:"low"`
	High    jsonNum            `json:"high"`
	LowOut  map[string]jsonNum `json:"output_at_low"`
	HighOut map[string]jsonNum `json:"output_at_high"`
}

type jsonSensitivity struct {
	N          int                `json:"base_sample"`
	Conf       float64            `json:"confidence"`
	Resamples  int                `json:"resamples"`
	Missing    string             `json:"missing_year"`
	Groups     []jsonGroup        `json:"sobol_groups"`
	PLow       float64            `json:"tornado_p_low"`
	PHigh      float64            `json:"tornado_p_high"`
	Central    map[string]jsonNum `json:"tornado_central"`
	Bars       []jsonBar          `json:"tornado"`
	GroupBars  []jsonBar          `json:"tornado_groups"`
	Estimators string             `json:"estimators"`
}

// sensitivityDoc returns the JSON form of the results.
func sensitivityDoc(t *analysis.Tornado, gi *analysis.GroupIndices) *jsonSensitivity {
	d := &jsonSensitivity{N: gi.N, Conf: gi.Indices[0].Conf, Resamples: gi.Indices[0].Resamples,
		Missing: analysis.MissingAsHorizon, PLow: t.PLow, PHigh: t.PHigh,
		Central:    map[string]jsonNum{},
		Estimators: "S: Saltelli et al. (2010); ST: Jansen (1999); percentile bootstrap"}
	est := func(e analysis.Estimate) jsonEstimate {
		return jsonEstimate{jsonNum(e.Value), jsonNum(e.SE), jsonNum(e.Lo), jsonNum(e.Hi)}
	}
	for i, g := range gi.Groups {
		jg := jsonGroup{Group: g, Members: gi.Members[i], First: map[string]jsonEstimate{},
			Total: map[string]jsonEstimate{}}
		for o, name := range gi.Outputs {
			jg.First[name], jg.Total[name] = est(gi.Indices[o].First[i]),
				est(gi.Indices[o].Total[i])
		}
		d.Groups = append(d.Groups, jg)
	}
	bar := func(b analysis.Bar) jsonBar {
		jb := jsonBar{Name: b.Name, Group: b.Group, Low: jsonNum(b.Low), High: jsonNum(b.High),
			LowOut: map[string]jsonNum{}, HighOut: map[string]jsonNum{}}
		for o, name := range t.Outputs {
			jb.LowOut[name], jb.HighOut[name] = jsonNum(b.LowOut[o]), jsonNum(b.HighOut[o])
		}
		return jb
	}
	for o, name := range t.Outputs {
		d.Central[name] = jsonNum(t.Base[o])
	}
	for _, b := range t.Ranked(t.Output(analysis.OutLead)) {
		d.Bars = append(d.Bars, bar(b))
	}
	for _, b := range t.GroupBars {
		d.GroupBars = append(d.GroupBars, bar(b))
	}
	return d
}
