package params

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/euromesh/euromesh-mc/sampler"
)

// CorrelationsFile is the name of the correlation file in a parameter
// directory.
const CorrelationsFile = "correlations.yaml"

// Correlations reads the correlation file of dir (or the embedded default
// when dir is nil or has none) and expands it against the binding's sampled
// dimensions: every pair of parameters matched by a group, and every named
// pair. A pattern or name that matches no sampled parameter is an error.
func Correlations(dir fs.FS, b *Binding) ([]sampler.Correlation, error) {
	data, err := fs.ReadFile(defaults(), CorrelationsFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", CorrelationsFile, err)
	}
	// A pattern of the default file may match nothing once a scenario or
	// --set fixes those parameters; in a user's file it is a mistake.
	strict := false
	if dir != nil {
		d, err := ReadFile(dir, CorrelationsFile)
		switch {
		case err == nil:
			data, strict = d, true
		case !errors.Is(err, fs.ErrNotExist):
			return nil, Errors{{File: CorrelationsFile, Found: "an unreadable file (" +
				err.Error() + ")", Expected: "a readable YAML file"}}
		}
	}
	var e errs
	r := &reader{file: CorrelationsFile, errs: &e}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{{File: CorrelationsFile, Found: "invalid YAML (" +
			strings.TrimPrefix(err.Error(), "yaml: ") + ")", Expected: "a YAML document"}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	dims := map[string]bool{}
	for _, d := range b.Dims() {
		dims[d] = true
	}
	var out []sampler.Correlation
	seen := map[[2]string]bool{}
	add := func(a, c string, rho float64) {
		if a > c {
			a, c = c, a
		}
		if a == c || seen[[2]string{a, c}] {
			return
		}
		seen[[2]string{a, c}] = true
		out = append(out, sampler.Correlation{A: a, B: c, Rho: rho})
	}
	for _, n := range entries(r, doc.Content[0], "correlations", []string{"correlations"}) {
		f := r.fields(n, "correlations", []string{"group", "pair", "rho", "justification",
			"source"})
		rv, ok := f["rho"]
		if !ok {
			r.fail(n, "correlations", "no rho", "rho: a rank correlation in [-1, 1]")
			continue
		}
		rho, ok := r.number(rv, "correlations.rho", "a rank correlation in [-1, 1]")
		if !ok {
			continue
		}
		if rho < -1 || rho > 1 {
			r.fail(rv, "correlations.rho", fmt.Sprint(rho), "a rank correlation in [-1, 1]")
			continue
		}
		if _, ok := f["justification"]; !ok {
			r.fail(n, "correlations", "no justification", "a justification of the correlation")
		}
		g, isGroup := f["group"]
		p, isPair := f["pair"]
		switch {
		case isGroup == isPair:
			r.fail(n, "correlations", "neither or both of group and pair",
				"group: [patterns] or pair: [name, name]")
		case isGroup:
			var names []string
			for _, pat := range r.strs(g, "correlations.group") {
				matched := 0
				for _, d := range b.Dims() {
					if ok, _ := path.Match(pat, d); ok {
						names = append(names, d)
						matched++
					}
				}
				if matched == 0 && strict {
					r.fail(g, "correlations.group", fmt.Sprintf("pattern %q", pat),
						"a pattern matching at least one sampled parameter")
				}
			}
			for i := range names {
				for j := i + 1; j < len(names); j++ {
					add(names[i], names[j], rho)
				}
			}
		default:
			names := r.strs(p, "correlations.pair")
			if len(names) != 2 {
				r.fail(p, "correlations.pair", fmt.Sprintf("%d names", len(names)),
					"two parameter names")
				continue
			}
			good := true
			for _, nm := range names {
				if !dims[nm] {
					r.fail(p, "correlations.pair", fmt.Sprintf("unknown parameter %q", nm),
						"a sampled parameter (see `euromesh-mc params list`)")
					good = false
				}
			}
			if good {
				add(names[0], names[1], rho)
			}
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// strs reads a list of strings.
func (r *reader) strs(n *yaml.Node, param string) []string {
	if n.Kind != yaml.SequenceNode {
		r.fail(n, param, describe(n), "a list of names")
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if s, ok := r.text(c, param, "a name"); ok {
			out = append(out, s)
		}
	}
	return out
}
