package runs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// Names of the files in a run directory.
const (
	DrawsFile       = "draws.parquet"
	RegionsFile     = "regions.parquet"
	SummaryJSONFile = "summary.json"
	SummaryMDFile   = "summary.md"
)

// Config describes one run.
type Config struct {
	Binding *params.Binding
	Sampler sampler.Sampler
	// SEKind says how to read the summary's standard errors for this design.
	SEKind string
	// Draws is the size of the whole run; a shard computes the slice
	// [Shard·Draws/Shards, (Shard+1)·Draws/Shards).
	Draws          int64
	Shard, Shards  int // Shards 0 means an unsharded run
	Workers        int // 0: all cores; results never depend on it
	Dir            string
	Force          bool
	Manifest       Manifest // descriptive fields; the rest are filled by Run
	RowGroupRows   int      // 0: DefaultRowGroupRows
	SummaryTitle   string
	ProgressWriter func(done, total int64) // optional, called from one goroutine
	// Extras, when set, is called once the data files and the summary are
	// written, with the staging directory in which they are (the run
	// directory appears under its final name only after Extras returns). It
	// may add files there and returns their names, which the manifest then
	// lists. An error aborts the run.
	Extras func(staging string, o *analysis.Outcomes, s *analysis.Summary) ([]string, error)
}

// Slice returns the draws [first, last) that shard i of n computes out of
// draws, or the whole run when n is 0.
func Slice(draws int64, i, n int) (first, last int64) {
	if n <= 0 {
		return 0, draws
	}
	return int64(i) * draws / int64(n), int64(i+1) * draws / int64(n)
}

// Outcome is what a completed run produced.
type Outcome struct {
	Dir     string
	Summary *analysis.Summary
}

// Run computes the draws of cfg, writes the run directory and returns its
// summary. Nothing appears under the final directory name unless the whole
// run succeeds; on any error, or when ctx is cancelled, the partial output is
// removed.
func Run(ctx context.Context, cfg *Config) (out *Outcome, err error) {
	first, last := Slice(cfg.Draws, cfg.Shard, cfg.Shards)
	if err := checkDistributions(cfg.Binding); err != nil {
		return nil, err
	}
	dir, err := CreateRunDir(cfg.Dir, cfg.Force)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = dir.Abort()
		}
	}()

	b := cfg.Binding
	regionIDs := make([]string, b.Regions())
	for i, r := range b.Set().Regions {
		regionIDs[i] = r.ID
	}
	// The sampled inputs are incompressible doubles: compressing draws.parquet
	// costs a third of the writing time for 6% smaller files (zstd), so it is
	// stored plain. The region rows, with their repeated ids and nulls,
	// compress well at little cost.
	opts := ParquetOptions{RowGroupRows: cfg.RowGroupRows, Compression: CompressionSnappy}
	drawCols := DrawColumns(b)
	plain := opts
	plain.Compression = CompressionNone
	draws, err := CreateParquet(dir.Path(DrawsFile), drawCols, plain)
	if err != nil {
		return nil, err
	}
	defer draws.Abort()
	regions, err := CreateParquet(dir.Path(RegionsFile), RegionColumns, opts)
	if err != nil {
		return nil, err
	}
	defer regions.Abort()

	n := last - first
	oc := newOutcomes(int(min(n, OutcomesLimit)), regionIDs)
	nf := newNonFiniteLog(b, regionIDs)
	drawBatch := NewBatch(drawCols, ChunkSize)
	regionBatch := NewBatch(RegionColumns, ChunkSize*len(regionIDs))
	ex := &Executor{Binding: b, Sampler: cfg.Sampler, Workers: cfg.Workers}
	err = ex.Run(ctx, first, last, func(c *Chunk) error {
		nf.record(c)
		fillDraws(c, b, regionIDs, drawBatch)
		fillRegions(c, regionIDs, regionBatch)
		// The two files are encoded in parallel: on few cores the writer,
		// not the model, is the critical path.
		return both(func() error { return draws.Write(drawBatch) },
			func() error {
				oc.add(c.Start-first, c)
				if cfg.ProgressWriter != nil {
					cfg.ProgressWriter(c.Start+int64(c.N)-first, last-first)
				}
				return regions.Write(regionBatch)
			})
	})
	if err != nil {
		return nil, err
	}
	if err := both(draws.Commit, regions.Commit); err != nil {
		return nil, err
	}

	// A run small enough to be kept whole is summarised from memory; a larger
	// one from the files themselves, in two streaming passes, in memory that
	// does not grow with the draws. Both feed the same values in the same
	// order to analysis.SummaryBuilder, so they agree exactly, with each
	// other and with summarize over shards of this run.
	var sum *analysis.Summary
	if n <= OutcomesLimit {
		sum = analysis.Summarize(&oc.Outcomes, cfg.SEKind)
	} else if sum, err = SummarizeDirs([]string{dir.Path("")}, regionIDs, cfg.SEKind); err != nil {
		return nil, err
	}
	sum.NonFiniteDraws = nf.report.Draws
	if err := writeSummary(dir, sum, cfg.SummaryTitle); err != nil {
		return nil, err
	}
	files := []string{DrawsFile, RegionsFile, SummaryJSONFile, SummaryMDFile}
	extra, err := nf.write(dir)
	if err != nil {
		return nil, err
	}
	files = append(files, extra...)
	if cfg.Extras != nil {
		extra, err := cfg.Extras(dir.Path(""), &oc.Outcomes, sum)
		if err != nil {
			return nil, err
		}
		files = append(files, extra...)
	}
	m := cfg.Manifest
	m.Program, m.Draws, m.FirstDraw, m.LastDraw = ProgramName, cfg.Draws, first, last
	m.ParamsHash = b.Set().Hash()
	if cfg.Shards > 0 {
		m.Shard = fmt.Sprintf("%d/%d", cfg.Shard, cfg.Shards)
	}
	m.Created = time.Now().UTC().Format(time.RFC3339)
	m.Files = map[string]string{DrawsFile: draws.SHA256(), RegionsFile: regions.SHA256()}
	for _, f := range files[2:] {
		if m.Files[f], err = FileSHA256(dir.Path(f)); err != nil {
			return nil, err
		}
	}
	if err := WriteManifest(dir.Path(ManifestName), &m); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // interrupted after the last draw: publish nothing
	}
	if err := dir.Finish(); err != nil {
		return nil, err
	}
	return &Outcome{Dir: dir.Final(), Summary: sum}, nil
}

func writeSummary(dir *RunDir, s *analysis.Summary, title string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := writeFileAtomic(dir.Path(SummaryJSONFile), append(data, '\n')); err != nil {
		return err
	}
	f, err := os.Create(dir.Path(SummaryMDFile))
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := s.WriteMarkdown(f, title); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(f.Name()), err)
	}
	return errors.Join(f.Sync(), f.Close())
}

// OutcomesLimit is the number of draws whose outcomes a run keeps in memory
// for Config.Extras: the first OutcomesLimit draws of a larger run, an
// unbiased sample for figures and rank statistics. The summary always covers
// every draw.
const OutcomesLimit = 200000

// outcomes keeps the per-draw outputs of the first draws for Config.Extras.
type outcomes struct {
	analysis.Outcomes
}

func newOutcomes(n int, regionIDs []string) *outcomes {
	o := &outcomes{analysis.Outcomes{FedYear: make([]float64, n),
		CampusYear: make([]float64, n), Lead: make([]float64, n), FedWins: make([]bool, n)}}
	for _, id := range regionIDs {
		o.Regions = append(o.Regions, analysis.RegionOutcomes{ID: id,
			CampusYear: make([]float64, n), FedBeats: make([]bool, n), Rank: make([]int, n)})
	}
	return o
}

// add keeps the outcomes of chunk c, whose first draw is at offset at of the
// run, as far as they fall within the kept draws.
func (o *outcomes) add(at int64, c *Chunk) {
	for k := 0; k < c.N && at+int64(k) < int64(len(o.FedYear)); k++ {
		o.put(int(at)+k, c.Results[k])
	}
}

// both runs f and g concurrently and returns their errors joined.
func both(f, g func() error) error {
	var wg sync.WaitGroup
	var ef error
	wg.Add(1)
	go func() {
		defer wg.Done()
		ef = f()
	}()
	eg := g()
	wg.Wait()
	return errors.Join(ef, eg)
}

func (o *outcomes) put(i int, r *model.Result) {
	o.FedYear[i], o.CampusYear[i], o.Lead[i] = r.Federation.Year, r.Campus.Year, r.Lead
	o.FedWins[i] = r.FedWins
	for j := range o.Regions {
		rr := &r.Regions[j]
		o.Regions[j].CampusYear[i] = rr.CampusYear
		o.Regions[j].FedBeats[i] = rr.FedBeats
		o.Regions[j].Rank[i] = rr.Rank
	}
}
