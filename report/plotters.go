package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the figures: the federation, the campus, the lead, and the low
// and high settings of a tornado (light and dark of one hue, so that the
// figures read in grey too).
var (
	colFed     = color.RGBA{R: 0x1f, G: 0x6f, B: 0xb4, A: 0xff}
	colCampus  = color.RGBA{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}
	colLead    = color.RGBA{R: 0x6a, G: 0x51, B: 0xa3, A: 0xff}
	colLow     = color.RGBA{R: 0x9e, G: 0xca, B: 0xe1, A: 0xff}
	colHigh    = color.RGBA{R: 0x08, G: 0x51, B: 0x9c, A: 0xff}
	colGrid    = color.Gray{Y: 0xdd}
	colRefLine = color.Gray{Y: 0x44}
)

// newPlot returns a plot whose text is set in Liberation Sans.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	sans := func(s *text.Style) {
		s.Font.Typeface, s.Font.Variant = "Liberation", "Sans"
	}
	for _, s := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle,
		&p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		sans(s)
	}
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Tick.Label.Font.Size = vg.Points(8.5)
	p.Y.Tick.Label.Font.Size = vg.Points(8.5)
	p.Legend.TextStyle.Font.Size = vg.Points(8.5)
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	return p
}

// A rect is a horizontal bar from X0 to X1 centred on Y, H data units tall.
type rect struct {
	X0, X1, Y, H float64
	Color        color.Color
}

// rects draws filled horizontal bars.
type rects []rect

// Plot implements plot.Plotter.
func (rs rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range rs {
		x0, x1 := trX(math.Min(r.X0, r.X1)), trX(math.Max(r.X0, r.X1))
		if x1-x0 < 0.5 {
			x1 = x0 + 0.5 // keep zero-width bars visible as a hairline
		}
		y0, y1 := trY(r.Y-r.H/2), trY(r.Y+r.H/2)
		c.FillPolygon(r.Color, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0},
			{X: x1, Y: y1}, {X: x0, Y: y1}}))
	}
}

// DataRange implements plot.DataRanger.
func (rs rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range rs {
		xmin, xmax = math.Min(xmin, math.Min(r.X0, r.X1)), math.Max(xmax, math.Max(r.X0, r.X1))
		ymin, ymax = math.Min(ymin, r.Y-r.H/2), math.Max(ymax, r.Y+r.H/2)
	}
	return xmin, xmax, ymin, ymax
}

// vline is a vertical reference line at X across the plot.
type vline struct {
	X     float64
	Style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(l.X)
	c.StrokeLine2(l.Style, x, c.Min.Y, x, c.Max.Y)
}

// DataRange implements plot.DataRanger: the line widens the x range to
// include it and leaves y alone.
func (l vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return l.X, l.X, math.Inf(1), math.Inf(-1)
}

// Thumbnail implements plot.Thumbnailer.
func (l vline) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}

// swatch is a legend entry: a filled square of one colour.
type swatch struct{ Color color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.Color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max,
		{X: c.Min.X, Y: c.Max.Y}})
}

// dots draws one glyph per point.
type dots struct {
	X, Y  []float64
	Glyph draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (d dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range d.X {
		if math.IsNaN(d.X[i]) {
			continue
		}
		c.DrawGlyph(d.Glyph, vg.Point{X: trX(d.X[i]), Y: trY(d.Y[i])})
	}
}

// DataRange implements plot.DataRanger.
func (d dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range d.X {
		if math.IsNaN(d.X[i]) {
			continue
		}
		xmin, xmax = math.Min(xmin, d.X[i]), math.Max(xmax, d.X[i])
		ymin, ymax = math.Min(ymin, d.Y[i]), math.Max(ymax, d.Y[i])
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer.
func (d dots) Thumbnail(c *draw.Canvas) { c.DrawGlyph(d.Glyph, c.Center()) }
