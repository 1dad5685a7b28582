package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/runs"
	"github.com/euromesh/euromesh-mc/sampler"
)

// File is the name of the HTML report in a run directory.
const File = "report.html"

// Tornado percentiles (MODEL.md §7).
const (
	TornadoLow  = 0.1 // the low setting of each input: its 10th percentile
	TornadoHigh = 0.9 // the high setting: its 90th percentile
)

// Run is what a report shows. An analysis left nil is omitted, and Notes
// should say why.
type Run struct {
	Title   string
	Details []string // lines describing the run: draws, seed, design, scenario
	Summary *analysis.Summary
	// Outcomes are the per-draw outputs; a NaN year is missing.
	Outcomes    *analysis.Outcomes
	Horizon     float64 // the year a missing year counts as in sensitivity outputs
	Precision   *runs.Precision
	Convergence *runs.Convergence
	Tornado     *analysis.Tornado
	Sobol       *analysis.GroupIndices
	Drivers     *analysis.DriverTable
	Tails       *analysis.TailTable
	// Notes says which analyses could not be done, and why; Skipped which
	// were not asked for. The report shows both; Extras also warns of Notes.
	Notes, Skipped []string
}

// Options say what [Extras] computes for a run's report.
type Options struct {
	Binding *params.Binding
	Seed    uint64 // seed of the Sobol' design and bootstrap
	Workers int    // 0: all cores; results never depend on it
	// SobolN is the base sample of the Sobol' indices; 0 skips them, and a
	// value below analysis.MinBaseSamples skips them with a note.
	SobolN int
	// Correlations are the rank correlations the run's sampler imposed, for
	// the Sobol' design; nil for independent inputs.
	Correlations []sampler.Correlation
	Title        string
	Details      []string
	Convergence  *runs.Convergence // nil unless the run was sized by Converge
}

// Extras returns a hook for runs.Config.Extras that analyses a finished run
// and writes its figures (PNG and SVG) and report.html into the run
// directory. A problem that leaves the rest of the report intact (a figure
// that cannot be drawn, an analysis that cannot be done) is passed to warn,
// one line each, and stated in the report; the run still completes. Errors
// writing files, and ctx being cancelled, abort the run.
func Extras(ctx context.Context, opt Options,
	warn func(string)) func(string, *analysis.Outcomes, *analysis.Summary) ([]string, error) {
	return func(dir string, o *analysis.Outcomes, s *analysis.Summary) ([]string, error) {
		r, err := Analyze(ctx, dir, opt, o, s)
		if err != nil {
			return nil, err
		}
		files, problems, err := Write(dir, r)
		if err != nil {
			return nil, err
		}
		for _, n := range r.Notes {
			warn(n)
		}
		for _, p := range problems {
			warn(p)
		}
		return files, nil
	}
}

// Analyze computes the analyses of a run for its report: the precision of
// its estimates, the tornado, the rank correlations and tails from the
// inputs in dir's draws.parquet, and the Sobol' indices.
func Analyze(ctx context.Context, dir string, opt Options, o *analysis.Outcomes,
	s *analysis.Summary) (*Run, error) {
	b := opt.Binding
	in := b.NewInputs()
	b.Central(in)
	r := &Run{Title: opt.Title, Details: opt.Details, Summary: s, Outcomes: o,
		Horizon: in.Horizon, Precision: runs.MeasurePrecision(o),
		Convergence: opt.Convergence}
	r.Tornado = analysis.NewTornado(b, TornadoLow, TornadoHigh)
	if kept := int64(len(o.FedYear)); kept < s.Draws {
		r.Notes = append(r.Notes, fmt.Sprintf("the figures, the quantile standard errors, "+
			"the rank correlations and the tail analysis use the first %d of the %d draws "+
			"(an unbiased sample, kept in memory); the headline and the tables of "+
			"probabilities, quantiles and regions cover every draw", kept, s.Draws))
	}

	stats, err := ReadDrawStats(filepath.Join(dir, runs.DrawsFile), b, o, in.Horizon)
	if err != nil {
		r.Notes = append(r.Notes, "rank correlations and tails not computed: "+err.Error())
	} else {
		r.Drivers, r.Tails = stats.Drivers(), stats.Tails()
		varies := slices.ContainsFunc(r.Drivers.Rows, func(d analysis.DriverRow) bool {
			return !math.IsNaN(d.Spearman[0]) || !math.IsNaN(d.Spearman[1])
		})
		switch {
		case !varies:
			r.Notes = append(r.Notes, "rank correlations not computed: the lead and the "+
				"federation year do not vary across the draws")
		case r.Drivers.PRCCError != nil:
			r.Notes = append(r.Notes, "partial rank correlations not computed: "+
				r.Drivers.PRCCError.Error())
		}
	}

	switch {
	case opt.SobolN == 0:
		r.Skipped = append(r.Skipped, "Sobol' indices not asked for (base sample 0); "+
			"run `euromesh-mc sensitivity -n N`")
	default:
		r.Sobol, err = analysis.ModelGroupIndices(ctx, b, opt.SobolN,
			analysis.SobolOptions{Seed: opt.Seed, Workers: opt.Workers,
				Correlations: opt.Correlations})
		if errors.Is(err, analysis.ErrTooFewSamples) {
			r.Notes = append(r.Notes, fmt.Sprintf("Sobol' indices not computed: a base "+
				"sample of %d is below the %d the estimators need; run `euromesh-mc "+
				"sensitivity -n N` with N in the thousands", opt.SobolN,
				analysis.MinBaseSamples))
		} else if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			r.Notes = append(r.Notes, "Sobol' indices not computed: "+err.Error())
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// Write draws the figures of r into dir and writes report.html there. It
// returns the names of the files written, and one line per figure that could
// not be drawn; such a figure is left out and the report says why. An error
// means a file could not be written.
func Write(dir string, r *Run) (files []string, problems []string, err error) {
	o := r.Outcomes
	type build func() (*figure, error)
	lead := func() int {
		if r.Tornado == nil {
			return 0
		}
		return r.Tornado.Output(analysis.OutLead)
	}()
	builds := []struct {
		name string
		f    build
	}{
		{"fig_years_cdf", func() (*figure, error) { return yearsCDFFigure(o) }},
		{"fig_fed_year", func() (*figure, error) {
			return distFigure("fig_fed_year", "Federation year", "year", o.FedYear, colFed)
		}},
		{"fig_campus_year", func() (*figure, error) {
			return distFigure("fig_campus_year", "Campus year", "year", o.CampusYear, colCampus)
		}},
		{"fig_lead", func() (*figure, error) {
			return distFigure("fig_lead", "Campus lead (campus year − federation year)",
				"years", o.Lead, colLead)
		}},
		{"fig_tornado", func() (*figure, error) {
			return tornadoFigure(r.Tornado, lead, 15, outputLabel(analysis.OutLead))
		}},
		{"fig_sobol", func() (*figure, error) { return sobolFigure(r.Sobol) }},
		{"fig_regions", func() (*figure, error) { return regionsFigure(o) }},
	}
	figs := map[string]*drawn{}
	for _, bd := range builds {
		fg := &drawn{Name: bd.name}
		figs[bd.name] = fg
		f, ferr := bd.f()
		if ferr == nil {
			fg.Caption = f.caption
			fg.SVG, ferr = f.render(dir)
		}
		if ferr != nil {
			if bd.name == "fig_sobol" && r.Sobol == nil {
				fg.Err = ferr // already explained in the notes
				continue
			}
			fg.Err = ferr
			problems = append(problems, fmt.Sprintf("figure %s not drawn: %v", bd.name, ferr))
			continue
		}
		files = append(files, fg.Files()...)
	}
	if err := writeHTML(filepath.Join(dir, File), r, figs, problems); err != nil {
		return nil, nil, err
	}
	return append(files, File), problems, nil
}

// nanOr returns s, or "n/a" when v is NaN.
func nanOr(v float64, s string) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return s
}
