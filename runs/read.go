package runs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/euromesh/euromesh-mc/analysis"
)

// columnReader reads whole columns of one Parquet file.
type columnReader struct {
	path string
	raw  *file.Reader
	fr   *pqarrow.FileReader
}

func openColumns(path string) (*columnReader, error) {
	raw, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	fr, err := pqarrow.NewFileReader(raw, pqarrow.ArrowReadProperties{BatchSize: 1 << 16},
		memory.DefaultAllocator)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return &columnReader{path: path, raw: raw, fr: fr}, nil
}

func (c *columnReader) Close() error { return c.raw.Close() }

func (c *columnReader) rows() int64 { return c.raw.NumRows() }

// chunks reads the named column and calls f with each of its Arrow chunks.
func (c *columnReader) chunks(name string, f func(arrow.Array) error) error {
	idx := c.fr.Manifest.Fields
	col := -1
	for i, fld := range idx {
		if fld.Field.Name == name {
			col = i
		}
	}
	if col < 0 {
		return fmt.Errorf("%s: no column %q", c.path, name)
	}
	cr, err := c.fr.GetColumn(context.Background(), col)
	if err != nil {
		return fmt.Errorf("%s: column %s: %w", c.path, name, err)
	}
	groups := make([]int, c.raw.NumRowGroups())
	for i := range groups {
		groups[i] = i
	}
	data, err := c.fr.ReadColumn(groups, cr)
	if err != nil {
		return fmt.Errorf("%s: read column %s: %w", c.path, name, err)
	}
	defer data.Release()
	for _, ch := range data.Chunks() {
		if err := f(ch); err != nil {
			return fmt.Errorf("%s: column %s: %w", c.path, name, err)
		}
	}
	return nil
}

// floats appends column name to dst, nulls as NaN.
func (c *columnReader) floats(name string, dst []float64) ([]float64, error) {
	err := c.chunks(name, func(a arrow.Array) error {
		fa, ok := a.(*array.Float64)
		if !ok {
			return fmt.Errorf("type %s, expected double", a.DataType())
		}
		for i := 0; i < fa.Len(); i++ {
			if fa.IsNull(i) {
				dst = append(dst, math.NaN())
			} else {
				dst = append(dst, fa.Value(i))
			}
		}
		return nil
	})
	return dst, err
}

func (c *columnReader) bools(name string, dst []bool) ([]bool, error) {
	err := c.chunks(name, func(a arrow.Array) error {
		ba, ok := a.(*array.Boolean)
		if !ok {
			return fmt.Errorf("type %s, expected boolean", a.DataType())
		}
		for i := 0; i < ba.Len(); i++ {
			dst = append(dst, ba.Value(i))
		}
		return nil
	})
	return dst, err
}

func (c *columnReader) ints(name string, dst []int64) ([]int64, error) {
	err := c.chunks(name, func(a arrow.Array) error {
		ia, ok := a.(*array.Int64)
		if !ok {
			return fmt.Errorf("type %s, expected int64", a.DataType())
		}
		for i := 0; i < ia.Len(); i++ {
			v := ia.Value(i)
			if ia.IsNull(i) {
				v = 0
			}
			dst = append(dst, v)
		}
		return nil
	})
	return dst, err
}

func (c *columnReader) strings(name string, dst []string) ([]string, error) {
	err := c.chunks(name, func(a arrow.Array) error {
		switch sa := a.(type) {
		case *array.String:
			for i := 0; i < sa.Len(); i++ {
				dst = append(dst, sa.Value(i))
			}
		case *array.Dictionary:
			dict, ok := sa.Dictionary().(*array.String)
			if !ok {
				return fmt.Errorf("dictionary of %s, expected strings", sa.Dictionary().DataType())
			}
			for i := 0; i < sa.Len(); i++ {
				dst = append(dst, dict.Value(sa.GetValueIndex(i)))
			}
		default:
			return fmt.Errorf("type %s, expected string", a.DataType())
		}
		return nil
	})
	return dst, err
}

// Shard is one run directory that Summarize merges.
type Shard struct {
	Dir      string
	Manifest *Manifest
}

// ErrMismatch reports run directories that cannot be merged.
var ErrMismatch = errors.New("runs do not belong together")

// CheckShards verifies that the run directories are parts of one run: same
// program version, seed, draws, sampler, scenario and parameter set, slices
// that do not overlap and together cover every draw exactly once. It returns
// the shards ordered by first draw.
func CheckShards(dirs []string) ([]Shard, error) {
	if len(dirs) == 0 {
		return nil, fmt.Errorf("no run directories given")
	}
	var shards []Shard
	for _, d := range dirs {
		m, err := ReadManifest(filepath.Join(d, ManifestName))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		shards = append(shards, Shard{Dir: d, Manifest: m})
	}
	sort.Slice(shards, func(i, j int) bool {
		return shards[i].Manifest.FirstDraw < shards[j].Manifest.FirstDraw
	})
	ref := shards[0].Manifest
	for _, s := range shards[1:] {
		m := s.Manifest
		for _, c := range []struct {
			what     string
			got, ref any
		}{{"program version", m.Version, ref.Version}, {"seed", m.Seed, ref.Seed},
			{"draws", m.Draws, ref.Draws}, {"sampler", m.Sampler, ref.Sampler},
			{"scenario", m.Scenario, ref.Scenario},
			{"correlations", m.Correlations, ref.Correlations},
			{"parameter set (params_hash)", m.ParamsHash, ref.ParamsHash}} {
			if c.got != c.ref {
				return nil, fmt.Errorf("%w: %s has %s %v, %s has %v", ErrMismatch, s.Dir, c.what,
					c.got, shards[0].Dir, c.ref)
			}
		}
	}
	next := int64(0)
	for _, s := range shards {
		m := s.Manifest
		switch {
		case m.FirstDraw < next:
			return nil, fmt.Errorf("%w: %s repeats draws from %d (already covered up to %d)",
				ErrMismatch, s.Dir, m.FirstDraw, next)
		case m.FirstDraw > next:
			return nil, fmt.Errorf("%w: draws %d to %d are missing (no shard covers them)",
				ErrMismatch, next, m.FirstDraw)
		}
		next = m.LastDraw
	}
	if next != ref.Draws {
		return nil, fmt.Errorf("%w: draws %d to %d of %d are missing", ErrMismatch, next,
			ref.Draws, ref.Draws)
	}
	return shards, nil
}

// ReadOutcomes reads the per-draw outcomes of run directories, in the order
// given, from their Parquet files.
func ReadOutcomes(dirs []string) (*analysis.Outcomes, error) {
	o := &analysis.Outcomes{}
	regionIndex := map[string]int{}
	for _, d := range dirs {
		c, err := openColumns(filepath.Join(d, DrawsFile))
		if err != nil {
			return nil, err
		}
		offset := len(o.FedYear)
		if o.FedYear, err = c.floats(ColFedYear, o.FedYear); err == nil {
			if o.CampusYear, err = c.floats(ColCampusYear, o.CampusYear); err == nil {
				if o.Lead, err = c.floats(ColLead, o.Lead); err == nil {
					o.FedWins, err = c.bools(ColFedWins, o.FedWins)
				}
			}
		}
		c.Close()
		if err != nil {
			return nil, err
		}
		n := len(o.FedYear) - offset

		rc, err := openColumns(filepath.Join(d, RegionsFile))
		if err != nil {
			return nil, err
		}
		ids, err := rc.strings(ColRegion, nil)
		var years []float64
		var beats []bool
		var ranks []int64
		if err == nil {
			if years, err = rc.floats(ColCampusYear, nil); err == nil {
				if beats, err = rc.bools(ColFedBeats, nil); err == nil {
					ranks, err = rc.ints("rank", nil)
				}
			}
		}
		rc.Close()
		if err != nil {
			return nil, err
		}
		for i, id := range ids {
			j, ok := regionIndex[id]
			if !ok {
				j = len(o.Regions)
				regionIndex[id] = j
				o.Regions = append(o.Regions, analysis.RegionOutcomes{ID: id})
			}
			r := &o.Regions[j]
			r.CampusYear = append(r.CampusYear, years[i])
			r.FedBeats = append(r.FedBeats, beats[i])
			r.Rank = append(r.Rank, int(ranks[i]))
		}
		for _, r := range o.Regions {
			if len(r.FedBeats) != offset+n {
				return nil, fmt.Errorf("%s: region %s has %d rows for %d draws", d, r.ID,
					len(r.FedBeats)-offset, n)
			}
		}
	}
	return o, nil
}

// VerifyFiles checks the data files of each shard against the checksums its
// manifest recorded, so that a file replaced or damaged after the run is
// never merged.
func VerifyFiles(shards []Shard) error {
	for _, s := range shards {
		for _, f := range []string{DrawsFile, RegionsFile} {
			want, ok := s.Manifest.Files[f]
			if !ok {
				return fmt.Errorf("%w: %s: the manifest has no checksum for %s", ErrMismatch,
					s.Dir, f)
			}
			got, err := FileSHA256(filepath.Join(s.Dir, f))
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("%w: %s: %s does not match its manifest checksum (changed "+
					"after the run)", ErrMismatch, s.Dir, f)
			}
		}
	}
	return nil
}
