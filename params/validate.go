package params

import (
	"fmt"
	"math"
	"strings"
)

// Bounds of a decimal year, for dates and retirements.
const (
	minYear = 1990
	maxYear = 2100
)

// spreadProblem checks the explicit spread of p against its kind before the
// distribution is built, so that the message names the rule rather than the
// constructor that would fail. It returns what was found and what was
// expected, or "" for both.
func (p *Param) spreadProblem() (found, expected string) {
	if p.Exact && math.IsNaN(p.Value) {
		return "exact: true without a value", "a value for the exact parameter"
	}
	if p.Kind == Flag && (!p.Exact || p.Value != 0 && p.Value != 1 || p.Spec != nil) {
		return describeSpread(p), "an exact 0 or 1 (a flag is a switch: exact: true)"
	}
	if p.Kind == Probability && (len(p.Range) > 0 || p.Spec != nil) {
		return describeSpread(p), "a value only (a probability is drawn as a yes/no " +
			"event in each draw, so it takes no spread)"
	}
	if p.Spec != nil && len(p.Spec.Bounds) == 2 && !(p.Spec.Bounds[0] < p.Spec.Bounds[1]) {
		return fmt.Sprintf("bounds [%g, %g]", p.Spec.Bounds[0], p.Spec.Bounds[1]),
			"bounds [lo, hi] with lo < hi"
	}
	if len(p.Range) != 2 {
		return "", ""
	}
	lo, hi := p.Range[0], p.Range[1]
	rng := fmt.Sprintf("range [%g, %g]", lo, hi)
	if !(lo < hi) {
		return rng, "an ordered range [p5, p95] with p5 < p95"
	}
	switch p.Kind {
	case Positive:
		if lo <= 0 {
			return rng, "a range of positive values (a lognormal needs p5 > 0)"
		}
	case Fraction:
		if lo <= 0 || hi >= 1 {
			return rng, "a range strictly between 0 and 1"
		}
	case Date:
		if lo < minYear || hi > maxYear {
			return rng, fmt.Sprintf("a range of decimal years between %d and %d", minYear,
				maxYear)
		}
	}
	if v := p.Value; !math.IsNaN(v) && !(lo < v && v < hi) {
		return fmt.Sprintf("value %g with range [%g, %g]", v, lo, hi),
			"a value strictly inside its range (p5 < value < p95)"
	}
	return "", ""
}

// supportProblem checks that a resolved explicit distribution stays in the
// domain of p's kind: positive quantities cannot go below 0 and fractions
// stay in [0, 1]. It returns what was expected, or "".
func (p *Param) supportProblem() string {
	if p.Spec == nil || p.Dist == nil {
		return ""
	}
	lo, hi := p.Dist.Quantile(0), p.Dist.Quantile(1)
	switch p.Kind {
	case Positive:
		if lo < 0 {
			return "a distribution of values ≥ 0 (add bounds: [0, …] or use lognormal)"
		}
	case Fraction:
		if lo < 0 || hi > 1 {
			return "a distribution of values in [0, 1] (add bounds: [0, 1] or use beta " +
				"or logit-normal)"
		}
	case Date:
		if lo < minYear || hi > maxYear {
			return fmt.Sprintf("a distribution of decimal years between %d and %d "+
				"(add bounds)", minYear, maxYear)
		}
	}
	return ""
}

// checkTables checks what ties the tables together once every layer is read.
func (s *Set) checkTables(e *errs) {
	if s.CampusRegion != "" && s.region(s.CampusRegion) < 0 {
		at := s.campusAt
		if at.file == "" {
			at.file = "global.yaml"
		}
		ids := make([]string, len(s.Regions))
		for i, r := range s.Regions {
			ids[i] = r.ID
		}
		e.add(at.file, at.line, "settings.campus_region", fmt.Sprintf("%q", s.CampusRegion),
			"a region id: one of "+strings.Join(ids, ", "))
	}
	if s.CampusRegion == "" {
		total := 0.0
		for _, r := range s.Regions {
			total += r.SitingWeight
		}
		if !(total > 0) {
			e.add("regions.yaml", 0, "regions", "no region with a positive siting_weight",
				"a positive siting_weight on at least one region, or settings.campus_region")
		}
	}
}

// unknownName says what was expected instead of an unknown parameter name,
// suggesting the closest known name when one is within three edits.
func (s *Set) unknownName(name string) string {
	best, dist := "", 4
	for _, n := range s.Names() {
		if d := editDistance(n, name); d < dist {
			best, dist = n, d
		}
	}
	if best == "" {
		return "a parameter of the default set (see `euromesh-mc params list`)"
	}
	return "a parameter of the default set (did you mean " + best + "?)"
}

// Similar returns up to max parameter names close to name, in name order:
// those within three edits of it, or containing its last dot-separated part.
func (s *Set) Similar(name string, max int) []string {
	key := name[strings.LastIndexByte(name, '.')+1:]
	var out []string
	for _, n := range s.Names() {
		if len(out) == max {
			break
		}
		if editDistance(n, name) <= 3 || key != "" && strings.Contains(n, key) {
			out = append(out, n)
		}
	}
	return out
}

// editDistance returns the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
