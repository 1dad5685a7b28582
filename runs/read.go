package runs

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// columnReader is an open Parquet file read column by column (see scan).
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
