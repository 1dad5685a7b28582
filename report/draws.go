package report

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/params"
)

// driverOutputs are the outputs of the rank-correlation table, in order.
var driverOutputs = []string{analysis.OutLead, analysis.OutFedYear}

// ReadDrawStats reads the sampled inputs of a run back from its draws.parquet
// at path, one column at a time, and returns the statistics behind its
// rank-correlation and tail tables: the inputs against the lead and the
// federation year (a missing year counting as the horizon), and the tails of
// [analysis.RunTails]. Besides the sampled parameters it adds, per draw, the
// campus region ([params.RegionDim], valued at the region's central 1 GW
// lead), the region's lead ([analysis.CampusLead]) and its feasibility
// ([analysis.CampusFeasible]). o must hold the same draws as the file.
func ReadDrawStats(path string, b *params.Binding, o *analysis.Outcomes,
	horizon float64) (*analysis.DrawStats, error) {
	raw, err := file.OpenParquetFile(path, false)
	if err != nil {
		return nil, fmt.Errorf("read inputs: %w", err)
	}
	defer raw.Close()
	fr, err := pqarrow.NewFileReader(raw, pqarrow.ArrowReadProperties{BatchSize: 1 << 16},
		memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("read inputs from %s: %w", path, err)
	}
	// o may hold only the first draws of a large run (runs.OutcomesLimit):
	// the statistics then use those draws, the first rows of the file.
	n := len(o.FedYear)
	if rows := raw.NumRows(); rows < int64(n) {
		return nil, fmt.Errorf("read inputs: %s has %d rows, fewer than the %d draws kept",
			path, rows, n)
	}
	col := map[string]int{}
	for i, f := range fr.Manifest.Fields {
		col[f.Field.Name] = i
	}
	read := func(name string, f func(arrow.Array) error) error {
		i, ok := col[name]
		if !ok {
			return fmt.Errorf("read inputs: %s has no column %s", path, name)
		}
		cr, err := fr.GetColumn(context.Background(), i)
		if err != nil {
			return fmt.Errorf("read inputs: column %s: %w", name, err)
		}
		defer cr.Release()
		data, err := cr.NextBatch(int64(n))
		if err != nil {
			return fmt.Errorf("read inputs: column %s: %w", name, err)
		}
		defer data.Release()
		for _, ch := range data.Chunks() {
			if err := f(ch); err != nil {
				return fmt.Errorf("read inputs: column %s: %w", name, err)
			}
		}
		return nil
	}

	// The campus region of each draw, as an index into the set's regions.
	regions := b.Set().Regions
	index := map[string]int{}
	for r, rg := range regions {
		index[rg.ID] = r
	}
	region := make([]int, 0, n)
	err = read("campus_region", func(a arrow.Array) error {
		s, ok := a.(*array.String)
		if !ok {
			return fmt.Errorf("type %s, expected string", a.DataType())
		}
		for i := range s.Len() {
			r, ok := index[s.Value(i)]
			if !ok {
				return fmt.Errorf("unknown region %q", s.Value(i))
			}
			region = append(region, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(region) != n {
		return nil, fmt.Errorf("read inputs: campus_region has %d values, want %d",
			len(region), n)
	}

	fed, lead := make([]float64, n), make([]float64, n)
	for i := range n {
		f, c := o.FedYear[i], o.CampusYear[i]
		if math.IsNaN(f) {
			f = horizon
		}
		if math.IsNaN(c) {
			c = horizon
		}
		fed[i], lead[i] = f, c-f
	}
	stats := analysis.NewDrawStats(driverOutputs, [][]float64{lead, fed}, analysis.RunTails(o))

	// Stream the sampled inputs; the drawn region's lead and feasibility are
	// gathered from the regional columns on the way, starting from their
	// central values for regions where they are not sampled.
	central := func(r int, what string) float64 {
		return b.Param("regions." + regions[r].ID + "." + what).Dist.Median()
	}
	campusLead, campusFeasible := make([]float64, n), make([]float64, n)
	centralLead, centralFeasible := make([]float64, len(regions)), make([]float64, len(regions))
	for r := range regions {
		centralLead[r], centralFeasible[r] = central(r, "lead_1gw"), central(r, "feasibility")
	}
	for k, r := range region {
		campusLead[k], campusFeasible[k] = centralLead[r], centralFeasible[r]
	}
	x := make([]float64, n)
	names := b.Names()
	for _, i := range b.SampledIndex() {
		name := names[i]
		x = x[:0]
		err := read(name, func(a arrow.Array) error {
			fa, ok := a.(*array.Float64)
			if !ok {
				return fmt.Errorf("type %s, expected double", a.DataType())
			}
			if fa.NullN() > 0 {
				return errors.New("null values in an input column")
			}
			x = append(x, fa.Float64Values()...)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(x) != n {
			return nil, fmt.Errorf("read inputs: column %s has %d values, want %d", name, len(x), n)
		}
		stats.Add(name, x)
		for r, rg := range regions {
			var dst []float64
			switch name {
			case "regions." + rg.ID + ".lead_1gw":
				dst = campusLead
			case "regions." + rg.ID + ".feasibility":
				dst = campusFeasible
			default:
				continue
			}
			for k := range n {
				if region[k] == r {
					dst[k] = x[k]
				}
			}
		}
	}

	// The region, valued at its central lead, and its drawn lead and
	// feasibility.
	for k, r := range region {
		x[k] = centralLead[r]
	}
	stats.Add(params.RegionDim, x)
	stats.Add(analysis.CampusLead, campusLead)
	stats.Add(analysis.CampusFeasible, campusFeasible)
	return stats, nil
}
