package runs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/euromesh/euromesh-mc/analysis"
)

// scan streams the named columns of a Parquet file in record batches, calling
// f with the batch's columns in the order of names. Memory is bounded by the
// batch size, whatever the file's size.
func scan(path string, names []string, f func(cols []arrow.Array, n int) error) error {
	c, err := openColumns(path)
	if err != nil {
		return err
	}
	defer c.Close()
	idx := make([]int, len(names))
	for i, name := range names {
		idx[i] = -1
		for j, fld := range c.fr.Manifest.Fields {
			if fld.Field.Name == name {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %q", path, name)
		}
	}
	rr, err := c.fr.GetRecordReader(context.Background(), idx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rr.Release()
	cols := make([]arrow.Array, len(names))
	for rr.Next() {
		rec := rr.RecordBatch()
		for i, name := range names {
			cols[i] = rec.Column(rec.Schema().FieldIndices(name)[0])
		}
		if err := f(cols, int(rec.NumRows())); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := rr.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func floatAt(a arrow.Array, i int) float64 {
	fa := a.(*array.Float64)
	if fa.IsNull(i) {
		return math.NaN()
	}
	return fa.Value(i)
}

func stringAt(a arrow.Array, i int) string {
	switch s := a.(type) {
	case *array.String:
		return s.Value(i)
	case *array.Dictionary:
		return s.Dictionary().(*array.String).Value(s.GetValueIndex(i))
	}
	panic(fmt.Sprintf("runs: string column of type %s", a.DataType()))
}

// checkTypes verifies the Arrow types of a batch's columns.
func checkTypes(cols []arrow.Array, want []arrow.Type, names []string) error {
	for i, c := range cols {
		got := c.DataType().ID()
		if got == arrow.DICTIONARY {
			got = c.(*array.Dictionary).Dictionary().DataType().ID()
		}
		if got != want[i] {
			return fmt.Errorf("column %s has type %s, expected %s", names[i], c.DataType(),
				want[i])
		}
	}
	return nil
}

// SummarizeDirs computes the summary of run directories holding consecutive
// slices of one run, in the order given, from their Parquet files: two
// streaming passes, so memory does not grow with the number of draws. The
// result equals the summary of a single run of all those draws.
func SummarizeDirs(dirs []string, regionIDs []string, seKind string) (*analysis.Summary,
	error) {
	b := analysis.NewSummaryBuilder(regionIDs)
	index := map[string]int{}
	for j, id := range regionIDs {
		index[id] = j
	}
	drawCols := []string{ColFedYear, ColCampusYear, ColLead, ColFedWins}
	drawTypes := []arrow.Type{arrow.FLOAT64, arrow.FLOAT64, arrow.FLOAT64, arrow.BOOL}
	regionCols := []string{ColRegion, ColCampusYear, ColFedBeats, "rank"}
	regionTypes := []arrow.Type{arrow.STRING, arrow.FLOAT64, arrow.BOOL, arrow.INT64}
	for pass := 1; pass <= 2; pass++ {
		for _, d := range dirs {
			err := scan(filepath.Join(d, DrawsFile), drawCols, func(c []arrow.Array, n int) error {
				if err := checkTypes(c, drawTypes, drawCols); err != nil {
					return err
				}
				wins := c[3].(*array.Boolean)
				for i := 0; i < n; i++ {
					b.Draw(floatAt(c[0], i), floatAt(c[1], i), floatAt(c[2], i), wins.Value(i))
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			err = scan(filepath.Join(d, RegionsFile), regionCols, func(c []arrow.Array,
				n int) error {
				if err := checkTypes(c, regionTypes, regionCols); err != nil {
					return err
				}
				beats, ranks := c[2].(*array.Boolean), c[3].(*array.Int64)
				for i := 0; i < n; i++ {
					j, ok := index[stringAt(c[0], i)]
					if !ok {
						return fmt.Errorf("unknown region %q", stringAt(c[0], i))
					}
					rank := 0
					if ranks.IsValid(i) {
						rank = int(ranks.Value(i))
					}
					b.Region(j, floatAt(c[1], i), beats.Value(i), rank)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		if pass == 1 {
			b.Prepare()
		}
	}
	return b.Summary(seKind), nil
}

// RegionIDs returns the region ids of a run directory, in the order its
// regions.parquet lists them for each draw.
func RegionIDs(dir string) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	stop := fmt.Errorf("stop")
	err := scan(filepath.Join(dir, RegionsFile), []string{ColRegion},
		func(c []arrow.Array, n int) error {
			for i := 0; i < n; i++ {
				id := stringAt(c[0], i)
				if seen[id] {
					return stop
				}
				seen[id] = true
				ids = append(ids, id)
			}
			return nil
		})
	if err != nil && !errors.Is(err, stop) {
		return nil, err
	}
	return ids, nil
}
