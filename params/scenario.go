package params

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"

	"gopkg.in/yaml.v3"
)

//go:embed scenarios/*.yaml
var scenarioFS embed.FS

// builtinOrder lists the built-in scenarios in the order MODEL.md §8 gives
// them, which is the order listings use.
var builtinOrder = []string{"baseline", "moving-frontier", "frontier-2026", "phased-campus",
	"fast-campus", "national-machines", "grand-challenge", "low-addressable", "no-diloco"}

// Scenario is a named overlay of parameter changes (MODEL.md §8), read from
// a scenario file (docs/PARAMETER_FILES.md). Parsing checks the file's
// shape; the changes themselves are checked against the set they are laid
// over, by LoadOverlays.
type Scenario struct {
	Name        string
	Description string
	// File is where the scenario was read, as problems name it:
	// scenarios/NAME.yaml for a built-in scenario, the path for a user's.
	File string
	// BuiltIn reports whether the scenario is embedded in the binary.
	BuiltIn bool

	sections map[string]*yaml.Node
}

// scenarioKeys are the top-level keys of a scenario file; the sections after
// source have the format of the parameter file of the same key.
var scenarioKeys = []string{"name", "description", "source", "parameters", "settings",
	"countries", "families", "accelerators", "sites", "regions"}

var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ParseScenario reads the scenario file data; file names it in problems. It
// returns Errors listing every problem of the file's shape.
func ParseScenario(file string, data []byte) (*Scenario, error) {
	var e errs
	sc := &Scenario{File: file, sections: map[string]*yaml.Node{}}
	r := &reader{file: file, errs: &e}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		e.add(file, line, "", "invalid YAML ("+msg+")", "a YAML document")
		return nil, e.err()
	}
	if len(doc.Content) == 0 {
		e.add(file, 0, "", "an empty file", "a scenario: name, description and changes")
		return nil, e.err()
	}
	root := doc.Content[0]
	f := r.fields(root, "", scenarioKeys)
	if v, ok := f["name"]; !ok {
		r.fail(root, "name", "nothing", "name: the scenario's name")
	} else if name, ok := r.text(v, "name", "the scenario's name"); ok {
		if scenarioName.MatchString(name) {
			sc.Name = name
		} else {
			r.fail(v, "name", fmt.Sprintf("%q", name),
				"a name of lower-case letters, digits, - and _")
		}
	}
	if v, ok := f["description"]; !ok {
		r.fail(root, "description", "nothing", "description: what the scenario changes and why")
	} else {
		sc.Description, _ = r.text(v, "description", "a description")
	}
	if v, ok := f["source"]; ok {
		r.text(v, "source", "a source (citation text or URL)")
	}
	for _, k := range scenarioKeys[3:] {
		if v, ok := f[k]; ok {
			sc.sections[k] = v
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return sc, nil
}

// apply lays the scenario's changes over s. Tables come first, so that
// `parameters` may name the parameters of entries the scenario adds.
func (sc *Scenario) apply(s *Set, e *errs) {
	r := &reader{file: sc.File, errs: e}
	for _, group := range [][]string{{"countries"}, {"families", "accelerators"}, {"sites"},
		{"regions"}, {"parameters", "settings"}} {
		root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, k := range group {
			if v, ok := sc.sections[k]; ok {
				key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: v.Line}
				root.Content = append(root.Content, key, v)
			}
		}
		if len(root.Content) == 0 {
			continue
		}
		switch group[0] {
		case "countries":
			s.readCountries(r, root, true)
		case "families":
			s.readAccelerators(r, root, true)
		case "sites":
			s.readSites(r, root, true)
		case "regions":
			s.readRegions(r, root, true)
		default:
			s.readGlobal(r, root, true)
		}
	}
}

// BuiltinScenarios returns the scenarios embedded in the binary, in the order
// of MODEL.md §8.
func BuiltinScenarios() []*Scenario {
	out := make([]*Scenario, 0, len(builtinOrder))
	for _, n := range builtinOrder {
		sc, ok := BuiltinScenario(n)
		if !ok {
			panic("params: built-in scenario " + n + " missing")
		}
		out = append(out, sc)
	}
	return out
}

// BuiltinScenario returns the built-in scenario of that name.
func BuiltinScenario(name string) (*Scenario, bool) {
	data, ok := BuiltinScenarioText(name)
	if !ok {
		return nil, false
	}
	sc, err := ParseScenario("scenarios/"+name+".yaml", data)
	if err != nil {
		panic("params: built-in scenario " + name + " is invalid: " + err.Error())
	}
	sc.BuiltIn = true
	return sc, true
}

// BuiltinScenarioText returns the file of the built-in scenario of that name,
// for users to copy.
func BuiltinScenarioText(name string) ([]byte, bool) {
	if !scenarioName.MatchString(name) {
		return nil, false
	}
	data, err := fs.ReadFile(scenarioFS, "scenarios/"+name+".yaml")
	return data, err == nil
}

// BuiltinScenarioNames returns the names of the built-in scenarios, in the
// order of MODEL.md §8.
func BuiltinScenarioNames() []string {
	return append([]string(nil), builtinOrder...)
}
