package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// SummaryProbs are the probabilities at which year and lead quantiles are
// reported.
var SummaryProbs = []float64{0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95}

// ReadyByYears are the years Y for which P(federation ready by the end of Y),
// that is fed_year < Y + 1, is reported.
var ReadyByYears = []int{2027, 2028, 2029, 2030}

// z975 is Φ⁻¹(0.975), the critical value of a two-sided 95% interval.
const z975 = 1.959963984540054

// QuantileDefinition names the sample quantile definition of every summary.
const QuantileDefinition = "Hyndman-Fan type 7 (linear interpolation; R, NumPy, " +
	"DuckDB quantile_cont)"

// Outcomes are the per-draw outputs a summary is computed from. Years are
// decimal years and NaN means missing (the path never reaches the target).
type Outcomes struct {
	FedYear    []float64
	CampusYear []float64
	Lead       []float64
	FedWins    []bool
	Regions    []RegionOutcomes
}

// RegionOutcomes are the per-draw outputs of one region.
type RegionOutcomes struct {
	ID         string
	CampusYear []float64 // NaN: infeasible or never
	FedBeats   []bool
	Rank       []int // 0: infeasible
}

// Number is a float64 that encodes NaN (a quantity with no value, such as
// the median year of a path that never finishes) as JSON null, and decodes
// null as NaN.
type Number float64

// MarshalJSON implements json.Marshaler.
func (x Number) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(x))
}

// UnmarshalJSON implements json.Unmarshaler.
func (x *Number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Number(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = Number(f)
	return nil
}

// Probability is a probability with its Monte Carlo standard error and a Wilson
// 95% interval.
type Probability struct {
	P     Number `json:"p"`
	SE    Number `json:"se"`
	Lo95  Number `json:"lo95"`
	Hi95  Number `json:"hi95"`
	Count int64  `json:"count"`
}

// NewProbability returns the estimate of k successes in n draws with its
// standard error and Wilson 95% interval.
func NewProbability(k, n int64) Probability { return probability(k, n) }

func probability(k, n int64) Probability {
	pr := Proportion{K: k, N: n}
	lo, hi := pr.Wilson(z975)
	return Probability{P: Number(pr.P()), SE: Number(pr.SE()), Lo95: Number(lo), Hi95: Number(hi),
		Count: k}
}

// Distribution summarises the draws of one quantity where it exists.
type Distribution struct {
	Present   int64             `json:"present"` // draws where it exists
	Mean      Number            `json:"mean"`
	Quantiles map[string]Number `json:"quantiles"` // "p05" … "p95"
}

// RegionSummary is one row of the region scorecard.
type RegionSummary struct {
	ID               string      `json:"id"`
	PFedBeats        Probability `json:"p_fed_beats"`
	MedianCampusYear Number      `json:"median_campus_year"` // over draws where it exists
	PCampusFinishes  Number      `json:"p_campus_finishes"`
	PRank1           Number      `json:"p_rank1"`
}

// Summary is the headline of a run.
type Summary struct {
	Draws int64 `json:"draws"`
	// NonFiniteDraws counts the draws with a model output that was infinite,
	// or NaN where a number was due. Those outputs count as missing here
	// and are null in the run's files, which list the draws.
	NonFiniteDraws int64 `json:"non_finite_draws"`
	// PFedBeatsCampus is P(federation ready before the campus, or with no
	// campus at all).
	PFedBeatsCampus Probability `json:"p_fed_beats_campus"`
	PFedFinishes    Probability `json:"p_fed_finishes"`
	PCampusFinishes Probability `json:"p_campus_finishes"`
	PNeither        Probability `json:"p_neither"`
	// PFedReadyBy maps a year Y to P(fed_year < Y + 1).
	PFedReadyBy        map[string]Probability `json:"p_fed_ready_by_end_of"`
	FedYear            Distribution           `json:"fed_year"`
	CampusYear         Distribution           `json:"campus_year"`
	Lead               Distribution           `json:"lead_years"`
	QuantileDefinition string                 `json:"quantile_definition"`
	// SEKind says how standard errors are to be read for the sampling design.
	SEKind  string          `json:"se_kind"`
	Regions []RegionSummary `json:"regions"`
}

// Summarize computes the headline of a run from its outcomes held in memory.
// seKind is recorded as given (for example "iid (plain Monte Carlo)"). It
// gives exactly what a SummaryBuilder fed the same draws in the same order
// gives.
func Summarize(o *Outcomes, seKind string) *Summary {
	ids := make([]string, len(o.Regions))
	for j, r := range o.Regions {
		ids[j] = r.ID
	}
	b := NewSummaryBuilder(ids)
	for pass := 1; pass <= 2; pass++ {
		for i := range o.FedYear {
			b.Draw(o.FedYear[i], o.CampusYear[i], o.Lead[i], o.FedWins[i])
			for j := range o.Regions {
				r := &o.Regions[j]
				b.Region(j, r.CampusYear[i], r.FedBeats[i], r.Rank[i])
			}
		}
		if pass == 1 {
			b.Prepare()
		}
	}
	return b.Summary(seKind)
}

// Year range of the selectors' histograms; values outside are still exact.
const (
	yearLo = 2026.0
	yearHi = 2046.0
)

// SummaryBuilder computes a Summary from a stream of draws in two passes and
// memory that does not grow with the number of draws: the first pass counts
// and fills histograms, Prepare ends it, and the second pass offers the same
// draws again, in the same order, for the exact quantiles.
type SummaryBuilder struct {
	pass                          int
	n, wins, fed, campus, neither int64
	ready                         []int64
	fedQ, campusQ, leadQ          *Selector
	regions                       []regionAcc
}

type regionAcc struct {
	id                 string
	beats, done, first int64
	q                  *Selector
}

// NewSummaryBuilder returns a builder for draws with the given regions.
func NewSummaryBuilder(regionIDs []string) *SummaryBuilder {
	b := &SummaryBuilder{pass: 1, ready: make([]int64, len(ReadyByYears)),
		fedQ:    NewSelector(SummaryProbs, yearLo, yearHi),
		campusQ: NewSelector(SummaryProbs, yearLo, yearHi),
		leadQ:   NewSelector(SummaryProbs, -(yearHi - yearLo), yearHi-yearLo)}
	for _, id := range regionIDs {
		b.regions = append(b.regions, regionAcc{id: id,
			q: NewSelector([]float64{0.5}, yearLo, yearHi)})
	}
	return b
}

// Draw offers one draw's headline outputs; NaN years are missing.
func (b *SummaryBuilder) Draw(fedYear, campusYear, lead float64, fedWins bool) {
	if b.pass == 2 {
		b.fedQ.Observe2(fedYear)
		b.campusQ.Observe2(campusYear)
		b.leadQ.Observe2(lead)
		return
	}
	b.n++
	f, c := !math.IsNaN(fedYear), !math.IsNaN(campusYear)
	if fedWins {
		b.wins++
	}
	if f {
		b.fed++
	}
	if c {
		b.campus++
	}
	if !f && !c {
		b.neither++
	}
	for j, y := range ReadyByYears {
		if f && fedYear < float64(y+1) {
			b.ready[j]++
		}
	}
	b.fedQ.Observe1(fedYear)
	b.campusQ.Observe1(campusYear)
	b.leadQ.Observe1(lead)
}

// Region offers region j's outputs for the current draw; rank 0 means the
// region was infeasible.
func (b *SummaryBuilder) Region(j int, campusYear float64, fedBeats bool, rank int) {
	r := &b.regions[j]
	if b.pass == 2 {
		r.q.Observe2(campusYear)
		return
	}
	if fedBeats {
		r.beats++
	}
	if !math.IsNaN(campusYear) {
		r.done++
	}
	if rank == 1 {
		r.first++
	}
	r.q.Observe1(campusYear)
}

// Prepare ends the first pass; the same draws must then be offered again.
func (b *SummaryBuilder) Prepare() {
	b.pass = 2
	for _, s := range []*Selector{b.fedQ, b.campusQ, b.leadQ} {
		s.Prepare()
	}
	for _, r := range b.regions {
		r.q.Prepare()
	}
}

// Summary returns the summary after the second pass.
func (b *SummaryBuilder) Summary(seKind string) *Summary {
	n := b.n
	s := &Summary{
		Draws:           n,
		PFedBeatsCampus: probability(b.wins, n), PFedFinishes: probability(b.fed, n),
		PCampusFinishes: probability(b.campus, n), PNeither: probability(b.neither, n),
		PFedReadyBy:        map[string]Probability{},
		FedYear:            distribution(b.fedQ),
		CampusYear:         distribution(b.campusQ),
		Lead:               distribution(b.leadQ),
		QuantileDefinition: QuantileDefinition,
		SEKind:             seKind,
	}
	for j, y := range ReadyByYears {
		s.PFedReadyBy[fmt.Sprint(y)] = probability(b.ready[j], n)
	}
	for _, r := range b.regions {
		s.Regions = append(s.Regions, RegionSummary{ID: r.id, PFedBeats: probability(r.beats, n),
			MedianCampusYear: Number(r.q.Quantiles()[0]),
			PCampusFinishes:  Number(ratio(r.done, n)), PRank1: Number(ratio(r.first, n))})
	}
	return s
}

func ratio(k, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// QuantileKey returns the JSON key of probability p in Distribution.Quantiles:
// "p05" for 0.05.
func QuantileKey(p float64) string { return fmt.Sprintf("p%02.0f", p*100) }

func distribution(sel *Selector) Distribution {
	d := Distribution{Present: sel.Count(), Mean: Number(sel.Mean()),
		Quantiles: map[string]Number{}}
	for i, q := range sel.Quantiles() {
		d.Quantiles[QuantileKey(SummaryProbs[i])] = Number(q)
	}
	return d
}

// WriteHeadline prints the few lines a user quotes: the probability that the
// federation wins with its error and interval, and the median years.
func (s *Summary) WriteHeadline(w io.Writer) error {
	p := s.PFedBeatsCampus
	med := QuantileKey(0.5)
	_, err := fmt.Fprintf(w,
		"P(federation beats campus) = %.4f ± %s (MC s.e.; Wilson 95%%: %.4f–%.4f), %d draws\n"+
			"median federation year %s (90%%: %s–%s)   median campus year %s (90%%: %s–%s)\n"+
			"median lead %s years   P(federation ready) %.3f   P(campus ready) %.3f   "+
			"P(neither) %.3f\n",
		p.P, se(float64(p.SE)), p.Lo95, p.Hi95, s.Draws,
		year(s.FedYear.Quantiles[med]), year(s.FedYear.Quantiles["p05"]),
		year(s.FedYear.Quantiles["p95"]),
		year(s.CampusYear.Quantiles[med]), year(s.CampusYear.Quantiles["p05"]),
		year(s.CampusYear.Quantiles["p95"]),
		year(s.Lead.Quantiles[med]), s.PFedFinishes.P, s.PCampusFinishes.P, s.PNeither.P)
	return err
}

// se formats a standard error to four decimals, or to two significant digits
// when it is smaller than that shows (large runs).
func se(v float64) string {
	if v > 0 && v < 0.00005 {
		return fmt.Sprintf("%.1e", v)
	}
	return fmt.Sprintf("%.4f", v)
}

func year(x Number) string {
	v := float64(x)
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", v)
}

// WriteMarkdown writes the full summary as a readable Markdown document.
func (s *Summary) WriteMarkdown(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("```\n")
	_ = s.WriteHeadline(&b)
	b.WriteString("```\n\n")
	fmt.Fprintf(&b, "Draws: %d. Standard errors: %s. Quantiles: %s, over the draws where "+
		"the year exists.\n\n", s.Draws, s.SEKind, s.QuantileDefinition)
	if s.NonFiniteDraws > 0 {
		fmt.Fprintf(&b, "**Warning:** %d draws had a non-finite model output, counted here "+
			"as missing; see nonfinite.json.\n\n", s.NonFiniteDraws)
	}

	b.WriteString("## Probabilities\n\n| event | P | s.e. | Wilson 95% |\n|---|---|---|---|\n")
	row := func(name string, e Probability) {
		fmt.Fprintf(&b, "| %s | %.4f | %.4f | %.4f–%.4f |\n", name, e.P, e.SE, e.Lo95, e.Hi95)
	}
	row("federation beats campus", s.PFedBeatsCampus)
	row("federation reaches the target by the horizon", s.PFedFinishes)
	row("campus reaches the target by the horizon", s.PCampusFinishes)
	row("neither reaches the target", s.PNeither)
	for _, y := range ReadyByYears {
		row(fmt.Sprintf("federation ready by the end of %d", y), s.PFedReadyBy[fmt.Sprint(y)])
	}

	b.WriteString("\n## Quantiles\n\n| quantity | present |")
	for _, p := range SummaryProbs {
		fmt.Fprintf(&b, " %s |", QuantileKey(p))
	}
	b.WriteString(" mean |\n|---|---|")
	for range SummaryProbs {
		b.WriteString("---|")
	}
	b.WriteString("---|\n")
	for _, q := range []struct {
		name string
		d    Distribution
	}{{"federation year", s.FedYear}, {"campus year", s.CampusYear},
		{"lead (years)", s.Lead}} {
		fmt.Fprintf(&b, "| %s | %d |", q.name, q.d.Present)
		for _, p := range SummaryProbs {
			fmt.Fprintf(&b, " %s |", year(q.d.Quantiles[QuantileKey(p)]))
		}
		fmt.Fprintf(&b, " %s |\n", year(q.d.Mean))
	}

	b.WriteString("\n## Regions\n\nA campus sited in each region, with the same draws.\n\n" +
		"| region | P(federation beats it) | s.e. | median campus year | " +
		"P(campus finishes) | P(best score) |\n|---|---|---|---|---|---|\n")
	for _, r := range s.Regions {
		fmt.Fprintf(&b, "| %s | %.4f | %.4f | %s | %.3f | %.3f |\n", r.ID, r.PFedBeats.P,
			r.PFedBeats.SE, year(r.MedianCampusYear), r.PCampusFinishes, r.PRank1)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
