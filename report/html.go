package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Parse(pageText))

// A table is a title, a header row, body rows of text and a caption below.
// Num marks the columns to right-align; Mono sets the first column, which
// holds parameter names, in a fixed-width font.
type table struct {
	Title   string
	Mono    bool
	Caption string
	Head    []string
	Rows    [][]string
	Num     []bool
}

// figView is a figure as the page shows it.
type figView struct {
	Name    string
	Caption string
	SVG     template.HTML
	Err     string
}

// view is everything the page template reads.
type view struct {
	Title        string
	Details      []string
	Headline     string // one sentence
	HeadlineText string // the lines the CLI prints
	Problems     []string
	Notes        []string
	Horizon      string
	Probs        table
	Quantiles    table
	Convergence  string
	Figs         map[string]figView
	TopDrivers   []string
	Tornado      []table
	GroupTornado table
	Sobol        table
	SobolNote    string
	Drivers      table
	Tails        table
	TailNote     string
	Regions      table
	Methods      []string
}

func writeHTML(path string, r *Run, figs map[string]*drawn, problems []string) error {
	v := buildView(r, figs, problems)
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		return fmt.Errorf("write %s: %w", File, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", File, err)
	}
	return nil
}

func f2(v float64) string { return fixed(v, 2) }
func f3(v float64) string { return fixed(v, 3) }
func f4(v float64) string { return fixed(v, 4) }

// fixed formats v with d decimals, without the sign of a value that rounds
// to zero, and NaN as "n/a".
func fixed(v float64, d int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// signed formats a correlation or shift with its sign.
func signed(v float64) string {
	s := f3(v)
	if s != "n/a" && !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// value formats an input value: years with two decimals, anything else
// with four significant digits.
func value(v float64) string {
	if math.Abs(v) >= 1000 && math.Abs(v) < 1e5 {
		return f2(v)
	}
	return nanOr(v, strconv.FormatFloat(v, 'g', 4, 64))
}

// count formats a count with thousands separators: 100000 → "100,000".
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func buildView(r *Run, figs map[string]*drawn, problems []string) *view {
	s := r.Summary
	notes := append(slices.Clone(r.Notes), r.Skipped...)
	v := &view{Title: r.Title, Details: r.Details, Problems: problems, Notes: notes,
		Horizon: fmt.Sprintf("%.1f", r.Horizon), Figs: map[string]figView{}}
	if v.Title == "" {
		v.Title = "euromesh-mc run report"
	}

	// Headline.
	p := float64(s.PFedBeatsCampus.P)
	v.Headline = fmt.Sprintf("The federation beats the campus in %.1f%% of %s draws",
		100*p, count(s.Draws))
	if pn := float64(s.PNeither.P); pn >= 0.005 {
		v.Headline += fmt.Sprintf("; in %.1f%% neither path reaches the target", 100*pn)
	}
	var hb strings.Builder
	_ = s.WriteHeadline(&hb)
	v.HeadlineText = strings.TrimRight(hb.String(), "\n")

	// Probabilities.
	v.Probs = table{Head: []string{"event", "P", "s.e.", "Wilson 95%"},
		Num: []bool{false, true, true, true}}
	prow := func(name string, e analysis.Probability) {
		v.Probs.Rows = append(v.Probs.Rows, []string{name, f4(float64(e.P)), f4(float64(e.SE)),
			f4(float64(e.Lo95)) + "–" + f4(float64(e.Hi95))})
	}
	prow("federation beats campus", s.PFedBeatsCampus)
	prow("federation reaches the target by the horizon", s.PFedFinishes)
	prow("campus reaches the target by the horizon", s.PCampusFinishes)
	prow("neither reaches the target", s.PNeither)
	for _, y := range analysis.ReadyByYears {
		prow(fmt.Sprintf("federation ready by the end of %d", y), s.PFedReadyBy[fmt.Sprint(y)])
	}

	// Quantiles with their standard errors.
	v.Quantiles = table{Head: []string{"quantity", "present"}, Num: []bool{false, true}}
	for _, q := range analysis.SummaryProbs {
		v.Quantiles.Head = append(v.Quantiles.Head, analysis.QuantileKey(q))
		v.Quantiles.Num = append(v.Quantiles.Num, true)
	}
	if pr := r.Precision; pr != nil {
		// The values and counts are the summary's, over every draw; the
		// standard errors come from the draws kept in memory (all of them
		// up to runs.OutcomesLimit), scaled by √(kept/all) beyond that, as
		// a Monte Carlo error shrinks with the square root of the draws.
		kept := float64(len(r.Outcomes.FedYear))
		scale := 1.0
		if all := float64(s.Draws); kept > 0 && kept < all {
			scale = math.Sqrt(kept / all)
		}
		for _, out := range []string{analysis.OutFedYear, analysis.OutCampusYear,
			analysis.OutLead} {
			d := map[string]analysis.Distribution{analysis.OutFedYear: s.FedYear,
				analysis.OutCampusYear: s.CampusYear, analysis.OutLead: s.Lead}[out]
			row := []string{outputLabel(out), fmt.Sprint(d.Present)}
			for i, q := range pr.Quantiles[out] {
				cell := f2(float64(d.Quantiles[analysis.QuantileKey(analysis.SummaryProbs[i])]))
				if !math.IsNaN(q.SE) {
					cell += " ± " + f3(q.SE*scale)
				}
				row = append(row, cell)
			}
			v.Quantiles.Rows = append(v.Quantiles.Rows, row)
		}
		v.Quantiles.Caption = fmt.Sprintf("Quantiles over the draws where each exists, "+
			"± batch-means standard error (%d batches; blank where the batches are too small "+
			"for it).", pr.Batches)
		if scale < 1 {
			v.Quantiles.Caption += fmt.Sprintf(" The standard errors are estimated on the "+
				"first %.0f draws and scaled by √(%.0f/%d).", kept, kept, s.Draws)
		}
	}
	if c := r.Convergence; c != nil {
		state := "reached"
		if !c.Reached {
			state = "not reached within the draw limit"
		}
		v.Convergence = fmt.Sprintf("Run sized by --target-se %g: the standard error of "+
			"P(federation beats campus) was %.5f after %s draws (target %s).", c.Target, c.SE,
			count(c.Draws), state)
	}

	for name, f := range figs {
		fv := figView{Name: name, Caption: f.Caption}
		if f.Err != nil {
			fv.Err = f.Err.Error()
		} else {
			fv.SVG = template.HTML(inlineSVG(f.SVG))
		}
		v.Figs[name] = fv
	}

	buildSensitivity(v, r)
	buildRegions(v, r)
	v.Methods = []string{
		"Quantiles: " + s.QuantileDefinition + ". Standard errors: " + s.SEKind + ".",
		fmt.Sprintf("Sensitivity outputs (tornado, rank correlations, Sobol' indices, tails) "+
			"use the federation year, the campus year and the lead with %s (%s), and the "+
			"indicator that the federation wins.", analysis.MissingAsHorizon, v.Horizon),
		fmt.Sprintf("Tornado: each input from its %.0fth to its %.0fth percentile with every "+
			"other input at its median, every region feasible and the campus at the "+
			"siting-weighted mean of the regional 1 GW leads; the regional leads move "+
			"together, the region choice is the fastest against the slowest siting region.",
			100*TornadoLow, 100*TornadoHigh),
		"Rank correlations: Spearman's coefficient and the partial rank correlation " +
			"(PRCC, controlling for every other input) over the run's draws. The campus " +
			"region enters valued at its central 1 GW lead, with the drawn region's lead " +
			"and feasibility as inputs of their own.",
		"Sobol' indices: Saltelli design on two independent plain Monte Carlo matrices A " +
			"and B, drawn with the run's rank correlations (each within one group, so the " +
			"groups are independent); first-order indices by the Saltelli (2010) estimator, " +
			"total indices by Jansen's (1999); percentile bootstrap intervals.",
		"Tails: the standardised median shift (median in the tail − overall median) / " +
			"(IQR/1.349) of each input.",
	}
	return v
}

// derived describes the inputs that the rank and tail analyses derive from
// the campus region of each draw.
var derived = map[string]string{
	analysis.CampusLead:     ", the drawn region's 1 GW lead",
	analysis.CampusFeasible: ", whether the drawn region grants the connection",
	params.RegionDim:        ", the region drawn, valued at its central 1 GW lead",
}

// buildSensitivity fills the tornado, Sobol', rank-correlation and tail
// sections.
func buildSensitivity(v *view, r *Run) {
	if d := r.Drivers; d != nil {
		byPRCC := d.PRCCError == nil
		measure := "|PRCC|"
		if !byPRCC {
			measure = "|Spearman|"
		}
		for _, row := range d.Top(0, 5, byPRCC) {
			if math.IsNaN(row.Spearman[0]) {
				break // the rest are NaN too: the lead does not vary
			}
			v.TopDrivers = append(v.TopDrivers, fmt.Sprintf("%s%s (%s): PRCC %s, Spearman %s",
				row.Name, derived[row.Name], row.Group, signed(row.PRCC[0]),
				signed(row.Spearman[0])))
		}
		v.Drivers = table{Mono: true, Caption: fmt.Sprintf("The 20 inputs with the largest %s "+
			"with the lead, of %d, over %s draws.", measure, len(d.Rows), count(int64(d.Draws))),
			Head: []string{"input", "group", "Spearman lead", "PRCC lead",
				"Spearman fed. year", "PRCC fed. year"},
			Num: []bool{false, false, true, true, true, true}}
		for _, row := range d.Top(0, 20, byPRCC) {
			if math.IsNaN(row.Spearman[0]) && math.IsNaN(row.Spearman[1]) {
				continue
			}
			v.Drivers.Rows = append(v.Drivers.Rows, []string{row.Name, row.Group,
				signed(row.Spearman[0]), signed(row.PRCC[0]), signed(row.Spearman[1]),
				signed(row.PRCC[1])})
		}
	}

	if t := r.Tornado; t != nil {
		for o, out := range t.Outputs {
			tb := table{Title: "Tornado: " + outputLabel(out), Mono: true,
				Caption: fmt.Sprintf("Central case %s; the 10 widest of %d bars.",
					f2(t.Base[o]), len(t.Bars)),
				Head: []string{"input", "group", "low value", "high value", "output at low",
					"output at high", "swing"},
				Num: []bool{false, false, true, true, true, true, true}}
			for _, b := range t.Ranked(o)[:min(10, len(t.Bars))] {
				lo, hi := value(b.Low), value(b.High)
				if b.LowLabel != "" {
					lo, hi = b.LowLabel+" ("+lo+")", b.HighLabel+" ("+hi+")"
				}
				tb.Rows = append(tb.Rows, []string{barLabel(b), b.Group, lo, hi,
					f2(b.LowOut[o]), f2(b.HighOut[o]), f2(b.Swing(o))})
			}
			v.Tornado = append(v.Tornado, tb)
		}
		v.GroupTornado = table{Title: "Tornado by parameter group", Mono: true,
			Caption: "For each output, every " +
				"member of the group at whichever of its settings lowers the output, then at the " +
				"one that raises it.", Head: []string{"group"}, Num: []bool{false}}
		for _, out := range t.Outputs {
			v.GroupTornado.Head = append(v.GroupTornado.Head, outputLabel(out)+" range",
				"swing")
			v.GroupTornado.Num = append(v.GroupTornado.Num, true, true)
		}
		for _, g := range t.RankedGroups(t.Output(analysis.OutLead)) {
			row := []string{g.Name}
			for o := range t.Outputs {
				row = append(row, f2(g.LowOut[o])+" – "+f2(g.HighOut[o]), f2(g.Swing(o)))
			}
			v.GroupTornado.Rows = append(v.GroupTornado.Rows, row)
		}
	}

	if gi := r.Sobol; gi != nil {
		v.Sobol = table{Mono: true, Head: []string{"group", "inputs"}, Num: []bool{false, true}}
		for _, out := range gi.Outputs {
			v.Sobol.Head = append(v.Sobol.Head, outputLabel(out)+" S", "ST")
			v.Sobol.Num = append(v.Sobol.Num, true, true)
		}
		est := func(e analysis.Estimate) string {
			return f3(e.Value) + " [" + f3(e.Lo) + ", " + f3(e.Hi) + "]"
		}
		for i, g := range gi.Groups {
			row := []string{g, fmt.Sprint(len(gi.Members[i]))}
			for o := range gi.Outputs {
				row = append(row, est(gi.Indices[o].First[i]), est(gi.Indices[o].Total[i]))
			}
			v.Sobol.Rows = append(v.Sobol.Rows, row)
		}
		v.Sobol.Caption = fmt.Sprintf("First-order (S) and total (ST) Sobol' indices of the "+
			"parameter groups with %.0f%% bootstrap intervals (%d resamples); base sample "+
			"N = %d, %d model evaluations.", 100*gi.Indices[0].Conf, gi.Indices[0].Resamples,
			gi.N, gi.N*(len(gi.Groups)+2))
		v.SobolNote = "S is the share of the output's variance that the group explains " +
			"alone; ST adds its interactions with every other group. n/a: the output does " +
			"not vary."
	}

	if tt := r.Tails; tt != nil {
		v.Tails = table{Mono: true, Head: []string{"input", "group"}, Num: []bool{false, false}}
		var counts []string
		for i, name := range tt.Tails {
			v.Tails.Head = append(v.Tails.Head, "shift: "+name)
			v.Tails.Num = append(v.Tails.Num, true)
			c := fmt.Sprintf("%s: %s draws (%.2f%%)", name, count(int64(tt.Counts[i])),
				100*float64(tt.Counts[i])/float64(max(1, tt.Draws)))
			if tt.Counts[i] > 0 {
				c += fmt.Sprintf(", noise level ±%.2f", analysis.TailNoise(tt.Counts[i]))
			}
			counts = append(counts, c)
		}
		v.TailNote = "Tails: " + strings.Join(counts, "; ") + ". The noise level is the " +
			"standard deviation of the shift of an input that has nothing to do with the " +
			"tail; shifts within two or three of it can be chance."
		seen := map[string]bool{}
		for t := range tt.Tails {
			for _, row := range tt.Top(t, 8) {
				if seen[row.Name] {
					continue
				}
				seen[row.Name] = true
				cells := []string{row.Name, row.Group}
				for _, sh := range row.Shift {
					cells = append(cells, signed(sh))
				}
				v.Tails.Rows = append(v.Tails.Rows, cells)
			}
		}
		v.Tails.Caption = "The inputs that sit furthest from their overall distribution in " +
			"each tail (the 8 largest |shifts| per tail): standardised shift of the median, " +
			"in robust standard deviations. Yes/no inputs (feasibility) are left out: their " +
			"median moves only in jumps. n/a: the tail is empty."
	}
}

// buildRegions fills the region scorecard table.
func buildRegions(v *view, r *Run) {
	v.Regions = table{Mono: true, Head: []string{"region", "P(federation beats it)", "s.e.",
		"median campus year", "P(campus finishes)", "P(best score)"},
		Num: []bool{false, true, true, true, true, true}}
	for _, g := range r.Summary.Regions {
		v.Regions.Rows = append(v.Regions.Rows, []string{g.ID, f4(float64(g.PFedBeats.P)),
			f4(float64(g.PFedBeats.SE)), f2(float64(g.MedianCampusYear)),
			f3(float64(g.PCampusFinishes)), f3(float64(g.PRank1))})
	}
	v.Regions.Caption = "A campus sited in each region, with the same draws. The score " +
		"weighs time, cost and carbon (MODEL.md §6)."
}

var (
	xmlProlog = regexp.MustCompile(`(?s)^<\?xml[^>]*>\s*(<!--.*?-->\s*)?`)
	svgSize   = regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
)

// inlineSVG prepares an SVG document for inlining in HTML: without its XML
// prolog, and scaling to the page width.
func inlineSVG(svg []byte) string {
	s := xmlProlog.ReplaceAllString(string(svg), "")
	return svgSize.ReplaceAllString(s,
		`<svg class="fig" role="img"`)
}
