package report_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/report"
	"github.com/euromesh/euromesh-mc/runs"
	"github.com/euromesh/euromesh-mc/sampler"
)

func binding(t *testing.T) *params.Binding {
	t.Helper()
	s, err := params.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := params.NewBinding(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runWithReport runs draws of the default set into a new directory with the
// report hook, and returns the directory and the report's warnings.
func runWithReport(t *testing.T, draws int64, sobolN int) (string, []string) {
	t.Helper()
	b := binding(t)
	dir := filepath.Join(t.TempDir(), "run")
	var warnings []string
	cfg := &runs.Config{Binding: b, Sampler: sampler.NewMonteCarlo(3, b.Dims()), Draws: draws,
		Dir: dir, SEKind: "iid (plain Monte Carlo)", SummaryTitle: "test run"}
	cfg.Extras = report.Extras(context.Background(), report.Options{Binding: b, Seed: 3,
		SobolN: sobolN, Title: "test report"}, func(s string) { warnings = append(warnings, s) })
	if _, err := runs.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return dir, warnings
}

// figureStems are the figures of a complete report.
var figureStems = []string{"fig_years_cdf", "fig_fed_year", "fig_campus_year", "fig_lead",
	"fig_tornado", "fig_sobol", "fig_regions"}

func TestExtrasWritesFiguresAndReport(t *testing.T) {
	dir, warnings := runWithReport(t, 1500, 128)
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	for _, stem := range figureStems {
		for _, ext := range []string{".png", ".svg"} {
			if st, err := os.Stat(filepath.Join(dir, stem+ext)); err != nil || st.Size() == 0 {
				t.Errorf("%s%s missing or empty: %v", stem, ext, err)
			}
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, report.File))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)

	// Self-contained: every figure inline, nothing fetched (the SVG
	// namespace URIs are names, not addresses).
	if n := strings.Count(html, "<svg"); n != len(figureStems) {
		t.Errorf("%d inline SVG figures, want %d", n, len(figureStems))
	}
	for _, bad := range []string{"<script", `href="http`, `src=`, "url(", "@import", "<img",
		"<link", "<iframe"} {
		if strings.Contains(html, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	for _, want := range []string{"The federation beats the campus in",
		"The five inputs that drive the lead most", "Sobol&#39;", "Tail analysis",
		"a missing year counts as the horizon (2045.0)", analysis.TailCampusWins} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// The manifest lists every extra file.
	m, err := runs.ReadManifest(filepath.Join(dir, runs.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	for _, stem := range figureStems {
		if _, ok := m.Files[stem+".png"]; !ok {
			t.Errorf("manifest lacks %s.png", stem)
		}
	}
	if _, ok := m.Files[report.File]; !ok {
		t.Errorf("manifest lacks %s", report.File)
	}
}

// TestUndrawableFigures gives the report outcomes in which neither path ever
// finishes: the distribution and region figures cannot be drawn, the report
// says so, and the rest is written.
func TestUndrawableFigures(t *testing.T) {
	const n = 50
	nan := math.NaN()
	o := &analysis.Outcomes{FedYear: make([]float64, n), CampusYear: make([]float64, n),
		Lead: make([]float64, n), FedWins: make([]bool, n),
		Regions: []analysis.RegionOutcomes{{ID: "fr", CampusYear: make([]float64, n),
			FedBeats: make([]bool, n), Rank: make([]int, n)}}}
	for i := range n {
		o.FedYear[i], o.CampusYear[i], o.Lead[i], o.Regions[0].CampusYear[i] = nan, nan, nan, nan
	}
	r := &report.Run{Summary: analysis.Summarize(o, "iid"), Outcomes: o, Horizon: 2045,
		Tornado: analysis.NewTornado(binding(t), 0.1, 0.9),
		Notes:   []string{"Sobol' indices not computed: test"}}
	dir := t.TempDir()
	files, problems, err := report.Write(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	undrawn := []string{"fig_years_cdf", "fig_fed_year", "fig_campus_year", "fig_lead",
		"fig_regions"}
	if len(problems) != len(undrawn) {
		t.Errorf("problems = %q, want one for each of %q", problems, undrawn)
	}
	for _, stem := range undrawn {
		reported := func(p string) bool { return strings.Contains(p, stem) }
		if !slices.ContainsFunc(problems, reported) {
			t.Errorf("no problem reported for %s", stem)
		}
		if _, err := os.Stat(filepath.Join(dir, stem+".png")); err == nil {
			t.Errorf("%s.png written", stem)
		}
	}
	if !slices.Contains(files, "fig_tornado.png") || !slices.Contains(files, report.File) {
		t.Errorf("files = %q, want the tornado and the report", files)
	}
	page, err := os.ReadFile(filepath.Join(dir, report.File))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Figure fig_lead not drawn: ") ||
		!strings.Contains(string(page), "no draw has a value") {
		t.Error("report does not say why fig_lead is missing")
	}
}

// TestDrawStatsReadsInputs checks the statistics read back from a run's
// draws.parquet against the same draws recomputed in memory.
func TestDrawStatsReadsInputs(t *testing.T) {
	b := binding(t)
	const draws = 700
	dir := filepath.Join(t.TempDir(), "run")
	cfg := &runs.Config{Binding: b, Sampler: sampler.NewMonteCarlo(5, b.Dims()), Draws: draws,
		Dir: dir}
	out, err := runs.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}

	// The same draws in memory: inputs, outputs and the campus region.
	names := b.Names()
	col := map[string][]float64{}
	o := &analysis.Outcomes{}
	var lead []float64
	ex := &runs.Executor{Binding: b, Sampler: cfg.Sampler}
	err = ex.Run(context.Background(), 0, draws, func(c *runs.Chunk) error {
		for k := range c.N {
			vals := c.Values[k*len(names) : (k+1)*len(names)]
			for _, i := range b.SampledIndex() {
				col[names[i]] = append(col[names[i]], vals[i])
			}
			r := c.Results[k]
			rid := b.Set().Regions[c.Region[k]].ID
			col[analysis.CampusLead] = append(col[analysis.CampusLead],
				vals[slices.Index(names, "regions."+rid+".lead_1gw")])
			o.FedYear = append(o.FedYear, r.Federation.Year)
			o.CampusYear = append(o.CampusYear, r.Campus.Year)
			o.Lead = append(o.Lead, r.Lead)
			o.FedWins = append(o.FedWins, r.FedWins)
			_, _, l, _ := analysis.SensitivityOutputs(r, 2045)
			lead = append(lead, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	stats, err := report.ReadDrawStats(filepath.Join(out.Dir, runs.DrawsFile), b, o, 2045)
	if err != nil {
		t.Fatal(err)
	}
	d, tt := stats.Drivers(), stats.Tails()
	tails := analysis.RunTails(o)
	for _, name := range []string{"federation.coordination_delay", "campus.application_year",
		"regions.fr.lead_1gw", analysis.CampusLead} {
		j := slices.IndexFunc(d.Rows, func(r analysis.DriverRow) bool { return r.Name == name })
		if j < 0 {
			t.Fatalf("no driver row %s", name)
		}
		got, want := d.Rows[j].Spearman[0], analysis.Spearman(col[name], lead)
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: Spearman with the lead %.12f, in memory %.12f", name, got, want)
		}
		got, want = tt.Rows[j].Shift[0], analysis.MedianShift(col[name], tails[0].In)
		if !(math.Abs(got-want) < 1e-9) {
			t.Errorf("%s: shift %g, in memory %g", name, got, want)
		}
	}

	// A large run keeps only its first draws in memory (runs.OutcomesLimit):
	// the statistics then come from those draws, the first rows of the file.
	m := len(o.FedYear) / 3
	first := &analysis.Outcomes{FedYear: o.FedYear[:m], CampusYear: o.CampusYear[:m],
		Lead: o.Lead[:m], FedWins: o.FedWins[:m]}
	stats, err = report.ReadDrawStats(filepath.Join(out.Dir, runs.DrawsFile), b, first, 2045)
	if err != nil {
		t.Fatalf("first %d of %d draws: %v", m, len(o.FedYear), err)
	}
	d = stats.Drivers()
	name := "federation.coordination_delay"
	j := slices.IndexFunc(d.Rows, func(r analysis.DriverRow) bool { return r.Name == name })
	if got, want := d.Rows[j].Spearman[0], analysis.Spearman(col[name][:m], lead[:m]); j < 0 ||
		math.Abs(got-want) > 1e-9 {
		t.Errorf("first %d draws: %s Spearman %.12f, in memory %.12f", m, name, got, want)
	}
}
