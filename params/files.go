package params

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// read parses one file of a parameter directory into s. With overlay set, its
// entries replace or extend what s already holds.
func (s *Set) read(file string, data []byte, overlay bool, e *errs) {
	s.readAs(file, file, data, overlay, e)
}

// readAs is read for the parameter file file, reporting problems against the
// name label.
func (s *Set) readAs(file, label string, data []byte, overlay bool, e *errs) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		e.add(label, line, "", "invalid YAML ("+msg+")", "a YAML document")
		return
	}
	if len(doc.Content) == 0 {
		// Even in an overlay: an empty file is more likely a truncated or
		// unsaved one than a wish to change nothing.
		expected := "a YAML mapping"
		if overlay {
			expected += " (remove the file to keep the defaults)"
		}
		e.add(label, 1, "", "an empty file", expected)
		return
	}
	r := &reader{file: label, errs: e}
	root := doc.Content[0]
	switch file {
	case "tags.yaml":
		s.readTags(r, root, overlay)
	case "global.yaml":
		s.readGlobal(r, root, overlay)
	case "countries.yaml":
		s.readCountries(r, root, overlay)
	case "accelerators.yaml":
		s.readAccelerators(r, root, overlay)
	case "sites.yaml":
		s.readSites(r, root, overlay)
	case "regions.yaml":
		s.readRegions(r, root, overlay)
	}
}

// define adds or overlays parameter name from node n. In an overlay, a name the
// set does not know is an error unless newOK (a new table entry).
func (s *Set) define(r *reader, n *yaml.Node, name string, overlay, newOK bool) {
	base := s.Params[name]
	if base == nil && overlay && !newOK {
		r.fail(n, name, "unknown parameter "+name, s.unknownName(name))
		return
	}
	if !overlay && base != nil {
		r.fail(n, name, "a second definition", "each parameter defined once")
		return
	}
	if p := r.param(n, name, base); p != nil {
		s.Params[name] = p
	}
}

// readTags reads the tag policy. An overlay may give only the kinds and tags
// it changes; the defaults must give them all.
func (s *Set) readTags(r *reader, root *yaml.Node, overlay bool) {
	top := r.fields(root, "", []string{"kinds"})
	kn, ok := top["kinds"]
	if !ok {
		if !overlay {
			r.fail(root, "kinds", "nothing", "kinds: the spread of each kind")
		}
		return
	}
	kinds := r.fields(kn, "kinds", []string{"positive", "fraction", "date"})
	for _, kind := range []string{"positive", "fraction", "date"} {
		key := tagKeys[kind]
		n, ok := kinds[kind]
		if !ok {
			if !overlay {
				r.fail(kn, "kinds."+kind, "nothing", "the spread of kind "+kind)
			}
			continue
		}
		f := r.fields(n, "kinds."+kind, []string{"family", "source", key})
		w, ok := f[key]
		if !ok {
			if !overlay {
				r.fail(n, "kinds."+kind, "no "+key, key+": {high: …, medium: …, low: …}")
			}
			continue
		}
		by := r.fields(w, "kinds."+kind+"."+key, []string{"high", "medium", "low"})
		for _, tag := range []string{"high", "medium", "low"} {
			c := confidenceNames[tag]
			v, has := by[tag]
			if !has {
				if !overlay {
					r.fail(w, "kinds."+kind+"."+key, "no "+tag, "a width for high, medium and low")
				}
				continue
			}
			x, ok := r.number(v, "kinds."+kind+"."+key+"."+tag, "a positive number")
			if !ok {
				continue
			}
			if x <= 0 || kind == "positive" && x <= 1 {
				r.fail(v, "kinds."+kind+"."+key+"."+tag, fmt.Sprint(x),
					"a positive width (a factor > 1 for positive kinds)")
				continue
			}
			switch kind {
			case "positive":
				s.Tags.Factor90[c] = x
			case "fraction":
				s.Tags.LogitHalfWidth[c] = x
			case "date":
				s.Tags.DateHalfWidth[c] = x
			}
		}
	}
}

// tagKeys names the width field of each kind in tags.yaml.
var tagKeys = map[string]string{"positive": "factor90", "fraction": "logit_halfwidth90",
	"date": "halfwidth90"}

func (s *Set) readGlobal(r *reader, root *yaml.Node, overlay bool) {
	top := r.fields(root, "", []string{"parameters", "settings"})
	s.readParameters(r, top, overlay)
	if n, ok := top["settings"]; ok {
		f := r.fields(n, "settings", []string{"campus_region"})
		if v, ok := f["campus_region"]; ok {
			if v.Tag == "!!null" {
				s.CampusRegion = ""
			} else if id, ok := r.text(v, "settings.campus_region", "a region id"); ok {
				s.CampusRegion = id
			}
			s.campusAt = location{file: r.file, line: v.Line}
		}
	}
}

// readParameters defines the entries of a `parameters` mapping. A name given
// twice in one mapping is an error, in an overlay as in the defaults.
func (s *Set) readParameters(r *reader, top map[string]*yaml.Node, overlay bool) {
	n, ok := top["parameters"]
	if !ok {
		return
	}
	if n.Kind != yaml.MappingNode {
		r.fail(n, "parameters", describe(n), "a mapping of parameter names")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			r.fail(k, k.Value, "a second definition", "each parameter defined once")
			continue
		}
		seen[k.Value] = true
		s.define(r, n.Content[i+1], k.Value, overlay, false)
	}
}

// entries returns the items of the list under key in a table file.
func entries(r *reader, root *yaml.Node, key string, allowed []string) []*yaml.Node {
	top := r.fields(root, "", allowed)
	n, ok := top[key]
	if !ok {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.fail(n, key, describe(n), "a list of "+key)
		return nil
	}
	return n.Content
}

// eachEntry calls f for every entry of a table list (sites, regions, …)
// whose id is present, well formed and not repeated in the file, with the
// entry's fields; anything else is reported against the file. noun names one
// entry in messages.
func eachEntry(r *reader, list []*yaml.Node, table string, keys []string,
	valid func(string) bool, form, noun string,
	f func(id string, n *yaml.Node, fields map[string]*yaml.Node)) {
	seen := map[string]bool{}
	for _, n := range list {
		// Problems in an entry are reported against the entry ("sites.jupiter")
		// when its id can be read, so that an unknown key names its site.
		where := table
		if id := peekID(n); idPattern.MatchString(id) || countryPattern.MatchString(id) {
			where = table + "." + id
		}
		fields := r.fields(n, where, keys)
		id, ok := entryID(r, fields, n, table, valid, form)
		if !ok {
			continue
		}
		if seen[id] {
			r.fail(n, table+"."+id, "a duplicate id", "unique "+noun+" ids")
			continue
		}
		seen[id] = true
		f(id, n, fields)
	}
}

// peekID returns the scalar id of a mapping node, or "".
func peekID(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// entryID reads the id of a table entry and checks its form.
func entryID(r *reader, f map[string]*yaml.Node, n *yaml.Node, table string,
	pattern func(string) bool, form string) (string, bool) {
	v, ok := f["id"]
	if !ok {
		r.fail(n, table, "an entry without id", "id: "+form)
		return "", false
	}
	id, ok := r.text(v, table+".id", form)
	if ok && !pattern(id) {
		r.fail(v, table+".id", fmt.Sprintf("%q", id), form)
		return "", false
	}
	return id, ok
}

var countryKeys = []string{"id", "name", "price", "carbon"}

func (s *Set) readCountries(r *reader, root *yaml.Node, overlay bool) {
	list := entries(r, root, "countries", []string{"countries"})
	eachEntry(r, list, "countries", countryKeys, countryPattern.MatchString,
		"a country code such as DE", "country",
		func(id string, n *yaml.Node, f map[string]*yaml.Node) {
			i := s.country(id)
			if i < 0 {
				s.Countries = append(s.Countries, Country{ID: id})
				i = len(s.Countries) - 1
			}
			if v, ok := f["name"]; ok {
				s.Countries[i].Name, _ = r.text(v, "countries."+id+".name", "a name")
			}
			s.tableParams(r, n, f, "countries."+id, []string{"price", "carbon"}, overlay)
		})
}

// tableParams defines the parameter fields of a table entry. A new entry must
// give all of them.
func (s *Set) tableParams(r *reader, n *yaml.Node, f map[string]*yaml.Node, prefix string,
	keys []string, overlay bool) {
	for _, k := range keys {
		name := prefix + "." + k
		v, ok := f[k]
		if !ok {
			if _, known := s.Params[name]; !known {
				r.fail(n, name, "nothing", "a definition (a new entry gives every field)")
			}
			continue
		}
		s.define(r, v, name, overlay, true)
	}
}

var accKeys = []string{"id", "name", "family", "peak", "power"}

func (s *Set) readAccelerators(r *reader, root *yaml.Node, overlay bool) {
	top := r.fields(root, "", []string{"families", "accelerators"})
	if fam, ok := top["families"]; ok && fam.Kind != yaml.MappingNode {
		r.fail(fam, "families", describe(fam), "a mapping of family ids to MFU parameters")
	} else if ok {
		f := r.fields(fam, "families", nil)
		for i := 0; i+1 < len(fam.Content); i += 2 {
			id := fam.Content[i].Value
			if !idPattern.MatchString(id) {
				r.fail(fam.Content[i], "families", fmt.Sprintf("%q", id),
					"a lower-case family id of letters, digits and _")
				continue
			}
			if f[id] != fam.Content[i+1] {
				continue // a duplicate key, reported by fields
			}
			if !contains(s.Families, id) {
				s.Families = append(s.Families, id)
			}
			s.define(r, f[id], "mfu."+id, overlay, true)
		}
	}
	list, ok := top["accelerators"]
	if !ok {
		return
	}
	if list.Kind != yaml.SequenceNode {
		r.fail(list, "accelerators", describe(list), "a list of accelerators")
		return
	}
	eachEntry(r, list.Content, "accelerators", accKeys, idPattern.MatchString,
		"a lower-case id of letters, digits and _", "accelerator",
		func(id string, n *yaml.Node, f map[string]*yaml.Node) {
			i := s.accelerator(id)
			if i < 0 {
				s.Accelerators = append(s.Accelerators, Accelerator{ID: id})
				i = len(s.Accelerators) - 1
			}
			a := &s.Accelerators[i]
			if v, ok := f["name"]; ok {
				a.Name, _ = r.text(v, "accelerators."+id+".name", "a name")
			}
			if v, ok := f["family"]; ok {
				fam, _ := r.text(v, "accelerators."+id+".family", "a family")
				if !contains(s.Families, fam) {
					r.fail(v, "accelerators."+id+".family", fmt.Sprintf("%q", fam),
						"a family listed under families: "+strings.Join(s.Families, ", "))
				}
				a.Family = fam
			} else if a.Family == "" {
				r.fail(n, "accelerators."+id, "no family", "family: one of "+
					strings.Join(s.Families, ", "))
			}
			s.tableParams(r, n, f, "accelerators."+id, []string{"peak", "power"}, overlay)
		})
}

var siteKeys = []string{"id", "name", "inventory", "country", "category", "tier",
	"federation", "max_fraction", "retire", "date_text", "online", "pools"}

var categories = []string{"flagship", "midrange", "aif", "national"}
var tiers = []string{"A", "B", "C", "D"}

func (s *Set) readSites(r *reader, root *yaml.Node, overlay bool) {
	list := entries(r, root, "sites", []string{"sites"})
	eachEntry(r, list, "sites", siteKeys, idPattern.MatchString,
		"a lower-case id of letters, digits and _", "site",
		func(id string, n *yaml.Node, f map[string]*yaml.Node) {
			name := "sites." + id
			i := s.site(id)
			if i < 0 {
				s.Sites = append(s.Sites, Site{ID: id, MaxFraction: 1, Retire: math.NaN()})
				i = len(s.Sites) - 1
			}
			st := &s.Sites[i]
			for _, k := range []string{"name", "inventory", "date_text"} {
				if v, ok := f[k]; ok {
					t, _ := r.text(v, name+"."+k, "text")
					switch k {
					case "name":
						st.Name = t
					case "inventory":
						st.Inventory = t
					default:
						st.DateText = t
					}
				}
			}
			s.siteChoices(r, n, f, st, name)
			if v, ok := f["federation"]; ok {
				st.Federation, _ = r.boolean(v, name+".federation")
			}
			if v, ok := f["max_fraction"]; ok {
				x, good := r.number(v, name+".max_fraction", "a share in (0, 1]")
				if good && (x <= 0 || x > 1) {
					r.fail(v, name+".max_fraction", fmt.Sprint(x), "a share in (0, 1]")
				}
				st.MaxFraction = x
			}
			if v, ok := f["retire"]; ok {
				if v.Tag == "!!null" {
					st.Retire = math.NaN()
				} else if x, good := r.number(v, name+".retire", "a decimal year"); good {
					if x < 1990 || x > 2100 {
						r.fail(v, name+".retire", fmt.Sprint(x), "a decimal year between 1990 and 2100")
					}
					st.Retire = x
				}
			}
			s.tableParams(r, n, f, name, []string{"online"}, overlay)
			if v, ok := f["pools"]; ok {
				s.readPools(r, v, st, name, overlay)
			} else if len(st.Pools) == 0 {
				r.fail(n, name, "no pools", "pools: a list of {accelerator, count}")
			}
		})
}

func (s *Set) siteChoices(r *reader, n *yaml.Node, f map[string]*yaml.Node, st *Site,
	name string) {
	if v, ok := f["country"]; ok {
		c, good := r.text(v, name+".country", "a country code")
		if good && s.country(c) < 0 {
			r.fail(v, name+".country", fmt.Sprintf("%q", c), "a country listed in countries.yaml")
		}
		st.Country = c
	} else if st.Country == "" {
		r.fail(n, name, "no country", "country: a code listed in countries.yaml")
	}
	if v, ok := f["category"]; ok {
		c, good := r.text(v, name+".category", "a category")
		if good && !contains(categories, c) {
			r.fail(v, name+".category", fmt.Sprintf("%q", c), "one of "+strings.Join(categories, ", "))
		}
		st.Category = c
	}
	if v, ok := f["tier"]; ok {
		t, good := r.text(v, name+".tier", "a tier")
		if good && !contains(tiers, t) {
			r.fail(v, name+".tier", fmt.Sprintf("%q", t), "one of A, B, C, D")
		}
		st.Tier = t
	} else if st.Tier == "" {
		r.fail(n, name, "no tier", "tier: A, B, C or D")
	}
}

func (s *Set) readPools(r *reader, n *yaml.Node, st *Site, name string, overlay bool) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		r.fail(n, name+".pools", describe(n), "a non-empty list of {accelerator, count}")
		return
	}
	// Pools given in an overlay replace the site's pools; the count of an
	// accelerator that stays is overlaid on its old definition.
	old := st.Pools
	st.Pools = nil
	defer func() {
		for _, p := range old {
			if !slices.Contains(st.Pools, p) {
				delete(s.Params, name+"."+p.Accelerator+".count")
			}
		}
	}()
	for _, pn := range n.Content {
		f := r.fields(pn, name+".pools", []string{"accelerator", "count"})
		v, ok := f["accelerator"]
		if !ok {
			r.fail(pn, name+".pools", "a pool without accelerator", "accelerator: an id")
			continue
		}
		acc, good := r.text(v, name+".pools.accelerator", "an accelerator id")
		if !good {
			continue
		}
		if s.accelerator(acc) < 0 {
			r.fail(v, name+".pools.accelerator", fmt.Sprintf("%q", acc),
				"an accelerator listed in accelerators.yaml")
			continue
		}
		for _, p := range st.Pools {
			if p.Accelerator == acc {
				r.fail(v, name+".pools", "accelerator "+acc+" twice", "one pool per accelerator")
			}
		}
		st.Pools = append(st.Pools, Pool{Accelerator: acc})
		cn := name + "." + acc + ".count"
		c, ok := f["count"]
		if !ok {
			if s.Params[cn] == nil {
				r.fail(pn, cn, "nothing", "a count parameter")
			}
			continue
		}
		s.define(r, c, cn, overlay, true)
	}
}

var regionKeys = []string{"id", "name", "country", "siting_weight", "lead_1gw", "lead_40mw",
	"price", "carbon", "pue", "feasibility"}

func (s *Set) readRegions(r *reader, root *yaml.Node, overlay bool) {
	list := entries(r, root, "regions", []string{"regions"})
	eachEntry(r, list, "regions", regionKeys, idPattern.MatchString,
		"a lower-case id of letters, digits and _", "region",
		func(id string, n *yaml.Node, f map[string]*yaml.Node) {
			name := "regions." + id
			i := s.region(id)
			if i < 0 {
				s.Regions = append(s.Regions, Region{ID: id})
				i = len(s.Regions) - 1
			}
			rg := &s.Regions[i]
			if v, ok := f["name"]; ok {
				rg.Name, _ = r.text(v, name+".name", "a name")
			}
			if v, ok := f["country"]; ok {
				c, good := r.text(v, name+".country", "a country code")
				if good && s.country(c) < 0 {
					r.fail(v, name+".country", fmt.Sprintf("%q", c),
						"a country listed in countries.yaml")
				}
				rg.Country = c
			} else if rg.Country == "" {
				r.fail(n, name, "no country", "country: a code listed in countries.yaml")
			}
			if v, ok := f["siting_weight"]; ok {
				x, good := r.number(v, name+".siting_weight", "a weight ≥ 0")
				if good && x < 0 {
					r.fail(v, name+".siting_weight", fmt.Sprint(x), "a weight ≥ 0")
				}
				rg.SitingWeight = x
			}
			s.tableParams(r, n, f, name, []string{"lead_1gw", "lead_40mw", "price", "carbon",
				"pue", "feasibility"}, overlay)
		})
}
