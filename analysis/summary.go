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

// Summarize computes the headline of a run from its outcomes. seKind is
// recorded as given (for example "iid" or "upper bound (Latin hypercube)").
func Summarize(o *Outcomes, seKind string) *Summary {
	n := int64(len(o.FedYear))
	var wins, fed, campus, neither int64
	ready := make([]int64, len(ReadyByYears))
	for i := range o.FedYear {
		f, c := !math.IsNaN(o.FedYear[i]), !math.IsNaN(o.CampusYear[i])
		if o.FedWins[i] {
			wins++
		}
		if f {
			fed++
		}
		if c {
			campus++
		}
		if !f && !c {
			neither++
		}
		for j, y := range ReadyByYears {
			if f && o.FedYear[i] < float64(y+1) {
				ready[j]++
			}
		}
	}
	s := &Summary{
		Draws:           n,
		PFedBeatsCampus: probability(wins, n), PFedFinishes: probability(fed, n),
		PCampusFinishes: probability(campus, n), PNeither: probability(neither, n),
		PFedReadyBy:        map[string]Probability{},
		FedYear:            describe(o.FedYear),
		CampusYear:         describe(o.CampusYear),
		Lead:               describe(o.Lead),
		QuantileDefinition: QuantileDefinition,
		SEKind:             seKind,
	}
	for j, y := range ReadyByYears {
		s.PFedReadyBy[fmt.Sprint(y)] = probability(ready[j], n)
	}
	for _, r := range o.Regions {
		var beats, done, first int64
		for i := range r.FedBeats {
			if r.FedBeats[i] {
				beats++
			}
			if !math.IsNaN(r.CampusYear[i]) {
				done++
			}
			if r.Rank[i] == 1 {
				first++
			}
		}
		s.Regions = append(s.Regions, RegionSummary{ID: r.ID, PFedBeats: probability(beats, n),
			MedianCampusYear: Number(Quantiles(r.CampusYear, []float64{0.5})[0]),
			PCampusFinishes:  Number(ratio(done, n)), PRank1: Number(ratio(first, n))})
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

func describe(x []float64) Distribution {
	s := sortedNonNaN(x)
	d := Distribution{Present: int64(len(s)), Mean: Number(math.NaN()),
		Quantiles: map[string]Number{}}
	if len(s) > 0 {
		sum := 0.0
		for _, v := range s {
			sum += v
		}
		d.Mean = Number(sum / float64(len(s)))
	}
	for _, p := range SummaryProbs {
		d.Quantiles[QuantileKey(p)] = Number(Quantile7(s, p))
	}
	return d
}

// WriteHeadline prints the few lines a user quotes: the probability that the
// federation wins with its error and interval, and the median years.
func (s *Summary) WriteHeadline(w io.Writer) error {
	p := s.PFedBeatsCampus
	med := QuantileKey(0.5)
	_, err := fmt.Fprintf(w,
		"P(federation beats campus) = %.4f ± %.4f (MC s.e.; Wilson 95%%: %.4f–%.4f), %d draws\n"+
			"median federation year %s (90%%: %s–%s)   median campus year %s (90%%: %s–%s)\n"+
			"median lead %s years   P(federation ready) %.3f   P(campus ready) %.3f   "+
			"P(neither) %.3f\n",
		p.P, p.SE, p.Lo95, p.Hi95, s.Draws,
		year(s.FedYear.Quantiles[med]), year(s.FedYear.Quantiles["p05"]),
		year(s.FedYear.Quantiles["p95"]),
		year(s.CampusYear.Quantiles[med]), year(s.CampusYear.Quantiles["p05"]),
		year(s.CampusYear.Quantiles["p95"]),
		year(s.Lead.Quantiles[med]), s.PFedFinishes.P, s.PCampusFinishes.P, s.PNeither.P)
	return err
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
