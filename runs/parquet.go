package runs

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Kind is the value type of a column.
type Kind int

// The column kinds. The zero Kind is invalid, so a Column whose Kind was left
// unset is rejected by CreateParquet instead of silently becoming Int64.
const (
	Int64   Kind = iota + 1 // Parquet INT64
	Float64                 // Parquet DOUBLE
	Bool                    // Parquet BOOLEAN
	String                  // Parquet BYTE_ARRAY annotated as UTF-8 string
)

// String returns the lowercase name of the kind.
func (k Kind) String() string {
	switch k {
	case Int64:
		return "int64"
	case Float64:
		return "float64"
	case Bool:
		return "bool"
	case String:
		return "string"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// arrowType returns the Arrow type written for the kind, or nil if the kind
// is invalid.
func (k Kind) arrowType() arrow.DataType {
	switch k {
	case Int64:
		return arrow.PrimitiveTypes.Int64
	case Float64:
		return arrow.PrimitiveTypes.Float64
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case String:
		return arrow.BinaryTypes.String
	}
	return nil
}

// Column describes one column of a Parquet file.
type Column struct {
	// Name is the column name. Names must be non-empty and unique in a file.
	Name string
	// Kind is the value type.
	Kind Kind
	// Nullable reports whether rows may hold null. Nulls are written as
	// Parquet nulls (an OPTIONAL column), never as NaN or a sentinel value.
	Nullable bool
	// Doc is an optional description, stored in the Arrow field metadata
	// under FieldDocKey. Arrow-aware readers such as pyarrow show it.
	Doc string
}

// FieldDocKey is the Arrow field metadata key that holds Column.Doc.
const FieldDocKey = "doc"

// arrowSchemaKey is the file metadata key under which pqarrow stores the
// Arrow schema.
const arrowSchemaKey = "ARROW:schema"

// Batch holds the values of Len rows, column by column, in the order of the
// []Column it was made for. For column j only the slice that matches its
// Kind is used: Int64s[j], Float64s[j], Bools[j] or Strings[j]. Valid[j]
// marks the rows of column j that are not null; it may be nil, meaning every
// row is valid, and must be nil or all true for a column that is not
// nullable. The value of a null row is ignored.
//
// Rows [0, Len) of each used slice are written; entries beyond Len are
// ignored.
type Batch struct {
	Len      int
	Int64s   [][]int64
	Float64s [][]float64
	Bools    [][]bool
	Strings  [][]string
	Valid    [][]bool
}

// NewBatch returns an empty batch for cols whose slices hold capacity rows:
// for each column the slice of its kind, and Valid for nullable columns, has
// length capacity. Valid starts all true, so a row is null only once its
// flag is cleared. Fill rows by index and set Len.
func NewBatch(cols []Column, capacity int) *Batch {
	n := len(cols)
	b := &Batch{
		Int64s:   make([][]int64, n),
		Float64s: make([][]float64, n),
		Bools:    make([][]bool, n),
		Strings:  make([][]string, n),
		Valid:    make([][]bool, n),
	}
	for j, c := range cols {
		switch c.Kind {
		case Int64:
			b.Int64s[j] = make([]int64, capacity)
		case Float64:
			b.Float64s[j] = make([]float64, capacity)
		case Bool:
			b.Bools[j] = make([]bool, capacity)
		case String:
			b.Strings[j] = make([]string, capacity)
		}
		if c.Nullable {
			b.Valid[j] = make([]bool, capacity)
			for i := range b.Valid[j] {
				b.Valid[j][i] = true
			}
		}
	}
	return b
}

// Reset sets Len to zero and keeps the storage for reuse. Values are not
// cleared.
func (b *Batch) Reset() { b.Len = 0 }

// Compression selects the codec applied to every column.
type Compression int

// The supported codecs. All of them are pure Go in arrow-go and need no cgo.
const (
	CompressionDefault Compression = iota // Zstd
	CompressionZstd                       // Zstandard at its default level
	CompressionSnappy                     // Snappy: faster, larger files
	CompressionNone                       // no compression
)

// codec returns the arrow-go codec for c.
func (c Compression) codec() (compress.Compression, error) {
	switch c {
	case CompressionDefault, CompressionZstd:
		return compress.Codecs.Zstd, nil
	case CompressionSnappy:
		return compress.Codecs.Snappy, nil
	case CompressionNone:
		return compress.Codecs.Uncompressed, nil
	}
	return 0, fmt.Errorf("unknown compression %d", int(c))
}

// DefaultRowGroupRows is the number of rows per row group used when
// ParquetOptions.RowGroupRows is zero.
const DefaultRowGroupRows = 65536

// ParquetOptions configures a ParquetWriter. The zero value is a valid
// configuration.
type ParquetOptions struct {
	// RowGroupRows is the number of rows in every row group except the
	// last, which holds the remainder. Zero means DefaultRowGroupRows.
	RowGroupRows int
	// Compression is the codec for all columns. The zero value means Zstd.
	Compression Compression
	// Metadata is stored as file-level key/value metadata, in key order,
	// for example the run manifest as JSON. Nil means none.
	Metadata map[string]string
	// Allocator is the Arrow allocator for all buffers of the writer. Nil
	// means memory.DefaultAllocator.
	Allocator memory.Allocator
}

// A ParquetWriter writes rows to a Parquet file that appears under its final
// path only on Commit. Until then the rows go to a hidden temporary file in
// the same directory, so a reader never sees a partial file.
//
// The file's bytes depend only on the columns, the options and the sequence
// of rows, never on how the rows were split into batches: rows are buffered
// across calls to Write and every row group but the last holds exactly
// RowGroupRows rows. No timestamp is written.
//
// String columns are dictionary encoded, falling back to plain encoding when
// the dictionary grows too large. Numeric and bool columns are plain
// encoded: Monte Carlo outputs are nearly all distinct, so a dictionary would
// only cost space and time.
//
// A ParquetWriter is not safe for concurrent use. Every writer must end with
// Commit or Abort, which release its memory; calling Abort after Commit is a
// no-op, so `defer w.Abort()` is the usual pattern.
type ParquetWriter struct {
	path  string
	tmp   string
	cols  []Column
	rows  int // rows per row group
	f     *os.File
	buf   *bufio.Writer
	sum   hash.Hash // SHA-256 of every byte written
	fw    *pqarrow.FileWriter
	sc    *arrow.Schema
	bld   []array.Builder
	n     int   // rows buffered in bld
	err   error // first write error; the writer can then only be aborted
	ended bool  // Commit or Abort has run
}

// CreateParquet starts a Parquet file that will be published at path by
// Commit. It fails if cols is empty, a name is empty or repeated, or a kind
// is invalid. Path must not exist by the time Commit is called.
func CreateParquet(path string, cols []Column, opts ParquetOptions) (*ParquetWriter, error) {
	if err := checkColumns(cols); err != nil {
		return nil, fmt.Errorf("create parquet %s: %w", path, err)
	}
	rows := opts.RowGroupRows
	if rows < 0 {
		return nil, fmt.Errorf("create parquet %s: negative row group size %d", path, rows)
	}
	if rows == 0 {
		rows = DefaultRowGroupRows
	}
	codec, err := opts.Compression.codec()
	if err != nil {
		return nil, fmt.Errorf("create parquet %s: %w", path, err)
	}
	mem := opts.Allocator
	if mem == nil {
		mem = memory.DefaultAllocator
	}

	sc := arrowSchema(cols)
	props := writerProperties(cols, rows, codec, mem)
	arrowProps := pqarrow.NewArrowWriterProperties(
		pqarrow.WithAllocator(mem),
		pqarrow.WithStoreSchema(), // keeps each Doc in the field metadata
	)

	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create parquet %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it private
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("create parquet %s: %w", path, err)
	}
	sum := sha256.New()
	w := &ParquetWriter{
		path: path,
		tmp:  f.Name(),
		cols: slices.Clone(cols),
		rows: rows,
		f:    f,
		buf:  bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<20),
		sum:  sum,
		sc:   sc,
	}

	// The bufio.Writer has no Close method, so closing the Parquet writer
	// leaves the file open for Commit to flush and sync.
	w.fw, err = pqarrow.NewFileWriter(sc, w.buf, props, arrowProps)
	if err != nil {
		w.removeTemp()
		return nil, fmt.Errorf("create parquet %s: %w", path, err)
	}

	// Sorted keys make the footer independent of map iteration order.
	keys := make([]string, 0, len(opts.Metadata))
	for k := range opts.Metadata {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == arrowSchemaKey {
			w.fw.Close()
			w.removeTemp()
			return nil, fmt.Errorf("create parquet %s: metadata key %q is reserved", path, k)
		}
		if err := w.fw.AppendKeyValueMetadata(k, opts.Metadata[k]); err != nil {
			w.fw.Close()
			w.removeTemp()
			return nil, fmt.Errorf("create parquet %s: metadata %q: %w", path, k, err)
		}
	}

	w.bld = make([]array.Builder, len(cols))
	for j, c := range cols {
		w.bld[j] = array.NewBuilder(mem, c.Kind.arrowType())
	}
	return w, nil
}

// checkColumns reports the first problem with cols, if any.
func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return errors.New("no columns")
	}
	seen := make(map[string]bool, len(cols))
	for j, c := range cols {
		if c.Name == "" {
			return fmt.Errorf("column %d has no name", j)
		}
		if seen[c.Name] {
			return fmt.Errorf("duplicate column %q", c.Name)
		}
		seen[c.Name] = true
		if c.Kind.arrowType() == nil {
			return fmt.Errorf("column %q has invalid kind %d", c.Name, int(c.Kind))
		}
	}
	return nil
}

// arrowSchema returns the Arrow schema for cols, with each Doc in the field
// metadata.
func arrowSchema(cols []Column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for j, c := range cols {
		fields[j] = arrow.Field{Name: c.Name, Type: c.Kind.arrowType(), Nullable: c.Nullable}
		if c.Doc != "" {
			fields[j].Metadata = arrow.NewMetadata([]string{FieldDocKey}, []string{c.Doc})
		}
	}
	return arrow.NewSchema(fields, nil)
}

// writerProperties returns the Parquet properties for cols: one codec for
// all columns, row groups of rows rows, and dictionaries for strings only.
func writerProperties(cols []Column, rows int, codec compress.Compression,
	mem memory.Allocator) *parquet.WriterProperties {
	opts := []parquet.WriterProperty{
		parquet.WithAllocator(mem),
		parquet.WithCompression(codec),
		parquet.WithMaxRowGroupLength(int64(rows)),
		parquet.WithDictionaryDefault(false),
	}
	for _, c := range cols {
		if c.Kind == String {
			opts = append(opts, parquet.WithDictionaryFor(c.Name, true))
		}
	}
	return parquet.NewWriterProperties(opts...)
}

// Write appends the b.Len rows of b. It copies the values, so b may be reused
// as soon as Write returns. After an error the writer can only be aborted.
func (w *ParquetWriter) Write(b *Batch) error {
	if w.ended {
		return fmt.Errorf("write parquet %s: writer already committed or aborted", w.path)
	}
	if w.err != nil {
		return w.err
	}
	if err := w.checkBatch(b); err != nil {
		return fmt.Errorf("write parquet %s: %w", w.path, err)
	}

	// Fill the current row group, flush it when full, and carry on.
	for off := 0; off < b.Len; {
		if w.n == 0 {
			// NewArray in flush leaves the builders empty; sizing them
			// for a whole row group at once avoids repeated doubling.
			for _, bld := range w.bld {
				bld.Reserve(w.rows)
			}
		}
		k := min(w.rows-w.n, b.Len-off)
		w.appendRows(b, off, off+k)
		w.n += k
		off += k
		if w.n == w.rows {
			if err := w.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkBatch reports whether b fits the writer's columns: every slice that
// will be read holds at least b.Len rows, and no column that is not
// nullable has a null.
func (w *ParquetWriter) checkBatch(b *Batch) error {
	if b.Len < 0 {
		return fmt.Errorf("negative batch length %d", b.Len)
	}
	if b.Len == 0 {
		return nil
	}
	for j, c := range w.cols {
		var n int
		switch c.Kind {
		case Int64:
			n = lenAt(b.Int64s, j)
		case Float64:
			n = lenAt(b.Float64s, j)
		case Bool:
			n = lenAt(b.Bools, j)
		case String:
			n = lenAt(b.Strings, j)
		}
		if n < b.Len {
			return fmt.Errorf("column %q: batch has %d %s values, want at least %d",
				c.Name, n, c.Kind, b.Len)
		}

		valid := validAt(b, j)
		if valid == nil {
			continue
		}
		if len(valid) < b.Len {
			return fmt.Errorf("column %q: batch has %d validity flags, want at least %d",
				c.Name, len(valid), b.Len)
		}
		if !c.Nullable {
			if i := slices.Index(valid[:b.Len], false); i >= 0 {
				return fmt.Errorf("column %q is not nullable but row %d of the batch is null",
					c.Name, i)
			}
		}
	}
	return nil
}

// lenAt returns len(s[j]), or 0 if s has no entry j.
func lenAt[T any](s [][]T, j int) int {
	if j >= len(s) {
		return 0
	}
	return len(s[j])
}

// validAt returns b.Valid[j], or nil if there is none.
func validAt(b *Batch, j int) []bool {
	if j >= len(b.Valid) {
		return nil
	}
	return b.Valid[j]
}

// appendRows appends rows [lo, hi) of b to the builders.
func (w *ParquetWriter) appendRows(b *Batch, lo, hi int) {
	for j, c := range w.cols {
		var valid []bool
		if v := validAt(b, j); v != nil {
			valid = v[lo:hi]
		}
		switch c.Kind {
		case Int64:
			w.bld[j].(*array.Int64Builder).AppendValues(b.Int64s[j][lo:hi], valid)
		case Float64:
			w.bld[j].(*array.Float64Builder).AppendValues(b.Float64s[j][lo:hi], valid)
		case Bool:
			w.bld[j].(*array.BooleanBuilder).AppendValues(b.Bools[j][lo:hi], valid)
		case String:
			w.bld[j].(*array.StringBuilder).AppendValues(b.Strings[j][lo:hi], valid)
		}
	}
}

// flush writes the buffered rows as one row group.
func (w *ParquetWriter) flush() error {
	arrs := make([]arrow.Array, len(w.bld))
	for j, b := range w.bld {
		arrs[j] = b.NewArray()
		defer arrs[j].Release()
	}
	rec := array.NewRecordBatch(w.sc, arrs, int64(w.n))
	defer rec.Release()

	// Every record holds at most RowGroupRows rows, which is also the
	// writer's maximum row group length, so Write makes one row group.
	if err := w.fw.Write(rec); err != nil {
		w.err = fmt.Errorf("write parquet %s: %w", w.path, err)
		return w.err
	}
	w.n = 0
	return nil
}

// Commit writes the buffered rows and the footer, syncs the temporary file
// and renames it to the final path. It fails, leaving the temporary file for
// Abort to remove, if the path already exists.
func (w *ParquetWriter) Commit() error {
	if w.ended {
		return fmt.Errorf("commit parquet %s: writer already committed or aborted", w.path)
	}
	if w.err != nil {
		return w.err
	}
	if err := w.finish(); err != nil {
		w.err = fmt.Errorf("commit parquet %s: %w", w.path, err)
		return w.err
	}
	w.ended = true
	return nil
}

// finish does the work of Commit.
func (w *ParquetWriter) finish() error {
	if w.n > 0 {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.releaseBuilders()

	// Close writes the footer; its error is the last chance to learn that
	// a row group could not be written.
	if err := w.fw.Close(); err != nil {
		return err
	}
	if err := w.buf.Flush(); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	if err := w.f.Close(); err != nil {
		return err
	}
	w.f = nil

	if err := linkOrRename(w.tmp, w.path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(w.path))
}

// SHA256 returns the hex SHA-256 of the file's contents, computed as it was
// written; it is complete once Commit has succeeded.
func (w *ParquetWriter) SHA256() string { return hex.EncodeToString(w.sum.Sum(nil)) }

// Abort discards the file: it releases the writer's memory and removes the
// temporary file. It is a no-op after Commit or a previous Abort.
func (w *ParquetWriter) Abort() error {
	if w.ended {
		return nil
	}
	w.ended = true
	w.releaseBuilders()
	w.fw.Close() // the file is discarded, so its footer does not matter
	if err := w.removeTemp(); err != nil {
		return fmt.Errorf("abort parquet %s: %w", w.path, err)
	}
	return nil
}

// releaseBuilders releases the Arrow builders, once.
func (w *ParquetWriter) releaseBuilders() {
	for _, b := range w.bld {
		b.Release()
	}
	w.bld = nil
}

// removeTemp closes and removes the temporary file.
func (w *ParquetWriter) removeTemp() error {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
	if err := os.Remove(w.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// linkOrRename moves the file tmp to path, failing if path exists. A hard
// link makes the check and the move one atomic step; on file systems
// without hard links it falls back to a check followed by a rename.
func linkOrRename(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", path)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, path)
}
