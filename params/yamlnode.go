package params

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// reader walks the YAML nodes of one file, recording problems against it.
type reader struct {
	file string
	errs *errs
}

func (r *reader) fail(n *yaml.Node, param, found, expected string) {
	line := 0
	if n != nil {
		line = n.Line
	}
	r.errs.add(r.file, line, param, found, expected)
}

// location is a place in a parameter file.
type location struct {
	file string
	line int
}

// yamlLine finds the line number in a YAML parser's message.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine returns the line a YAML syntax error names (0 when it names
// none) and the message without the package prefix. yaml.v3 counts lines
// from 0 in its parser's errors, those that say "did not find expected", and
// from 1 in its scanner's; both are returned counted from 1.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.Join(strings.Fields(msg), " ")
	line := 0
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		if strings.HasPrefix(msg[m[1]:], ": did not find expected") {
			line++
			msg = msg[:m[2]] + strconv.Itoa(line) + msg[m[3]:]
		}
	}
	return line, msg
}

// describe renders a node's value for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return strconv.Quote(n.Value)
		}
		return n.Value
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "nothing"
}

// fields returns a mapping node's keys and values, reporting keys outside
// allowed (when allowed is non-nil) and duplicate keys.
func (r *reader) fields(n *yaml.Node, param string, allowed []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		r.fail(n, param, describe(n), "a mapping")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if allowed != nil && !contains(allowed, k.Value) {
			r.fail(k, param, fmt.Sprintf("unknown key %q", k.Value),
				"one of "+strings.Join(allowed, ", ")+closeKey(k.Value, allowed))
			continue
		}
		if _, dup := out[k.Value]; dup {
			r.fail(k, param, fmt.Sprintf("key %q twice", k.Value), "each key once")
			continue
		}
		out[k.Value] = v
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// number reads a finite float from a scalar node.
func (r *reader) number(n *yaml.Node, param, expected string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!str" || n.Tag == "!!bool" || n.Tag == "!!null" {
		r.fail(n, param, describe(n), expected)
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail(n, param, describe(n), expected)
		return 0, false
	}
	return v, true
}

// text reads a non-empty string from a scalar node.
func (r *reader) text(n *yaml.Node, param, expected string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		r.fail(n, param, describe(n), expected)
		return "", false
	}
	return n.Value, true
}

func (r *reader) boolean(n *yaml.Node, param string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		r.fail(n, param, describe(n), "true or false")
		return false, false
	}
	return n.Value == "true", true
}

// numbers reads a list of n finite floats (n < 0: any length ≥ 1).
func (r *reader) numbers(node *yaml.Node, param string, n int, expected string) ([]float64, bool) {
	if node.Kind != yaml.SequenceNode || n >= 0 && len(node.Content) != n ||
		len(node.Content) == 0 {
		r.fail(node, param, describe(node), expected)
		return nil, false
	}
	out := make([]float64, len(node.Content))
	for i, c := range node.Content {
		v, ok := r.number(c, param, expected)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

var idPattern = regexp.MustCompile(`^[a-z0-9_]+$`)
var countryPattern = regexp.MustCompile(`^[A-Z]{2,3}$`)

// paramKeys are the keys a parameter mapping may hold.
var paramKeys = []string{"value", "unit", "confidence", "source", "range", "dist", "exact",
	"note"}

// param reads one parameter mapping. With base non-nil the mapping is an
// overlay: fields it gives replace base's, the rest are kept, and a bare
// number stands for {value: number}.
func (r *reader) param(n *yaml.Node, name string, base *Param) *Param {
	if base != nil && n.Kind == yaml.ScalarNode {
		n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column,
			Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "value",
				Line: n.Line}, n}}
	}
	f := r.fields(n, name, paramKeys)
	p := &Param{Name: name, Value: math.NaN(), Line: n.Line, file: r.file,
		Origin: fmt.Sprintf("%s:%d", r.file, n.Line)}
	if !r.oneSpread(n, name, f) {
		return nil
	}
	if base != nil {
		cp := *base
		cp.Line, cp.file, cp.Origin, cp.Dist = p.Line, p.file, p.Origin, nil
		p = &cp
		overlaySpread(p, f)
	}
	ok := true
	if v, has := f["value"]; has {
		p.Value, ok = r.number(v, name, "a number")
	}
	if v, has := f["unit"]; has {
		u, good := r.text(v, name, "a unit: "+unitList())
		if k, known := units[u]; good && known {
			p.Unit, p.Kind = u, k
		} else if good {
			r.fail(v, name, fmt.Sprintf("unit %q", u), "a unit: "+unitList())
			ok = false
		}
	} else if base == nil {
		r.fail(n, name, "no unit", "a unit: "+unitList())
		ok = false
	}
	if v, has := f["confidence"]; has {
		c, good := r.text(v, name, "a confidence tag: high, medium or low")
		if t, known := confidenceNames[c]; good && known {
			p.Confidence = t
		} else if good {
			r.fail(v, name, fmt.Sprintf("confidence %q", c), "a confidence tag: high, medium or low")
			ok = false
		}
	} else if base == nil {
		r.fail(n, name, "no confidence", "a confidence tag: high, medium or low")
		ok = false
	}
	if v, has := f["source"]; has {
		p.Source, _ = r.text(v, name, "a source (citation text or URL)")
	} else if base == nil {
		r.fail(n, name, "no source", "a source (citation text or URL)")
	}
	if v, has := f["note"]; has {
		p.Note, _ = r.text(v, name, "a note")
	}
	if v, has := f["range"]; has {
		p.Range, ok = r.numbers(v, name, 2, "a 90% range [p5, p95] of two numbers")
	}
	if v, has := f["exact"]; has {
		p.Exact, _ = r.boolean(v, name)
	}
	if v, has := f["dist"]; has {
		p.Spec = r.dist(v, name)
		ok = ok && p.Spec != nil
	}
	if !ok {
		return nil
	}
	return p
}

// oneSpread reports whether the mapping f gives at most one of range, dist and
// `exact: true`, and no value beside a dist; it records the problem otherwise.
func (r *reader) oneSpread(n *yaml.Node, name string, f map[string]*yaml.Node) bool {
	var given []string
	for _, k := range []string{"range", "dist"} {
		if _, ok := f[k]; ok {
			given = append(given, k)
		}
	}
	if v, ok := f["exact"]; ok && v.Kind == yaml.ScalarNode && v.Value == "true" {
		given = append(given, "exact")
	}
	if len(given) > 1 {
		r.fail(n, name, strings.Join(given, " and "),
			"at most one of range, dist and exact: true")
		return false
	}
	if _, ok := f["value"]; ok && len(given) == 1 && given[0] == "dist" {
		r.fail(f["value"], name, "a value beside a dist",
			"either a dist (its median is the central value) or a value")
		return false
	}
	return true
}

// overlaySpread clears what an overlay mapping f replaces in a copy p of a
// parameter. A value alone keeps the spread's kind: an exact parameter stays
// exact and a tagged one keeps its tag, so the spread moves with the new
// median; a range, a dist or `exact` replaces the whole spread.
func overlaySpread(p *Param, f map[string]*yaml.Node) {
	_, value := f["value"]
	_, rng := f["range"]
	_, dist := f["dist"]
	_, exact := f["exact"]
	switch {
	case rng:
		p.Spec, p.Exact = nil, false
		if !value {
			p.Value = math.NaN()
		}
	case dist:
		p.Value, p.Range, p.Exact = math.NaN(), nil, false
	case exact:
		p.Range, p.Spec = nil, nil
	case value:
		p.Range, p.Spec = nil, nil
	}
}

// dist reads an explicit distribution mapping.
func (r *reader) dist(n *yaml.Node, name string) *DistSpec {
	raw := r.fields(n, name+".dist", nil)
	fam, has := raw["family"]
	if !has {
		r.fail(n, name+".dist", "no family", "family: one of "+familyList())
		return nil
	}
	family, _ := r.text(fam, name+".dist", "a family")
	need, known := families[family]
	if !known {
		r.fail(fam, name+".dist", fmt.Sprintf("family %q", family), "one of "+familyList())
		return nil
	}
	s := &DistSpec{Family: family, Fields: map[string]float64{}}
	allowed := append(append([]string{"family", "bounds"}, need...), optionalFields[family]...)
	if family == "discrete" {
		allowed = append(allowed, "values", "weights")
	}
	sort.Strings(allowed)
	for k, v := range raw {
		switch {
		case !contains(allowed, k):
			r.fail(v, name+".dist", fmt.Sprintf("unknown key %q", k),
				"one of "+strings.Join(allowed, ", "))
			return nil
		case k == "family":
		case k == "bounds":
			b, ok := r.numbers(v, name+".dist.bounds", 2, "bounds [lo, hi]")
			if !ok {
				return nil
			}
			s.Bounds = b
		case k == "values":
			vals, ok := r.numbers(v, name+".dist.values", -1, "a list of numbers")
			if !ok {
				return nil
			}
			s.Values = vals
		case k == "weights":
			w, ok := r.numbers(v, name+".dist.weights", -1, "a list of weights")
			if !ok {
				return nil
			}
			s.Weights = w
		default:
			x, ok := r.number(v, name+".dist."+k, "a number")
			if !ok {
				return nil
			}
			s.Fields[k] = x
		}
	}
	for _, k := range need {
		if _, ok := s.Fields[k]; !ok {
			r.fail(n, name+".dist", "no "+k, family+" needs "+strings.Join(need, ", "))
			return nil
		}
	}
	return s
}

// closeKey returns " (did you mean K?)" when one allowed key is within two
// edits of key, as a misspelling would be, and "" otherwise.
func closeKey(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := editDistance(key, a); d < bestD {
			best, bestD = a, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}
