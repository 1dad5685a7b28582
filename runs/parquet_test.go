package runs

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// testColumns has every kind, each both required and nullable.
var testColumns = []Column{
	{Name: "draw", Kind: Int64, Doc: "draw index"},
	{Name: "cost", Kind: Float64, Doc: "total cost, EUR"},
	{Name: "ok", Kind: Bool},
	{Name: "region", Kind: String},
	{Name: "count", Kind: Int64, Nullable: true},
	{Name: "npv", Kind: Float64, Nullable: true},
	{Name: "flag", Kind: Bool, Nullable: true},
	{Name: "note", Kind: String, Nullable: true},
}

// testRows returns n rows for testColumns from a fixed seed. About one row
// in five of each nullable column is null, and the float columns include
// NaN, infinities and negative zero, which must survive unchanged.
func testRows(n int) *Batch {
	rng := rand.New(rand.NewPCG(1, 2))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}
	regions := []string{"north", "south", "east", "west", ""}
	b := NewBatch(testColumns, n)
	b.Len = n
	for i := range n {
		b.Int64s[0][i] = int64(i)
		b.Float64s[1][i] = rng.NormFloat64() * 1e6
		if i%97 == 0 {
			b.Float64s[1][i] = specials[(i/97)%len(specials)]
		}
		b.Bools[2][i] = rng.IntN(2) == 0
		b.Strings[3][i] = regions[rng.IntN(len(regions))]
		b.Int64s[4][i] = rng.Int64() - math.MaxInt64/2
		b.Float64s[5][i] = rng.Float64()
		b.Bools[6][i] = rng.IntN(2) == 0
		b.Strings[7][i] = fmt.Sprintf("note %d ü", rng.IntN(1000))
		for j := 4; j < 8; j++ {
			b.Valid[j][i] = rng.IntN(5) != 0
		}
	}
	return b
}

// sliceBatch returns rows [lo, hi) of b as a new batch sharing its storage.
func sliceBatch(b *Batch, cols []Column, lo, hi int) *Batch {
	s := &Batch{
		Len:      hi - lo,
		Int64s:   make([][]int64, len(cols)),
		Float64s: make([][]float64, len(cols)),
		Bools:    make([][]bool, len(cols)),
		Strings:  make([][]string, len(cols)),
		Valid:    make([][]bool, len(cols)),
	}
	for j := range cols {
		if b.Int64s[j] != nil {
			s.Int64s[j] = b.Int64s[j][lo:hi]
		}
		if b.Float64s[j] != nil {
			s.Float64s[j] = b.Float64s[j][lo:hi]
		}
		if b.Bools[j] != nil {
			s.Bools[j] = b.Bools[j][lo:hi]
		}
		if b.Strings[j] != nil {
			s.Strings[j] = b.Strings[j][lo:hi]
		}
		if b.Valid[j] != nil {
			s.Valid[j] = b.Valid[j][lo:hi]
		}
	}
	return s
}

// writeSplit writes the rows of b to path in batches of the given sizes,
// cycling through sizes, and commits.
func writeSplit(t testing.TB, path string, b *Batch, sizes []int, opts ParquetOptions) {
	t.Helper()
	w, err := CreateParquet(path, testColumns, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for lo, k := 0, 0; lo < b.Len; k++ {
		hi := min(lo+sizes[k%len(sizes)], b.Len)
		if err := w.Write(sliceBatch(b, testColumns, lo, hi)); err != nil {
			t.Fatal(err)
		}
		lo = hi
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// openParquet opens path for reading with pqarrow. The caller closes the
// returned file reader.
func openParquet(t *testing.T, path string,
	mem memory.Allocator) (*file.Reader, *pqarrow.FileReader) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		rdr.Close()
		t.Fatal(err)
	}
	return rdr, fr
}

func TestParquetRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)

	const n, rowGroup = 1234, 100
	want := testRows(n)
	path := filepath.Join(t.TempDir(), "draws.parquet")
	meta := map[string]string{"euromesh.manifest": `{"seed":42}`, "a": "first"}
	writeSplit(t, path, want, []int{n}, ParquetOptions{RowGroupRows: rowGroup, Metadata: meta})

	rdr, fr := openParquet(t, path, mem)
	defer rdr.Close()
	md := rdr.MetaData()

	t.Run("layout", func(t *testing.T) {
		if got, want := md.NumRows, int64(n); got != want {
			t.Fatalf("rows = %d, want %d", got, want)
		}
		// 1234 rows in groups of 100: twelve full groups and one of 34.
		if got, want := md.NumRowGroups(), 13; got != want {
			t.Fatalf("row groups = %d, want %d", got, want)
		}
		for i := range md.NumRowGroups() {
			want := int64(rowGroup)
			if i == 12 {
				want = 34
			}
			if got := md.RowGroup(i).NumRows(); got != want {
				t.Errorf("row group %d has %d rows, want %d", i, got, want)
			}
		}
	})

	t.Run("schema", func(t *testing.T) {
		for j, c := range testColumns {
			col := md.Schema.Column(j)
			if col.Name() != c.Name {
				t.Errorf("column %d is %q, want %q", j, col.Name(), c.Name)
			}
			// A nullable column is OPTIONAL, so its nulls are definition
			// levels, not placeholder values.
			wantDef := int16(0)
			if c.Nullable {
				wantDef = 1
			}
			if got := col.MaxDefinitionLevel(); got != wantDef {
				t.Errorf("column %q max definition level = %d, want %d", c.Name, got, wantDef)
			}
		}
		sc, err := fr.Schema()
		if err != nil {
			t.Fatal(err)
		}
		for j, c := range testColumns {
			f := sc.Field(j)
			got, _ := f.Metadata.GetValue(FieldDocKey)
			if got != c.Doc {
				t.Errorf("column %q doc = %q, want %q", c.Name, got, c.Doc)
			}
			if f.Nullable != c.Nullable {
				t.Errorf("column %q nullable = %v, want %v", c.Name, f.Nullable, c.Nullable)
			}
		}
	})

	t.Run("metadata", func(t *testing.T) {
		kv := md.KeyValueMetadata()
		for k, v := range meta {
			got := kv.FindValue(k)
			if got == nil || *got != v {
				t.Errorf("metadata %q = %v, want %q", k, got, v)
			}
		}
	})

	t.Run("chunks", func(t *testing.T) {
		for j, c := range testColumns {
			cc, err := md.RowGroup(0).ColumnChunk(j)
			if err != nil {
				t.Fatal(err)
			}
			if got := cc.Compression(); got != compress.Codecs.Zstd {
				t.Errorf("column %q compression = %v, want ZSTD", c.Name, got)
			}
			if got, want := cc.HasDictionaryPage(), c.Kind == String; got != want {
				t.Errorf("column %q has dictionary page = %v, want %v", c.Name, got, want)
			}
			if !c.Nullable {
				continue
			}
			stats, err := cc.Statistics()
			if err != nil {
				t.Fatal(err)
			}
			var nulls int64
			for i := range rowGroup {
				if !want.Valid[j][i] {
					nulls++
				}
			}
			if got := stats.NullCount(); got != nulls {
				t.Errorf("column %q null count = %d, want %d", c.Name, got, nulls)
			}
		}
	})

	t.Run("values", func(t *testing.T) {
		tbl, err := fr.ReadTable(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Release()
		for j := range testColumns {
			checkColumn(t, testColumns[j], tbl.Column(j).Data(), want, j)
		}
	})
}

// checkColumn compares every row of column j of the table with want.
func checkColumn(t *testing.T, c Column, data *arrow.Chunked, want *Batch, j int) {
	t.Helper()
	if got := data.Len(); got != want.Len {
		t.Fatalf("column %q has %d rows, want %d", c.Name, got, want.Len)
	}
	row := 0
	for _, chunk := range data.Chunks() {
		for i := range chunk.Len() {
			null := want.Valid[j] != nil && !want.Valid[j][row]
			if chunk.IsNull(i) != null {
				t.Fatalf("column %q row %d: null = %v, want %v", c.Name, row, chunk.IsNull(i), null)
			}
			if null {
				row++
				continue
			}
			var got, exp any
			switch a := chunk.(type) {
			case *array.Int64:
				got, exp = a.Value(i), want.Int64s[j][row]
			case *array.Float64:
				// Compare bits so that NaN and -0 must round trip exactly.
				got, exp = math.Float64bits(a.Value(i)), math.Float64bits(want.Float64s[j][row])
			case *array.Boolean:
				got, exp = a.Value(i), want.Bools[j][row]
			case *array.String:
				got, exp = a.Value(i), want.Strings[j][row]
			default:
				t.Fatalf("column %q read back as %s", c.Name, chunk.DataType())
			}
			if got != exp {
				t.Fatalf("column %q row %d = %v, want %v", c.Name, row, got, exp)
			}
			row++
		}
	}
}

func TestParquetSplitIndependence(t *testing.T) {
	const n = 5000
	rows := testRows(n)
	meta := map[string]string{"k1": "v1", "k2": "v2", "k3": "v3", "k4": "v4", "k5": "v5"}
	opts := ParquetOptions{RowGroupRows: 1024, Metadata: meta}
	dir := t.TempDir()

	splits := map[string][]int{
		"whole":        {n},
		"one row each": {1},
		"row group":    {1024},
		"uneven":       {7, 1000, 1, 2047, 3, 333},
		"larger":       {3000},
	}
	var ref []byte
	for _, name := range slices.Sorted(maps.Keys(splits)) {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".parquet")
		writeSplit(t, path, rows, splits[name], opts)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = got
			continue
		}
		if !bytes.Equal(got, ref) {
			t.Errorf("split %q: file differs from the first (%d bytes, want %d)",
				name, len(got), len(ref))
		}
	}
}

// dirNames returns the names of the entries of dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	return names
}

func TestParquetTempFile(t *testing.T) {
	rows := testRows(10)

	t.Run("commit", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "draws.parquet")
		w, err := CreateParquet(path, testColumns, ParquetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		names := dirNames(t, dir)
		if len(names) != 1 || !strings.HasPrefix(names[0], ".") ||
			!strings.HasSuffix(names[0], ".tmp") {
			t.Fatalf("before Commit the directory holds %q, want one hidden .tmp file", names)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := dirNames(t, dir); !slices.Equal(got, []string{"draws.parquet"}) {
			t.Fatalf("after Commit the directory holds %q, want only draws.parquet", got)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o644 {
			t.Errorf("committed file mode = %v, want -rw-r--r--", got)
		}
		if err := w.Abort(); err != nil {
			t.Fatalf("Abort after Commit: %v", err)
		}
		if got := dirNames(t, dir); !slices.Equal(got, []string{"draws.parquet"}) {
			t.Fatalf("Abort after Commit left %q, want only draws.parquet", got)
		}
		if err := w.Write(rows); err == nil {
			t.Error("Write after Commit succeeded")
		}
		if err := w.Commit(); err == nil {
			t.Error("second Commit succeeded")
		}
	})

	t.Run("abort", func(t *testing.T) {
		dir := t.TempDir()
		w, err := CreateParquet(filepath.Join(dir, "draws.parquet"), testColumns, ParquetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(rows); err != nil {
			t.Fatal(err)
		}
		if err := w.Abort(); err != nil {
			t.Fatal(err)
		}
		if got := dirNames(t, dir); len(got) != 0 {
			t.Fatalf("after Abort the directory holds %q, want nothing", got)
		}
		if err := w.Abort(); err != nil {
			t.Fatalf("second Abort: %v", err)
		}
	})
}

func TestParquetCommitRefusesExistingPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "draws.parquet")
	old := []byte("an earlier result")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}

	w, err := CreateParquet(path, testColumns, ParquetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(testRows(10)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Commit over an existing file: err = %v, want already exists", err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}

	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, old) {
		t.Error("the existing file was changed")
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"draws.parquet"}) {
		t.Errorf("directory holds %q, want only draws.parquet", got)
	}
}

func TestParquetNoLeaks(t *testing.T) {
	rows := testRows(3000)
	for _, commit := range []bool{true, false} {
		t.Run(fmt.Sprintf("commit=%v", commit), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
			defer mem.AssertSize(t, 0)

			path := filepath.Join(t.TempDir(), "draws.parquet")
			opts := ParquetOptions{RowGroupRows: 1000, Allocator: mem}
			w, err := CreateParquet(path, testColumns, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			for lo := 0; lo < rows.Len; lo += 700 {
				b := sliceBatch(rows, testColumns, lo, min(lo+700, rows.Len))
				if err := w.Write(b); err != nil {
					t.Fatal(err)
				}
			}
			if commit {
				if err := w.Commit(); err != nil {
					t.Fatal(err)
				}
			} else if err := w.Abort(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParquetCompression(t *testing.T) {
	tests := []struct {
		opt  Compression
		want compress.Compression
	}{
		{CompressionDefault, compress.Codecs.Zstd},
		{CompressionZstd, compress.Codecs.Zstd},
		{CompressionSnappy, compress.Codecs.Snappy},
		{CompressionNone, compress.Codecs.Uncompressed},
	}
	rows := testRows(500)
	for _, tt := range tests {
		t.Run(tt.want.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "draws.parquet")
			writeSplit(t, path, rows, []int{rows.Len}, ParquetOptions{Compression: tt.opt})

			rdr, fr := openParquet(t, path, memory.DefaultAllocator)
			defer rdr.Close()
			cc, err := rdr.MetaData().RowGroup(0).ColumnChunk(1)
			if err != nil {
				t.Fatal(err)
			}
			if got := cc.Compression(); got != tt.want {
				t.Errorf("compression = %v, want %v", got, tt.want)
			}
			tbl, err := fr.ReadTable(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Release()
			checkColumn(t, testColumns[5], tbl.Column(5).Data(), rows, 5)
		})
	}
}

func TestParquetEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "draws.parquet")
	w, err := CreateParquet(path, testColumns, ParquetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Write(NewBatch(testColumns, 8)); err != nil { // Len is 0
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}

	rdr, fr := openParquet(t, path, memory.DefaultAllocator)
	defer rdr.Close()
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != 0 || tbl.NumCols() != int64(len(testColumns)) {
		t.Errorf("table is %d×%d, want 0×%d", tbl.NumRows(), tbl.NumCols(), len(testColumns))
	}
}

func TestCreateParquetRejectsColumns(t *testing.T) {
	tests := []struct {
		name string
		cols []Column
		opts ParquetOptions
		want string
	}{
		{"none", nil, ParquetOptions{}, "no columns"},
		{"unnamed", []Column{{Kind: Int64}}, ParquetOptions{}, "no name"},
		{"duplicate", []Column{{Name: "a", Kind: Int64}, {Name: "a", Kind: Bool}},
			ParquetOptions{}, "duplicate column"},
		{"zero kind", []Column{{Name: "a"}}, ParquetOptions{}, "invalid kind"},
		{"negative rows", []Column{{Name: "a", Kind: Int64}},
			ParquetOptions{RowGroupRows: -1}, "negative row group size"},
		{"bad codec", []Column{{Name: "a", Kind: Int64}},
			ParquetOptions{Compression: 99}, "unknown compression"},
		{"reserved metadata", []Column{{Name: "a", Kind: Int64}},
			ParquetOptions{Metadata: map[string]string{"ARROW:schema": "x"}}, "reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := CreateParquet(filepath.Join(dir, "x.parquet"), tt.cols, tt.opts)
			if err == nil {
				w.Abort()
				t.Fatal("CreateParquet succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to mention %q", err, tt.want)
			}
			if got := dirNames(t, dir); len(got) != 0 {
				t.Errorf("failed CreateParquet left %q", got)
			}
		})
	}
}

func TestParquetWriteRejectsBatch(t *testing.T) {
	cols := []Column{{Name: "x", Kind: Float64}, {Name: "y", Kind: Float64, Nullable: true}}
	tests := []struct {
		name  string
		batch func() *Batch
		want  string
	}{
		{"short values", func() *Batch {
			b := NewBatch(cols, 4)
			b.Len = 4
			b.Float64s[0] = b.Float64s[0][:3]
			return b
		}, "want at least 4"},
		{"short validity", func() *Batch {
			b := NewBatch(cols, 4)
			b.Len = 4
			b.Valid[1] = b.Valid[1][:2]
			return b
		}, "validity flags"},
		{"null in required column", func() *Batch {
			b := NewBatch(cols, 4)
			b.Len = 4
			b.Valid[0] = []bool{true, true, false, true}
			return b
		}, "row 2 of the batch is null"},
		{"missing column", func() *Batch {
			return &Batch{Len: 1, Float64s: [][]float64{{1}}}
		}, `column "y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := CreateParquet(filepath.Join(t.TempDir(), "x.parquet"), cols, ParquetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			err = w.Write(tt.batch())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestBatchReset(t *testing.T) {
	b := NewBatch(testColumns, 16)
	b.Len = 16
	b.Float64s[1][3] = 2.5
	b.Reset()
	if b.Len != 0 || len(b.Float64s[1]) != 16 || b.Float64s[1][3] != 2.5 {
		t.Errorf("after Reset: Len = %d, len = %d, kept value = %v; want 0, 16, 2.5",
			b.Len, len(b.Float64s[1]), b.Float64s[1][3])
	}
	if b.Valid[0] != nil || b.Valid[4] == nil {
		t.Fatal("Valid must be allocated for nullable columns only")
	}
	if i := slices.Index(b.Valid[4], false); i >= 0 {
		t.Errorf("new batch has row %d null, want every row valid", i)
	}
}

// BenchmarkWriteParquet writes 1,000,000 rows of 40 float64 columns, the
// shape of a large run's draw table, in batches of 4096 rows, and reports
// the cost per row and the file size per value. The values are distinct
// normal deviates, so compression gains no more than it would on real
// outputs.
func BenchmarkWriteParquet(b *testing.B) {
	const rows, ncols, batchRows = 1_000_000, 40, 4096
	cols := make([]Column, ncols)
	for j := range cols {
		cols[j] = Column{Name: fmt.Sprintf("out%02d", j), Kind: Float64}
	}
	all := NewBatch(cols, rows)
	all.Len = rows
	rng := rand.New(rand.NewPCG(3, 4))
	for j := range cols {
		for i := range rows {
			all.Float64s[j][i] = rng.NormFloat64()
		}
	}
	batches := make([]*Batch, 0, rows/batchRows+1)
	for lo := 0; lo < rows; lo += batchRows {
		batches = append(batches, sliceBatch(all, cols, lo, min(lo+batchRows, rows)))
	}
	dir := b.TempDir()

	b.ReportAllocs()
	b.ResetTimer()
	var size int64
	for i := range b.N {
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.parquet", i))
		w, err := CreateParquet(path, cols, ParquetOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, batch := range batches {
			if err := w.Write(batch); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			b.Fatal(err)
		}

		b.StopTimer()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
	b.ReportMetric(float64(size)/rows/ncols, "bytes/value")
}

// TestParquetSHA256 checks the checksum computed while writing against one
// computed from the committed file.
func TestParquetSHA256(t *testing.T) {
	b := testRows(1000)
	path := filepath.Join(t.TempDir(), "x.parquet")
	w, err := CreateParquet(path, testColumns, ParquetOptions{RowGroupRows: 300})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	want, err := FileSHA256(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.SHA256(); got != want {
		t.Errorf("SHA256 while writing %s, of the file %s", got, want)
	}
}
