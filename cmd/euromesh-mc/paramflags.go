package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/params"
)

// paramOptions are the flags that choose the parameter set of a command:
// the defaults, then --params, then --scenario, then each --set in order.
type paramOptions struct {
	dir      *string
	scenario *string // nil when the command takes scenarios as arguments
	sets     *[]string

	scen *params.Scenario // the scenario last loaded, nil for none
}

// addParamFlags registers --params, --scenario and --set on fs.
func addParamFlags(fs *pflag.FlagSet) *paramOptions {
	o := addOverlayFlags(fs)
	o.scenario = fs.String("scenario", "",
		"scenario: a built-in name (see `euromesh-mc params scenarios`) or a scenario file")
	return o
}

// addOverlayFlags registers --params and --set only, for commands that take
// scenarios as arguments.
func addOverlayFlags(fs *pflag.FlagSet) *paramOptions {
	return &paramOptions{
		dir: fs.String("params", "",
			"parameter directory: a full set or an overlay on the defaults"),
		sets: fs.StringArray("set", nil,
			"override a parameter: NAME=VALUE (exact) or NAME=LO..HI (90% range); repeatable"),
	}
}

// bind returns the parameter set the flags describe and its binding to the
// model.
func (o *paramOptions) bind() (*params.Set, *params.Binding, error) {
	set, err := o.load()
	if err != nil {
		return nil, nil, err
	}
	b, err := params.NewBinding(set)
	if err != nil {
		return nil, nil, usagef("parameters: %v", err)
	}
	return set, b, nil
}

// unused returns a warning for each --set that names a parameter the model
// does not read in this set (such as a count of a site outside the
// federation), which would otherwise change nothing in silence.
func (o *paramOptions) unused(b *params.Binding) []string {
	read := map[string]bool{}
	for _, n := range b.Names() {
		read[n] = true
	}
	var out []string
	for _, s := range *o.sets {
		name, _, _ := strings.Cut(s, "=")
		if !read[name] {
			out = append(out, fmt.Sprintf("warning: --set %s: the model does not read %s in "+
				"this parameter set (for a site, it is not in the federation), so it changes "+
				"nothing", s, name))
		}
	}
	return out
}

// load returns the parameter set the flags describe.
func (o *paramOptions) load() (*params.Set, error) {
	arg := ""
	if o.scenario != nil {
		arg = *o.scenario
	}
	return o.loadScenario(arg)
}

// loadScenario returns the parameter set of the flags with the scenario arg
// (a built-in name or a file; empty for none). Every problem in the
// directory, the scenario and the overrides is reported together, as a usage
// error.
func (o *paramOptions) loadScenario(arg string) (*params.Set, error) {
	var problems params.Errors
	collect := func(err error) {
		var pe params.Errors
		var one *params.Error
		switch {
		case errors.As(err, &pe):
			problems = append(problems, pe...)
		case errors.As(err, &one):
			problems = append(problems, one)
		}
	}

	var layers params.Overlays
	if *o.dir != "" {
		st, err := os.Stat(*o.dir)
		if err != nil || !st.IsDir() {
			return nil, usagef("--params %s: expected a directory of parameter files", *o.dir)
		}
		layers.Dir, layers.DirName = os.DirFS(*o.dir), *o.dir
	}
	o.scen = nil
	if arg != "" {
		sc, err := readScenario(arg)
		collect(err)
		o.scen, layers.Scenario = sc, sc
	}
	for _, a := range *o.sets {
		ov, err := params.ParseOverride(a)
		if err != nil {
			collect(err)
			continue
		}
		layers.Overrides = append(layers.Overrides, ov)
	}

	set, err := params.LoadOverlays(layers)
	collect(err)
	if len(problems) > 0 {
		sortProblems(problems, arg)
		return nil, paramProblems(problems)
	}
	if err != nil {
		return nil, fmt.Errorf("parameters: %w", err)
	}
	return set, nil
}

// sortProblems orders problems by layer (the parameter directory, then the
// scenario, then --set), then by file and line.
func sortProblems(es params.Errors, scenarioFile string) {
	rank := func(e *params.Error) int {
		switch e.File {
		case params.OverrideFile:
			return 2
		case scenarioFile, "--scenario", "scenarios/" + scenarioFile + ".yaml":
			return 1
		}
		return 0
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// readScenario returns the built-in scenario named arg, or else the scenario
// file at path arg.
func readScenario(arg string) (*params.Scenario, error) {
	if sc, ok := params.BuiltinScenario(arg); ok {
		return sc, nil
	}
	data, err := params.ReadFile(os.DirFS(filepath.Dir(arg)), filepath.Base(arg))
	if err != nil {
		found := fmt.Sprintf("%q", arg)
		if !errors.Is(err, fs.ErrNotExist) {
			found += " (" + err.Error() + ")"
		}
		return nil, &params.Error{File: "--scenario", Found: found,
			Expected: "a built-in scenario (" + strings.Join(params.BuiltinScenarioNames(),
				", ") + ") or a readable scenario file"}
	}
	return params.ParseScenario(arg, data)
}

// paramProblems is the usage error listing every problem in the parameters,
// one per line.
func paramProblems(es params.Errors) error {
	var b strings.Builder
	if len(es) == 1 {
		b.WriteString("invalid parameters (1 problem):")
	} else {
		fmt.Fprintf(&b, "invalid parameters (%d problems):", len(es))
	}
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return usageError{&problemList{msg: b.String(), list: es}}
}

// problemList carries the message and the problems, so that callers can
// still reach each *params.Error.
type problemList struct {
	msg  string
	list params.Errors
}

func (p *problemList) Error() string { return p.msg }
func (p *problemList) Unwrap() error { return p.list }

// scenarioName returns the scenario recorded in the manifest: the built-in
// name, or the name and file of a user's scenario.
func (o *paramOptions) scenarioName() string {
	return scenarioLabel(o.scen)
}

// scenarioLabel names a scenario for the manifest and for tables.
func scenarioLabel(sc *params.Scenario) string {
	switch {
	case sc == nil:
		return "baseline"
	case sc.BuiltIn:
		return sc.Name
	}
	return sc.Name + " (" + sc.File + ")"
}

// overrides returns the command-line overrides recorded in the manifest, in
// the order given.
func (o *paramOptions) overrides() []string {
	return append([]string{}, *o.sets...)
}
