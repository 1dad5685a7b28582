package report

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/euromesh/euromesh-mc/analysis"
)

// pngDPI is the resolution of the PNG figures: 7.5 in wide gives 900 px.
const pngDPI = 120

// figureWidth is the width of every figure.
const figureWidth = 7.5 * vg.Inch

// A figure is one or more plots drawn side by side, saved as name.png and
// name.svg.
type figure struct {
	name    string
	caption string
	plots   []*plot.Plot
	height  vg.Length
}

// drawn is a figure as written: its files and its SVG text for inlining.
type drawn struct {
	Name    string // file stem, such as "fig_lead"
	Caption string
	SVG     []byte // the SVG document, for inlining
	Err     error  // why the figure could not be drawn; then nothing else is set
}

// Files returns the names of the figure's files.
func (f *drawn) Files() []string { return []string{f.Name + ".png", f.Name + ".svg"} }

// render draws the figure to SVG and PNG files in dir. A panic while drawing
// (gonum/plot panics on some degenerate data) becomes the figure's error.
func (f *figure) render(dir string) (svg []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			svg, err = nil, fmt.Errorf("drawing failed: %v", r)
		}
	}()
	draw1 := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		tiles := draw.Tiles{Rows: 1, Cols: len(f.plots), PadX: vg.Points(14),
			PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4),
			PadRight: vg.Points(10)}
		canvases := plot.Align([][]*plot.Plot{f.plots}, tiles, dc)
		for i, p := range f.plots {
			p.Draw(canvases[0][i])
		}
	}

	sc := vgsvg.New(figureWidth, f.height)
	draw1(sc)
	var sb bytes.Buffer
	if _, err := sc.WriteTo(&sb); err != nil {
		return nil, err
	}
	ic := vgimg.NewWith(vgimg.UseWH(figureWidth, f.height), vgimg.UseDPI(pngDPI),
		vgimg.UseBackgroundColor(color.White))
	draw1(ic)
	var pb bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: ic}).WriteTo(&pb); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, f.name+".svg"), sb.Bytes(), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, f.name+".png"), pb.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return sb.Bytes(), nil
}

// errNoData is the reason for a figure whose data are all missing.
var errNoData = errors.New("no draw has a value")

// present returns the values of x that are not NaN, sorted.
func present(x []float64) []float64 { return analysis.SortedPresent(x) }

// histogram returns a histogram plotter of the sorted values s over the
// central 99.9% of their range, each bin weighted by its share of all n
// draws in percent, and the share of draws left out of the range.
func histogram(s []float64, n int, bins int, fill color.Color) (*plotter.Histogram, float64) {
	lo, hi := analysis.Quantile7(s, 0.0005), analysis.Quantile7(s, 0.9995)
	if hi <= lo {
		lo, hi = lo-0.5, hi+0.5
	}
	w := (hi - lo) / float64(bins)
	h := &plotter.Histogram{Width: w, FillColor: fill,
		LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.3)}}
	for b := range bins {
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo + float64(b)*w,
			Max: lo + float64(b+1)*w})
	}
	out := 0
	for _, v := range s {
		b := int((v - lo) / w)
		if v == hi {
			b = bins - 1
		}
		if v < lo || b < 0 || b >= bins {
			out++
			continue
		}
		h.Bins[b].Weight += 100 / float64(n)
	}
	return h, float64(out) / float64(n)
}

// cdfLine returns the empirical CDF of the sorted values s as a share of n
// draws (so it tops out below 1 when draws are missing), thinned to at most
// 400 points.
func cdfLine(s []float64, n int, c color.Color) *plotter.Line {
	const maxPts = 400
	step := max(1, len(s)/maxPts)
	var xy plotter.XYs
	for i := 0; i < len(s); i += step {
		xy = append(xy, plotter.XY{X: s[i], Y: float64(i+1) / float64(n)})
	}
	xy = append(xy, plotter.XY{X: s[len(s)-1], Y: float64(len(s)) / float64(n)})
	l := &plotter.Line{XYs: xy, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.6)}}
	l.StepStyle = plotter.PostStep
	return l
}

// distFigure draws the histogram and the CDF of one quantity of the draws,
// where NaN marks a draw in which it does not exist.
func distFigure(name, what, unit string, x []float64, c color.Color) (*figure, error) {
	s := present(x)
	if len(s) == 0 {
		return nil, fmt.Errorf("%s: %w", strings.ToLower(what[:1])+what[1:], errNoData)
	}
	n := len(x)
	h, out := histogram(s, n, 50, c)
	ph := newPlot("distribution", unit, "% of draws per bin")
	ph.Add(plotter.NewGrid(), h)

	pc := newPlot("cumulative distribution", unit, "share of all draws ≤ x")
	pc.Add(plotter.NewGrid(), cdfLine(s, n, c))
	pc.Y.Min, pc.Y.Max = 0, 1

	caption := fmt.Sprintf("%s: histogram and cumulative distribution over %d draws", what, n)
	if miss := n - len(s); miss > 0 {
		caption += fmt.Sprintf("; in %d draws (%.1f%%) it does not exist, so the "+
			"cumulative curve stops at %.3f", miss, 100*float64(miss)/float64(n),
			float64(len(s))/float64(n))
	}
	if out > 0 {
		caption += fmt.Sprintf("; %.2f%% of draws lie outside the histogram's range", 100*out)
	}
	return &figure{name: name, caption: caption + ".", plots: []*plot.Plot{ph, pc},
		height: 2.9 * vg.Inch}, nil
}

// yearsCDFFigure draws the CDFs of the federation and campus years on one
// plot, over all draws, so the gap between the paths shows at a glance.
func yearsCDFFigure(o *analysis.Outcomes) (*figure, error) {
	n := len(o.FedYear)
	p := newPlot("", "year", "P(model ready by year)")
	p.Add(plotter.NewGrid())
	drawn := 0
	for _, q := range []struct {
		label string
		x     []float64
		c     color.Color
	}{{"federation", o.FedYear, colFed}, {"campus", o.CampusYear, colCampus}} {
		s := present(q.x)
		if len(s) == 0 {
			continue
		}
		l := cdfLine(s, n, q.c)
		p.Add(l)
		p.Legend.Add(q.label, l)
		drawn++
	}
	if drawn == 0 {
		return nil, fmt.Errorf("federation and campus years: %w", errNoData)
	}
	p.Y.Min, p.Y.Max = 0, 1
	return &figure{name: "fig_years_cdf", plots: []*plot.Plot{p}, height: 3 * vg.Inch,
		caption: fmt.Sprintf("Probability that each path's model is ready by a given year, "+
			"over all %d draws; a curve that stops below 1 is the share of draws in "+
			"which that path never reaches the target.", n)}, nil
}

// barLabel returns the label of a tornado bar.
func barLabel(b analysis.Bar) string {
	if b.Name == analysis.BarRegion {
		return fmt.Sprintf("campus region (%s vs %s)", b.LowLabel, b.HighLabel)
	}
	return b.Name
}

// tornadoFigure draws the widest bars of the tornado for output o.
func tornadoFigure(t *analysis.Tornado, o, top int, xLabel string) (*figure, error) {
	if t == nil {
		return nil, errors.New("tornado: not computed")
	}
	bars := t.Ranked(o)[:min(top, len(t.Bars))]
	if len(bars) == 0 {
		return nil, errors.New("tornado: no inputs vary")
	}
	p := newPlot("", xLabel, "")
	var rs rects
	names := make([]string, len(bars))
	for i, b := range bars {
		y := float64(len(bars) - 1 - i) // widest on top
		names[len(bars)-1-i] = barLabel(b)
		rs = append(rs, rect{X0: t.Base[o], X1: b.LowOut[o], Y: y, H: 0.7, Color: colLow},
			rect{X0: t.Base[o], X1: b.HighOut[o], Y: y, H: 0.7, Color: colHigh})
	}
	base := vline{X: t.Base[o], Style: draw.LineStyle{Color: colRefLine, Width: vg.Points(1),
		Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}}
	p.Add(gridX(), rs, base)
	p.NominalY(names...)
	p.Legend.Add(fmt.Sprintf("input at its p%02.0f", 100*t.PLow), swatch{colLow})
	p.Legend.Add(fmt.Sprintf("input at its p%02.0f", 100*t.PHigh), swatch{colHigh})
	p.Legend.Add("central case", base)
	h := 0.9*vg.Inch + vg.Length(len(bars))*0.24*vg.Inch
	return &figure{name: "fig_tornado", plots: []*plot.Plot{p}, height: h,
		caption: fmt.Sprintf("Tornado of the %s: each input moved from its %.0fth to its "+
			"%.0fth percentile with every other input central (the %d widest of %d bars); "+
			"the regional 1 GW leads move together, and the region choice is its own bar.",
			xLabel, 100*t.PLow, 100*t.PHigh, len(bars), len(t.Bars))}, nil
}

// gridX returns grid lines along the x axis only.
func gridX() *plotter.Grid {
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	return g
}

// outputLabel names an output for axis labels and tables.
func outputLabel(o string) string {
	switch o {
	case analysis.OutFedYear:
		return "federation year"
	case analysis.OutCampusYear:
		return "campus year"
	case analysis.OutLead:
		return "campus lead (years)"
	case analysis.OutFedWins:
		return "federation wins (0/1)"
	}
	return o
}

// sobolFigure draws the group indices with their intervals, one panel per
// output.
func sobolFigure(gi *analysis.GroupIndices) (*figure, error) {
	if gi == nil {
		return nil, errors.New("Sobol' indices: not computed")
	}
	k := len(gi.Groups)
	names := make([]string, k)
	for i, g := range gi.Groups {
		names[k-1-i] = g
	}
	var plots []*plot.Plot
	for o, out := range gi.Outputs {
		ind := gi.Indices[o]
		p := newPlot(outputLabel(out), "index", "")
		var rs rects
		first := dots{Glyph: draw.GlyphStyle{Color: colFed, Radius: vg.Points(2.6),
			Shape: draw.CircleGlyph{}}}
		total := dots{Glyph: draw.GlyphStyle{Color: colCampus, Radius: vg.Points(2.6),
			Shape: draw.SquareGlyph{}}}
		xmin, xmax := 0.0, 1.0
		for i := range k {
			y := float64(k - 1 - i)
			for _, e := range []struct {
				est analysis.Estimate
				dy  float64
				c   color.Color
				d   *dots
			}{{ind.First[i], 0.17, colFed, &first}, {ind.Total[i], -0.17, colCampus, &total}} {
				e.d.X, e.d.Y = append(e.d.X, e.est.Value), append(e.d.Y, y+e.dy)
				if math.IsNaN(e.est.Lo) {
					continue
				}
				rs = append(rs, rect{X0: e.est.Lo, X1: e.est.Hi, Y: y + e.dy, H: 0.08, Color: e.c})
				xmin, xmax = math.Min(xmin, e.est.Lo), math.Max(xmax, e.est.Hi)
			}
		}
		if slices.ContainsFunc(first.X, func(v float64) bool { return !math.IsNaN(v) }) {
			p.Add(gridX(), rs, first, total)
		} else {
			p.Title.Text += " (constant: no indices)"
			p.Add(gridX())
		}
		p.X.Min, p.X.Max = math.Min(-0.05, xmin), math.Max(1.0, xmax)
		p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
		p.NominalY(names...)
		if o > 0 {
			p.Y.Tick.Label.Color = color.Transparent
		}
		plots = append(plots, p)
	}
	return &figure{name: "fig_sobol", plots: plots, height: 3.2 * vg.Inch,
		caption: fmt.Sprintf("Sobol' indices of the parameter groups: first-order S (blue "+
			"circles, upper) and total ST (orange squares, lower), with %.0f%% bootstrap "+
			"intervals (bars), from a Saltelli design of N = %d base rows.",
			100*gi.Indices[0].Conf, gi.N)}, nil
}

// regionsFigure draws, for a campus sited in each region, the 10th-90th
// percentile range and median of its year, against the federation's.
func regionsFigure(o *analysis.Outcomes) (*figure, error) {
	if len(o.Regions) == 0 {
		return nil, errors.New("region scorecard: no regions")
	}
	rows := len(o.Regions) + 1
	names := make([]string, rows)
	var rs rects
	med := dots{Glyph: draw.GlyphStyle{Color: color.Black, Radius: vg.Points(2.4),
		Shape: draw.CircleGlyph{}}}
	add := func(row int, label string, x []float64, c color.Color) bool {
		y := float64(rows - 1 - row)
		s := present(x)
		names[rows-1-row] = label
		if len(s) == 0 {
			return false
		}
		q := func(p float64) float64 { return analysis.Quantile7(s, p) }
		rs = append(rs, rect{X0: q(0.1), X1: q(0.9), Y: y, H: 0.5, Color: c})
		med.X, med.Y = append(med.X, q(0.5)), append(med.Y, y)
		return true
	}
	any := false
	for i, r := range o.Regions {
		fin := float64(len(present(r.CampusYear))) / float64(len(r.CampusYear))
		any = add(i+1, fmt.Sprintf("campus in %s (ready in %.0f%%)", r.ID, 100*fin),
			r.CampusYear, colCampus) || any
	}
	if !any {
		return nil, fmt.Errorf("region scorecard: campus years: %w", errNoData)
	}
	add(0, "federation", o.FedYear, colFed)
	p := newPlot("", "year the model is ready", "")
	p.Add(gridX(), rs, med)
	p.NominalY(names...)
	p.Legend.Add("median", med)
	p.Legend.Add("10th-90th percentile", swatch{colCampus})
	return &figure{name: "fig_regions", plots: []*plot.Plot{p},
		height: 0.9*vg.Inch + vg.Length(rows)*0.3*vg.Inch,
		caption: "Region scorecard: a campus sited in each region with the same draws " +
			"(10th-90th percentile of its year and median, over the draws in which it is " +
			"ready), against the federation."}, nil
}
