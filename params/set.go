package params

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Accelerator is one accelerator model.
type Accelerator struct {
	ID, Name, Family string
}

// Pool names an accelerator in a site; its count is the parameter
// sites.<site>.<accelerator>.count.
type Pool struct {
	Accelerator string
}

// Site is one machine of the inventory.
type Site struct {
	ID, Name, Inventory, Country string
	Category                     string // flagship, midrange, aif or national
	Tier                         string // A operational; B, C planned; D excluded
	Federation                   bool   // member of the federation in this set
	MaxFraction                  float64
	Retire                       float64 // decimal year; NaN when not announced
	DateText                     string
	Pools                        []Pool
}

// Planned reports whether the site is not yet installed (tiers B and C), so
// that a delivery slip applies to its date.
func (s *Site) Planned() bool { return s.Tier == "B" || s.Tier == "C" }

// Region is one campus grid market.
type Region struct {
	ID, Name, Country string
	SitingWeight      float64 // campus-siting weight; 0: scorecard only
}

// Country holds the energy figures of one country, used for federation sites.
type Country struct {
	ID, Name string
}

// Set is a complete, validated parameter set.
type Set struct {
	Params       map[string]*Param
	Tags         TagPolicy
	Families     []string // accelerator families with an MFU parameter
	Accelerators []Accelerator
	Sites        []Site
	Regions      []Region
	Countries    []Country
	// CampusRegion fixes the campus to one region's id; empty means the
	// region is drawn by siting weight in each draw.
	CampusRegion string
	// Source says where the set came from, for the manifest: "embedded
	// defaults" or the parameter directory laid over them.
	Source string
	// Scenario names the scenario applied, empty for none.
	Scenario string
	// Overrides are the command-line overrides applied, as given.
	Overrides []string

	campusAt location // where CampusRegion was set
}

// Names returns every parameter name, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.Params))
	for n := range s.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Sampled returns the names of the parameters that vary between draws,
// sorted.
func (s *Set) Sampled() []string {
	var names []string
	for _, n := range s.Names() {
		if s.Params[n].Sampled() {
			names = append(names, n)
		}
	}
	return names
}

// Hash returns a SHA-256 over every parameter's name, unit, value and
// distribution and the set's tables, so that two runs can tell whether they
// used the same inputs.
func (s *Set) Hash() string {
	h := sha256.New()
	for _, n := range s.Names() {
		p := s.Params[n]
		fmt.Fprintf(h, "%s|%s|%.17g|%s\n", n, p.Unit, p.Value, p.Dist)
	}
	for _, st := range s.Sites {
		fmt.Fprintf(h, "site|%s|%s|%s|%v|%.17g|%.17g|%v\n", st.ID, st.Country, st.Tier,
			st.Federation, st.MaxFraction, st.Retire, st.Pools)
	}
	for _, r := range s.Regions {
		fmt.Fprintf(h, "region|%s|%s|%.17g\n", r.ID, r.Country, r.SitingWeight)
	}
	for _, a := range s.Accelerators {
		fmt.Fprintf(h, "acc|%s|%s\n", a.ID, a.Family)
	}
	fmt.Fprintf(h, "campus_region|%s\n", s.CampusRegion)
	return hex.EncodeToString(h.Sum(nil))
}

// Files are the files of a parameter directory, in the order they are read.
var Files = []string{"tags.yaml", "global.yaml", "countries.yaml", "accelerators.yaml",
	"sites.yaml", "regions.yaml"}

// Default returns the embedded default parameter set.
func Default() (*Set, error) {
	s, err := LoadOverlays(Overlays{})
	if err != nil {
		return nil, fmt.Errorf("embedded defaults: %w", err)
	}
	return s, nil
}

// Load reads the parameter directory dir. Files missing from dir are taken
// from the embedded defaults, and a file present in dir is an overlay: each
// parameter or table entry it names replaces or extends the default's, so a
// directory may hold a full set or only the few values a user changes.
func Load(dir fs.FS, name string) (*Set, error) {
	return LoadOverlays(Overlays{Dir: dir, DirName: name})
}

// Overlays are the layers put over the embedded defaults, applied in the
// order of the fields: a parameter directory, a scenario, then command-line
// overrides. The zero value gives the defaults.
type Overlays struct {
	// Dir is a parameter directory holding a full set or an overlay; nil for
	// none.
	Dir fs.FS
	// DirName names Dir in messages (its files are reported as
	// DirName/file) and becomes the set's Source.
	DirName string
	// Scenario, when non-nil, is applied over the defaults and Dir.
	Scenario *Scenario
	// Overrides are applied last, in order.
	Overrides []Override
}

// LoadOverlays reads the embedded defaults and applies o over them. Every
// problem found in any layer is reported, as Errors.
func LoadOverlays(o Overlays) (*Set, error) {
	source := "embedded defaults"
	if o.Dir != nil {
		source = o.DirName
	}
	s, err := readDefaults()
	if err != nil {
		return nil, err
	}
	s.Source = source
	var e errs
	// Each layer sees the per-site slips of the layers below it, so that it
	// may override them by name.
	s.derive(&e)
	if o.Dir != nil {
		s.readDir(o.Dir, o.DirName, &e)
		s.derive(&e)
	}
	if o.Scenario != nil {
		o.Scenario.apply(s, &e)
		s.Scenario = o.Scenario.Name
		s.derive(&e)
	}
	for _, ov := range o.Overrides {
		s.override(ov, &e)
		s.Overrides = append(s.Overrides, ov.Text)
	}
	s.derive(&e)
	s.check(&e)
	if err := e.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// base holds the embedded defaults as read, before any layer; they are
// parsed once per process and copied for each set.
var base struct {
	once sync.Once
	set  *Set
	err  error
}

// readDefaults returns a copy of the embedded defaults as read.
func readDefaults() (*Set, error) {
	base.once.Do(func() {
		s := &Set{Params: map[string]*Param{}}
		var e errs
		for _, f := range Files {
			data, err := fs.ReadFile(defaults(), f)
			if err != nil {
				base.err = fmt.Errorf("read %s: %w", f, err)
				return
			}
			s.read(f, data, false, &e)
		}
		base.set, base.err = s, e.err()
	})
	if base.err != nil {
		return nil, base.err
	}
	return base.set.clone(), nil
}

// clone returns a copy of s that layers can change without changing s.
// Parameters are copied; their ranges and specs are shared, as nothing
// changes them in place.
func (s *Set) clone() *Set {
	c := *s
	c.Params = make(map[string]*Param, len(s.Params))
	for n, p := range s.Params {
		cp := *p
		c.Params[n] = &cp
	}
	c.Families = slices.Clone(s.Families)
	c.Accelerators = slices.Clone(s.Accelerators)
	c.Sites = slices.Clone(s.Sites)
	for i := range c.Sites {
		c.Sites[i].Pools = slices.Clone(s.Sites[i].Pools)
	}
	c.Regions = slices.Clone(s.Regions)
	c.Countries = slices.Clone(s.Countries)
	c.Overrides = slices.Clone(s.Overrides)
	return &c
}

// readDir reads the parameter files present in dir as overlays, and reports
// files that look like parameter files but are not read.
func (s *Set) readDir(dir fs.FS, dirName string, e *errs) {
	label := func(f string) string {
		if dirName == "" {
			return f
		}
		return filepath.Join(dirName, f)
	}
	n := 0
	for _, f := range Files {
		data, err := ReadFile(dir, f)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		n++
		if err != nil {
			e.add(label(f), 0, "", "an unreadable file ("+err.Error()+")", "a readable file")
			continue
		}
		s.readAs(f, label(f), data, true, e)
	}
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		e.add(label("."), 0, "", "an unreadable directory ("+err.Error()+")",
			"a directory of parameter files")
		return
	}
	for _, de := range entries {
		name := de.Name()
		if name == CorrelationsFile {
			n++ // read by Correlations
			continue
		}
		yamlName := strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
		if yamlName && !de.IsDir() && !contains(Files, name) {
			n++
			e.add(label(name), 0, "", "unexpected file "+name, "one of "+
				strings.Join(Files, ", "))
		}
	}
	if n == 0 {
		e.add(label("."), 0, "", "no parameter files", "at least one of "+
			strings.Join(append(Files, CorrelationsFile), ", "))
	}
}

// derive adds the per-site slip parameters of planned sites, copies of the
// template federation.slip, unless the files define one for the site.
func (s *Set) derive(e *errs) {
	tpl, ok := s.Params["federation.slip"]
	if !ok {
		return
	}
	for _, st := range s.Sites {
		name := "sites." + st.ID + ".slip"
		if !st.Planned() {
			if p, has := s.Params[name]; has && p.Origin != "derived" {
				e.add(p.file, p.Line, name, "a slip on a tier "+st.Tier+" site",
					"slips only on planned sites (tiers B and C)")
			}
			delete(s.Params, name)
			continue
		}
		if p, has := s.Params[name]; has && p.Origin != "derived" {
			continue
		}
		cp := *tpl
		cp.Name, cp.Origin, cp.Line = name, "derived", 0
		cp.Source = "template federation.slip: " + tpl.Source
		s.Params[name] = &cp
	}
}

// check resolves every parameter's distribution and applies the bounds of its
// kind and of its name.
func (s *Set) check(e *errs) {
	for _, n := range s.Names() {
		p := s.Params[n]
		if p.Origin == "derived" {
			// A copy of its template: a problem is reported there once.
			if p.resolve(&s.Tags) != nil {
				p.Dist = nil
			}
			continue
		}
		if p.Unit == "" {
			e.add(p.file, p.Line, n, "no unit", "a unit: "+unitList())
			continue
		}
		if want, ok := expectedUnits[suffix(n)]; ok && isTableParam(n) && !contains(want, p.Unit) {
			e.add(p.file, p.Line, n, fmt.Sprintf("unit %q", p.Unit),
				"unit "+strings.Join(want, " or "))
			continue
		}
		if msg := p.bounds(); msg != "" {
			e.add(p.file, p.Line, n, fmt.Sprintf("%g", p.Value), msg)
			continue
		}
		if found, msg := p.spreadProblem(); msg != "" {
			e.add(p.file, p.Line, n, found, msg)
			continue
		}
		if err := p.resolve(&s.Tags); err != nil {
			e.add(p.file, p.Line, n, describeSpread(p), err.Error())
			continue
		}
		if msg := p.supportProblem(); msg != "" {
			e.add(p.file, p.Line, n, describeSpread(p), msg)
		}
	}
	for _, n := range required {
		if _, ok := s.Params[n]; !ok {
			e.add("global.yaml", 0, n, "nothing", "a definition of this required parameter")
		}
	}
	s.checkTables(e)
}

func describeSpread(p *Param) string {
	switch {
	case p.Spec != nil:
		return "dist " + p.Spec.Family
	case len(p.Range) == 2:
		if math.IsNaN(p.Value) {
			return fmt.Sprintf("range [%g, %g]", p.Range[0], p.Range[1])
		}
		return fmt.Sprintf("value %g with range [%g, %g]", p.Value, p.Range[0], p.Range[1])
	}
	return fmt.Sprintf("value %g", p.Value)
}

// isTableParam reports whether name belongs to a table entry (a site,
// accelerator, region or country) rather than to global.yaml.
func isTableParam(name string) bool {
	for _, t := range []string{"sites.", "accelerators.", "regions.", "countries."} {
		if strings.HasPrefix(name, t) {
			return true
		}
	}
	return false
}

// suffix returns the last dot-separated part of a name.
func suffix(name string) string { return name[strings.LastIndexByte(name, '.')+1:] }

// expectedUnits fixes the unit of table fields, whose meaning the model relies on.
var expectedUnits = map[string][]string{
	"online": {"decimal-year"}, "count": {"count"}, "slip": {"years"},
	"peak": {"TFLOP/s", "PFLOP/s", "FLOP/s"}, "power": {"kW"}, "lead_1gw": {"years"},
	"lead_40mw": {"years"}, "price": {"EUR/MWh"}, "carbon": {"gCO2e/kWh"}, "pue": {"ratio"},
	"feasibility": {"probability"},
}

// bounds returns what was expected when the central value is out of range for
// its kind, or "".
func (p *Param) bounds() string {
	v := p.Value
	if math.IsNaN(v) {
		if len(p.Range) == 2 || p.Spec != nil {
			return ""
		}
		return "a value"
	}
	switch p.Kind {
	case Positive:
		if v < 0 || v == 0 && !p.Exact {
			return "a positive value (0 only when exact)"
		}
		if suffix(p.Name) == "count" && v > 1e7 {
			return "a count of at most 10,000,000 accelerators"
		}
	case Fraction:
		if v <= 0 || v >= 1 {
			if !(p.Exact && v == 1) {
				return "a fraction strictly between 0 and 1"
			}
		}
	case Probability:
		if v < 0 || v > 1 {
			return "a probability between 0 and 1"
		}
	case Date:
		if v < 1990 || v > 2100 {
			return "a decimal year between 1990 and 2100"
		}
	}
	return ""
}

// required lists the scalar parameters the model reads.
var required = []string{
	"target.compute", "target.growth", "target.model_params", "target.batch_tokens",
	"target.post_training", "time.t0", "time.horizon", "diloco.k", "diloco.gamma",
	"diloco.eta_inner", "diloco.inner_steps", "diloco.sync_bits", "diloco.wan_bandwidth",
	"diloco.overlap", "diloco.sync_efficiency", "diloco.max_replicas",
	"federation.addressable_fraction", "federation.coordination_delay",
	"federation.goodput", "federation.slip", "federation.min_replica_peak",
	"federation.max_run_years", "campus.power", "campus.application_year", "campus.fitout",
	"campus.ramp_years", "campus.kw_per_accelerator", "campus.peak", "campus.mfu",
	"campus.goodput", "campus.phase1_mw", "campus.phase1_lead_fraction",
	"costs.capex_per_accelerator_hour", "costs.pue_ref", "costs.network_adder",
	"score.weight_time", "score.weight_cost", "score.weight_carbon",
}

func (s *Set) region(id string) int {
	for i, r := range s.Regions {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func (s *Set) country(id string) int {
	for i, c := range s.Countries {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func (s *Set) accelerator(id string) int {
	for i, a := range s.Accelerators {
		if a.ID == id {
			return i
		}
	}
	return -1
}

func (s *Set) site(id string) int {
	for i, st := range s.Sites {
		if st.ID == id {
			return i
		}
	}
	return -1
}
