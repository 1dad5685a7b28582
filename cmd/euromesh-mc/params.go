package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/params"
)

// paramsVerbs are the verbs of `euromesh-mc params`.
const paramsVerbs = "list, show, export, check or scenarios"

// runParams is `euromesh-mc params VERB`: inspect, export and check
// parameter sets and scenarios.
func runParams(args []string, stdout io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("params: expected a verb: %s", paramsVerbs)
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "list":
		return paramsList(rest, stdout)
	case "show":
		return paramsShow(rest, stdout)
	case "export":
		return paramsExport(rest, stdout)
	case "check":
		return paramsCheck(rest, stdout)
	case "scenarios":
		return paramsScenarios(rest, stdout)
	}
	return usagef("params: unknown verb %q, expected %s", verb, paramsVerbs)
}

// parseArgs parses flags and returns the positional arguments, between min
// and max of them (max < 0: no limit).
func parseArgs(fs *pflag.FlagSet, args []string, min, max int, what string) ([]string, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%s: %v", fs.Name(), err)
	}
	rest := fs.Args()
	if len(rest) < min || max >= 0 && len(rest) > max {
		return nil, usagef("%s: expected %s, found %d argument(s)", fs.Name(), what, len(rest))
	}
	return rest, nil
}

// paramsList prints every parameter of the set with its spread and source.
func paramsList(args []string, stdout io.Writer) error {
	fs := newFlags("params list")
	po := addParamFlags(fs)
	format := fs.String("format", "table", "output format: table or csv")
	prefixes, err := parseArgs(fs, args, 0, -1, "optional name prefixes")
	if err != nil {
		return err
	}
	if *format != "table" && *format != "csv" {
		return usagef("--format %q: expected table or csv", *format)
	}
	set, err := po.load()
	if err != nil {
		return err
	}
	var names []string
	for _, n := range set.Names() {
		if matchesPrefix(n, prefixes) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return usagef("params list: no parameter name starts with %s",
			strings.Join(prefixes, " or "))
	}
	base, err := params.Default()
	if err != nil {
		return err
	}
	if *format == "csv" {
		return writeParamsCSV(stdout, set, base, names)
	}
	return writeParamsTable(stdout, set, base, names)
}

// matchesPrefix reports whether name starts with one of prefixes, or
// prefixes is empty.
func matchesPrefix(name string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// paramRow is one parameter as the listings print it.
type paramRow struct {
	name, value, unit, tag, dist, p5, p50, p95, source string
}

// newParamRow formats parameter n of set. The source of a parameter that a
// layer over the defaults changed starts with where it was changed.
func newParamRow(set, base *params.Set, n string) paramRow {
	p := set.Params[n]
	q := func(x float64) string { return quantileText(p, p.Dist.Quantile(x)) }
	src := p.Source
	if at := changedAt(set, base, n); at != "" {
		src = "[" + at + "] " + src
	}
	return paramRow{name: n, value: valueText(p.Value), unit: p.Unit,
		tag: p.Confidence.String(), dist: spreadText(p), p5: q(0.05), p50: q(0.5),
		p95: q(0.95), source: src}
}

// changedAt returns where a layer over the defaults base last changed
// parameter n of set, or "" when the defaults define it. A per-site slip
// derived from a changed template is changed where the template is.
func changedAt(set, base *params.Set, n string) string {
	p := set.Params[n]
	if p.Origin == "derived" {
		return changedAt(set, base, "federation.slip")
	}
	if b, ok := base.Params[n]; ok && b.Origin == p.Origin {
		return ""
	}
	return p.Origin
}

// paramHeader names the columns of the listings.
var paramHeader = paramRow{"name", "value", "unit", "tag", "distribution", "p5", "p50", "p95",
	"source"}

// writeParamsTable prints the parameters names of set as an aligned table,
// then their count.
func writeParamsTable(w io.Writer, set, base *params.Set, names []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := []paramRow{paramHeader}
	for _, n := range names {
		rows = append(rows, newParamRow(set, base, n))
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.name, r.value, r.unit, r.tag,
			r.dist, r.p5, r.p50, r.p95, r.source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	sampled := 0
	for _, n := range names {
		if set.Params[n].Sampled() {
			sampled++
		}
	}
	noun := "parameters"
	if len(names) == 1 {
		noun = "parameter"
	}
	_, err := fmt.Fprintf(w, "\n%d %s: %d vary between draws, %d fixed; source: %s%s\n",
		len(names), noun, sampled, len(names)-sampled, set.Source, layersText(set))
	return err
}

// writeParamsCSV prints the parameters names of set as CSV, with the place
// each is defined.
func writeParamsCSV(w io.Writer, set, base *params.Set, names []string) error {
	cw := csv.NewWriter(w)
	h := paramHeader
	_ = cw.Write([]string{h.name, h.value, h.unit, h.tag, h.dist, h.p5, h.p50, h.p95, h.source,
		"defined_at"})
	for _, n := range names {
		r := newParamRow(set, base, n)
		_ = cw.Write([]string{r.name, r.value, r.unit, r.tag, r.dist, r.p5, r.p50, r.p95,
			r.source, set.Params[n].Origin})
	}
	cw.Flush()
	return cw.Error()
}

// layersText describes the scenario and overrides of a set, after its source.
func layersText(set *params.Set) string {
	var b strings.Builder
	if set.Scenario != "" {
		fmt.Fprintf(&b, ", scenario %s", set.Scenario)
	}
	for _, o := range set.Overrides {
		fmt.Fprintf(&b, ", --set %s", o)
	}
	return b.String()
}

// valueText formats a central value as written, to six significant digits.
func valueText(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// quantileText formats a quantile: two decimals for dates, four significant
// digits otherwise.
func quantileText(p *params.Param, v float64) string {
	if p.Kind == params.Date {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// spreadText names the distribution's family and what it was made from: the
// confidence tag, an explicit range, a dist, or an exact value.
func spreadText(p *params.Param) string {
	family, _, _ := strings.Cut(p.Dist.String(), "(")
	switch {
	case p.Kind == params.Probability:
		return "bernoulli (yes/no per draw)"
	case !p.Sampled():
		return "exact"
	case p.Spec != nil:
		return family + " (dist)"
	case len(p.Range) == 2:
		return family + " (range)"
	}
	return family + " (tag)"
}

// paramsShow prints everything known about one parameter.
func paramsShow(args []string, stdout io.Writer) error {
	fs := newFlags("params show")
	po := addParamFlags(fs)
	names, err := parseArgs(fs, args, 1, 1, "one parameter NAME")
	if err != nil {
		return err
	}
	set, err := po.load()
	if err != nil {
		return err
	}
	name := names[0]
	p, ok := set.Params[name]
	if !ok {
		return usagef("params show: unknown parameter %q%s", name, similarNames(set, name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", name)
	fmt.Fprintf(&b, "  value         %s %s (central value: the median of the distribution)\n",
		valueText(p.Value), p.Unit)
	fmt.Fprintf(&b, "  kind          %s\n", p.Kind)
	fmt.Fprintf(&b, "  confidence    %s\n", p.Confidence)
	fmt.Fprintf(&b, "  distribution  %s, %s\n", p.Dist, spreadOrigin(p))
	b.WriteString("  quantiles    ")
	for _, q := range []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95} {
		fmt.Fprintf(&b, " p%02.0f %s", q*100, quantileText(p, p.Dist.Quantile(q)))
	}
	fmt.Fprintf(&b, "\n  mean          %s\n", quantileText(p, p.Dist.Mean()))
	fmt.Fprintf(&b, "  source        %s\n", p.Source)
	if p.Note != "" {
		fmt.Fprintf(&b, "  note          %s\n", p.Note)
	}
	origin := p.Origin
	if origin == "derived" {
		origin = "derived from federation.slip, " + set.Params["federation.slip"].Origin
	}
	fmt.Fprintf(&b, "  defined at    %s (set: %s%s)\n", origin, set.Source, layersText(set))
	_, err = io.WriteString(stdout, b.String())
	return err
}

// spreadOrigin says where a parameter's spread comes from.
func spreadOrigin(p *params.Param) string {
	switch {
	case p.Kind == params.Probability:
		return "a yes/no event drawn in each draw with this probability"
	case !p.Sampled():
		return "exact: the same in every draw"
	case p.Spec != nil:
		return "from an explicit dist"
	case len(p.Range) == 2:
		return fmt.Sprintf("from the 90%% range [%s, %s]", valueText(p.Range[0]),
			valueText(p.Range[1]))
	}
	return "from the confidence tag " + p.Confidence.String() + " (docs/PARAMETER_FILES.md)"
}

// similarNames suggests up to eight parameter names close to name.
func similarNames(set *params.Set, name string) string {
	if out := set.Similar(name, 8); len(out) > 0 {
		return "; similar: " + strings.Join(out, ", ")
	}
	return "; see `euromesh-mc params list`"
}

// paramsExport writes the embedded default files to a directory for editing.
// It writes nothing when any file is already there, unless --force.
func paramsExport(args []string, stdout io.Writer) error {
	fs := newFlags("params export")
	force := fs.Bool("force", false, "replace files already in DIR")
	dirs, err := parseArgs(fs, args, 1, 1, "one directory DIR")
	if err != nil {
		return err
	}
	dir := dirs[0]
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return usagef("params export %s: expected a directory, found a file", dir)
	}
	var exist []string
	for _, f := range exportFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			exist = append(exist, f)
		}
	}
	if len(exist) > 0 && !*force {
		return usagef("params export %s: %s already there; expected an empty or new "+
			"directory (or --force to replace them)", dir, strings.Join(exist, ", "))
	}
	if err := writeFiles(dir, params.Defaults(), exportFiles); err != nil {
		return fmt.Errorf("params export: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "wrote %s to %s\n"+
		"Edit them, or keep only the files you change (a partial directory overlays the "+
		"defaults), then:\n  euromesh-mc params check %s\n  euromesh-mc -n 100000 --params %s\n",
		strings.Join(exportFiles, ", "), dir, dir, dir)
	return err
}

// exportFiles are the files params export writes: the parameter files and
// the correlation file.
var exportFiles = append(slices.Clone(params.Files), params.CorrelationsFile)

// writeFiles copies files from src into dir, staging each beside its final
// name so that a failure leaves no partial file and removes what it staged.
func writeFiles(dir string, src fs.FS, files []string) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var staged []string
	defer func() {
		if err != nil {
			for _, s := range staged {
				os.Remove(s)
			}
		}
	}()
	for _, f := range files {
		data, err := fs.ReadFile(src, f)
		if err != nil {
			return fmt.Errorf("read embedded %s: %w", f, err)
		}
		tmp := filepath.Join(dir, "."+f+".tmp")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		staged = append(staged, tmp)
	}
	for i, f := range files {
		if err := os.Rename(staged[i], filepath.Join(dir, f)); err != nil {
			return err
		}
	}
	return nil
}

// paramsCheck validates a parameter directory, or a scenario file over the
// defaults, and reports every problem.
func paramsCheck(args []string, stdout io.Writer) error {
	fs := newFlags("params check")
	targets, err := parseArgs(fs, args, 1, 1, "one parameter directory or scenario file")
	if err != nil {
		return err
	}
	target := targets[0]
	st, err := os.Stat(target)
	if err != nil {
		return usagef("params check %s: expected a parameter directory or a scenario file",
			target)
	}
	none := ""
	po := &paramOptions{dir: &none, sets: &[]string{}}
	var set *params.Set
	if st.IsDir() {
		po.dir = &target
		set, err = po.load()
	} else {
		set, err = po.loadScenario(target)
	}
	if err != nil {
		return err
	}
	// The correlation file is checked against the sampled parameters of the
	// set it goes with.
	if st.IsDir() {
		b, err := params.NewBinding(set)
		if err != nil {
			return usagef("params check %s: %v", target, err)
		}
		if _, err := correlationPairs(b, target, false); err != nil {
			return usagef("params check %s: %v", target, err)
		}
	}
	changed := 0
	for _, n := range set.Names() {
		if strings.HasPrefix(set.Params[n].Origin, target) {
			changed++
		}
	}
	_, err = fmt.Fprintf(stdout, "%s: no problems; %d parameters, %d of them defined or "+
		"changed there\n", target, len(set.Params), changed)
	return err
}

// paramsScenarios lists the built-in scenarios, or prints one scenario file.
func paramsScenarios(args []string, stdout io.Writer) error {
	fs := newFlags("params scenarios")
	names, err := parseArgs(fs, args, 0, 1, "at most one scenario NAME")
	if err != nil {
		return err
	}
	if len(names) == 1 {
		data, ok := params.BuiltinScenarioText(names[0])
		if !ok {
			return usagef("params scenarios: unknown scenario %q, expected one of %s",
				names[0], strings.Join(params.BuiltinScenarioNames(), ", "))
		}
		_, err := stdout.Write(data)
		return err
	}
	var b strings.Builder
	for _, sc := range params.BuiltinScenarios() {
		fmt.Fprintf(&b, "%s\n", sc.Name)
		for _, line := range wrap(sc.Description, 84) {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	b.WriteString("\nUse one with --scenario NAME; print its file with " +
		"`euromesh-mc params scenarios NAME`\nto start your own, then --scenario FILE.\n")
	_, err = io.WriteString(stdout, b.String())
	return err
}

// wrap splits text into lines of at most width columns, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
