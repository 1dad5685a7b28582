package params

import (
	"errors"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func loadScenario(t *testing.T, name string) *Set {
	t.Helper()
	sc, ok := BuiltinScenario(name)
	if !ok {
		t.Fatalf("no built-in scenario %s", name)
	}
	s, err := LoadOverlays(Overlays{Scenario: sc})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// TestBuiltinScenarioFiles checks that the embedded files and the listed
// order agree, that each file's name is its file name, and that each applies
// cleanly and binds.
func TestBuiltinScenarioFiles(t *testing.T) {
	entries, err := fs.ReadDir(scenarioFS, "scenarios")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	listed := BuiltinScenarioNames()
	slices.Sort(files)
	sorted := slices.Sorted(slices.Values(listed))
	if !slices.Equal(files, sorted) {
		t.Fatalf("embedded files %v, listed %v", files, listed)
	}
	// MODEL.md §8 names these nine.
	if len(listed) != 9 || listed[0] != "baseline" {
		t.Errorf("scenarios %v: want nine, baseline first", listed)
	}
	for _, sc := range BuiltinScenarios() {
		if sc.Description == "" || !sc.BuiltIn || sc.File != "scenarios/"+sc.Name+".yaml" {
			t.Errorf("%+v: want a description, BuiltIn and File scenarios/NAME.yaml", sc)
		}
		s := loadScenario(t, sc.Name)
		if s.Scenario != sc.Name {
			t.Errorf("set records scenario %q, want %q", s.Scenario, sc.Name)
		}
		if _, err := NewBinding(s); err != nil {
			t.Errorf("%s: %v", sc.Name, err)
		}
	}
}

func TestBaselineIsTheDefaults(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := loadScenario(t, "baseline").Hash(); got != d.Hash() {
		t.Errorf("baseline hash %s differs from the defaults' %s", got, d.Hash())
	}
}

// TestScenarioChanges checks each built-in scenario against MODEL.md §8.
func TestScenarioChanges(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	exact := func(t *testing.T, s *Set, name string, want float64) {
		t.Helper()
		p := s.Params[name]
		if p.Sampled() || p.Dist.Median() != want {
			t.Errorf("%s = %v (sampled %v), want exactly %v", name, p.Dist, p.Sampled(), want)
		}
	}
	t.Run("grand-challenge", func(t *testing.T) {
		s := loadScenario(t, "grand-challenge")
		exact(t, s, "federation.addressable_fraction", 0.025)
		exact(t, s, "federation.max_run_years", 1)
	})
	t.Run("moving-frontier", func(t *testing.T) {
		exact(t, loadScenario(t, "moving-frontier"), "target.growth", 4.5)
	})
	t.Run("phased-campus", func(t *testing.T) {
		exact(t, loadScenario(t, "phased-campus"), "campus.phase1_mw", 200)
	})
	t.Run("no-diloco", func(t *testing.T) {
		exact(t, loadScenario(t, "no-diloco"), "diloco.max_replicas", 1)
	})
	t.Run("frontier-2026", func(t *testing.T) {
		// value 2e27 with range [1e27, 3e27]: a two-piece lognormal whose
		// median is the value and whose 5% and 95% points are the range.
		d := loadScenario(t, "frontier-2026").Params["target.compute"].Dist
		for _, c := range []struct{ p, want float64 }{{0.05, 1e27}, {0.5, 2e27}, {0.95, 3e27}} {
			if got := d.Quantile(c.p); !near(got, c.want, 1e-9) {
				t.Errorf("Q(%g) = %g, want %g", c.p, got, c.want)
			}
		}
	})
	t.Run("low-addressable", func(t *testing.T) {
		// A value alone keeps the low tag: logit-normal, median 0.1, 95% point
		// at logit⁻¹(logit(0.1) + 1.2), 1.2 being the low half-width of
		// tags.yaml.
		d := loadScenario(t, "low-addressable").Params["federation.addressable_fraction"].Dist
		want95 := 1 / (1 + math.Exp(-(math.Log(0.1/0.9) + 1.2)))
		if !near(d.Median(), 0.1, 1e-12) || !near(d.Quantile(0.95), want95, 1e-9) {
			t.Errorf("got %v, want median 0.1 and p95 %.6f", d, want95)
		}
	})
	t.Run("fast-campus", func(t *testing.T) {
		s := loadScenario(t, "fast-campus")
		b, err := NewBinding(s)
		if err != nil {
			t.Fatal(err)
		}
		if s.CampusRegion != "fr" || slices.Contains(b.Dims(), RegionDim) {
			t.Errorf("campus region %q, dims include %s: want fr and no region dimension",
				s.CampusRegion, RegionDim)
		}
	})
	t.Run("national-machines", func(t *testing.T) {
		s := loadScenario(t, "national-machines")
		added := []string{"alps", "isambard_ai", "dawn", "zenith", "jean_zay", "adastra",
			"gefion", "juwels_booster", "hunter", "blue_swan", "snellius"}
		fed := func(set *Set) (ids []string) {
			for _, st := range set.Sites {
				if st.Federation {
					ids = append(ids, st.ID)
				}
			}
			return ids
		}
		before, after := fed(d), fed(s)
		if len(after) != len(before)+len(added) {
			t.Errorf("%d federation sites, want %d + %d", len(after), len(before), len(added))
		}
		for _, id := range added {
			if slices.Contains(before, id) || !slices.Contains(after, id) {
				t.Errorf("site %s: want outside the default federation and inside this one", id)
			}
		}
	})
}

// TestLayerOrder checks that a scenario goes over --params and --set over
// both.
func TestLayerOrder(t *testing.T) {
	dir := fstest.MapFS{"global.yaml": {Data: []byte(
		"parameters:\n  federation.addressable_fraction: 0.2\n" +
			"settings:\n  campus_region: de\n")}}
	get := func(o Overlays) *Set {
		t.Helper()
		s, err := LoadOverlays(o)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	low, _ := BuiltinScenario("low-addressable")
	fast, _ := BuiltinScenario("fast-campus")
	f := "federation.addressable_fraction"

	if s := get(Overlays{Dir: dir}); s.Params[f].Value != 0.2 || s.CampusRegion != "de" {
		t.Errorf("dir alone: f %v, region %s; want 0.2, de", s.Params[f].Value, s.CampusRegion)
	}
	if s := get(Overlays{Dir: dir, Scenario: low}); s.Params[f].Value != 0.1 {
		t.Errorf("scenario over dir: f %v, want 0.1", s.Params[f].Value)
	}
	if s := get(Overlays{Dir: dir, Scenario: fast}); s.CampusRegion != "fr" ||
		s.Params[f].Value != 0.2 {
		t.Errorf("fast-campus over dir: region %s, f %v; want fr, 0.2", s.CampusRegion,
			s.Params[f].Value)
	}
	ov, err := ParseOverride(f + "=0.05")
	if err != nil {
		t.Fatal(err)
	}
	s := get(Overlays{Dir: dir, Scenario: low, Overrides: []Override{ov}})
	if p := s.Params[f]; p.Value != 0.05 || p.Sampled() || p.Origin != "--set "+f+"=0.05" {
		t.Errorf("--set last: %v from %s, want exact 0.05 from --set", p.Dist, p.Origin)
	}
	if !slices.Equal(s.Overrides, []string{f + "=0.05"}) || s.Scenario != "low-addressable" {
		t.Errorf("set records scenario %q and overrides %v", s.Scenario, s.Overrides)
	}
}

func TestParseOverride(t *testing.T) {
	good := []struct {
		arg   string
		name  string
		value float64
		rng   []float64
	}{
		{"federation.goodput=0.8", "federation.goodput", 0.8, nil},
		{"target.compute=1e25..1e26", "target.compute", 0, []float64{1e25, 1e26}},
		{" time.t0 = 2027 ", "time.t0", 2027, nil},
		{"x=-1..2", "x", 0, []float64{-1, 2}},
	}
	for _, c := range good {
		o, err := ParseOverride(c.arg)
		if err != nil || o.Name != c.name || o.Value != c.value || !slices.Equal(o.Range, c.rng) ||
			o.Text != c.arg {
			t.Errorf("%q: got %+v, %v", c.arg, o, err)
		}
	}
	bad := map[string]string{
		"federation.goodput":        overrideForm,
		"=0.8":                      overrideForm,
		"federation.goodput=high":   overrideForm,
		"federation.goodput=NaN":    overrideForm,
		"federation.goodput=":       overrideForm,
		"target.compute=1e26..1e25": "an ordered range LO..HI with LO < HI",
		"target.compute=1e25..":     overrideForm,
	}
	for arg, want := range bad {
		_, err := ParseOverride(arg)
		var e *Error
		if !errors.As(err, &e) || e.File != OverrideFile || e.Expected != want {
			t.Errorf("%q: got %v, want an *Error from --set expecting %q", arg, err, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	load := func(args ...string) (*Set, error) {
		var os []Override
		for _, a := range args {
			o, err := ParseOverride(a)
			if err != nil {
				t.Fatal(err)
			}
			os = append(os, o)
		}
		return LoadOverlays(Overlays{Overrides: os})
	}
	s, err := load("target.compute=1e25..1e26", "regions.fr.feasibility=0.5",
		"federation.slip=0.2", "sites.daedalus.slip=1", "diloco.overlap=0")
	if err != nil {
		t.Fatal(err)
	}
	// A symmetric 90% range on a positive quantity is a lognormal whose
	// median is the geometric mean of its ends.
	c := s.Params["target.compute"].Dist
	if !near(c.Median(), math.Sqrt(1e25*1e26), 1e-12) || !near(c.Quantile(0.05), 1e25, 1e-9) {
		t.Errorf("target.compute: %v, want median 3.162e25 and p5 1e25", c)
	}
	// A probability stays a yes/no draw with the new chance.
	if f := s.Params["regions.fr.feasibility"]; !f.Sampled() || f.Dist.Mean() != 0.5 {
		t.Errorf("feasibility: %v, want bernoulli(0.5)", f.Dist)
	}
	// The template moves every derived slip; a slip set by name stays.
	if p := s.Params["sites.it4lia.slip"]; p.Sampled() || p.Value != 0.2 {
		t.Errorf("it4lia slip %v, want exact 0.2 from the template", p.Dist)
	}
	if p := s.Params["sites.daedalus.slip"]; p.Sampled() || p.Value != 1 {
		t.Errorf("daedalus slip %v, want exact 1", p.Dist)
	}
	if p := s.Params["diloco.overlap"]; p.Value != 0 || p.Sampled() {
		t.Errorf("overlap %v, want exact 0", p.Dist)
	}

	for arg, want := range map[string]string{
		"no.such=1":                   "--set: no.such: found unknown parameter no.such",
		"regions.fr.feasibility=0..1": "--set: regions.fr.feasibility: found range [0, 1]",
		"diloco.overlap=0.5": "--set: diloco.overlap: found value 0.5, " +
			"expected an exact 0 or 1",
		"campus.mfu=0.2..1.5": "--set: campus.mfu: found range [0.2, 1.5], " +
			"expected a range strictly",
		"sites.jupiter.slip=1": "--set: sites.jupiter.slip: found unknown parameter",
	} {
		_, err := load(arg)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--set %s: got %v, want %q", arg, err, want)
		}
	}
}

// TestOverlayValueKeepsSpread checks MODEL.md §3.1: a value alone keeps the
// parameter's tag (the spread moves with the median) or its exactness.
func TestOverlayValueKeepsSpread(t *testing.T) {
	dir := fstest.MapFS{"global.yaml": {Data: []byte(`parameters:
  federation.coordination_delay: 2
  diloco.max_replicas: {value: 8}
  campus.fitout: {value: 0.3}
  time.t0: {exact: false}
`)}}
	s, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	// tags.yaml: positive low ×/÷ 2.0, medium ×/÷ 1.35; date high ± 0.25 y.
	checks := []struct {
		name             string
		p50, p95, relTol float64
	}{
		{"federation.coordination_delay", 2, 4, 1e-9},
		{"campus.fitout", 0.3, 0.3 * 1.35, 1e-9}, // its old range is dropped
		{"time.t0", 2026.5, 2026.75, 1e-9},
	}
	for _, c := range checks {
		d := s.Params[c.name].Dist
		if !near(d.Median(), c.p50, c.relTol) || !near(d.Quantile(0.95), c.p95, c.relTol) {
			t.Errorf("%s: %v, want median %g and p95 %g", c.name, d, c.p50, c.p95)
		}
	}
	if p := s.Params["diloco.max_replicas"]; p.Sampled() || p.Value != 8 {
		t.Errorf("max_replicas %v, want exact 8", p.Dist)
	}
}

// TestEveryParameterHasProvenance checks that every parameter of the
// defaults, and of the largest scenario, has a unit from the allowed set, a
// confidence tag, a source and a distribution.
func TestEveryParameterHasProvenance(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Set{d, loadScenario(t, "national-machines")} {
		if len(s.Params) < 250 {
			t.Errorf("only %d parameters", len(s.Params))
		}
		for _, n := range s.Names() {
			p := s.Params[n]
			kind, known := units[p.Unit]
			switch {
			case !known || kind != p.Kind:
				t.Errorf("%s: unit %q (kind %v) not in the allowed set", n, p.Unit, p.Kind)
			case p.Confidence < High || p.Confidence > Low:
				t.Errorf("%s: confidence %d", n, p.Confidence)
			case strings.TrimSpace(p.Source) == "":
				t.Errorf("%s: no source", n)
			case p.Dist == nil || math.IsNaN(p.Value):
				t.Errorf("%s: unresolved", n)
			}
		}
	}
}

func TestDirectoryProblems(t *testing.T) {
	cases := []struct {
		name string
		dir  fstest.MapFS
		want []string
	}{
		{"misnamed file", fstest.MapFS{"global.yml": {Data: []byte("parameters: {}\n")}},
			[]string{"p/global.yml: found unexpected file global.yml, expected one of " +
				"tags.yaml, global.yaml"}},
		{"empty directory", fstest.MapFS{"README": {Data: []byte("x")}},
			[]string{"p: found no parameter files"}},
		{"problems in two files", fstest.MapFS{
			"global.yaml":  {Data: []byte("parameters:\n  campus.fitout: {value: -1}\n")},
			"regions.yaml": {Data: []byte("regions:\n  - id: fr\n    siting_weight: -2\n")}},
			// Problems found while reading come before those of the checks
			// that need the whole set.
			[]string{"p/regions.yaml:3: regions.fr.siting_weight: found -2, " +
				"expected a weight ≥ 0",
				"p/global.yaml:2: campus.fitout: found -1"}},
		{"no siting weight left", fstest.MapFS{"regions.yaml": {Data: []byte("regions:\n" +
			"  - {id: ie, siting_weight: 0}\n  - {id: nl, siting_weight: 0}\n" +
			"  - {id: de, siting_weight: 0}\n  - {id: nordics, siting_weight: 0}\n" +
			"  - {id: fr, siting_weight: 0}\n  - {id: es, siting_weight: 0}\n" +
			"  - {id: it, siting_weight: 0}\n  - {id: pl, siting_weight: 0}\n")}},
			[]string{"regions.yaml: regions: found no region with a positive siting_weight"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.dir, "p")
			var es Errors
			if !errors.As(err, &es) || len(es) != len(c.want) {
				t.Fatalf("got %v, want %d problems", err, len(c.want))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(es[i].Error(), w) {
					t.Errorf("problem %d: %s\nwant prefix %s", i, es[i], w)
				}
			}
		})
	}
}
