package runs

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/euromesh/euromesh-mc/analysis"
	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// faultBinding returns the binding of the defaults with global.yaml
// overlaid by the given parameter lines (empty for the defaults).
func faultBinding(t testing.TB, lines string) *params.Binding {
	t.Helper()
	s, err := params.Default()
	if lines != "" {
		s, err = params.Load(fstest.MapFS{"global.yaml": &fstest.MapFile{
			Data: []byte("parameters:\n" + lines)}}, "testdata")
	}
	if err != nil {
		t.Fatal(err)
	}
	b, err := params.NewBinding(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// faultConfig returns a run of draws draws of b into dir.
func faultConfig(b *params.Binding, dir string, draws int64) *Config {
	return &Config{Binding: b, Sampler: sampler.NewMonteCarlo(3, b.Dims()), Draws: draws,
		Workers: 2, Dir: dir, SEKind: "iid", SummaryTitle: "test"}
}

// faultEntries returns the names of the entries of dir, nil if it is missing.
func faultEntries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// centralDraw returns the central-case inputs of the defaults with every
// region feasible, and the model's result for them.
func centralDraw(t *testing.T) (*params.Binding, *model.Inputs, *model.Result) {
	t.Helper()
	b := faultBinding(t, "")
	in := b.NewInputs()
	b.Central(in)
	r := model.NewResult(b.Regions(), b.MaxSites())
	model.Evaluate(in, model.NewWorkspace(b.MaxSites()), r)
	return b, in, r
}

func TestScanDrawRules(t *testing.T) {
	b, in0, r0 := centralDraw(t)
	var regionIDs []string
	for _, r := range b.Set().Regions {
		regionIDs = append(regionIDs, r.ID)
	}
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		change func(r *model.Result, in *model.Inputs)
		want   []NonFiniteOutput // nil: no fault
	}{
		{"central case", func(*model.Result, *model.Inputs) {}, nil},
		{"federation never finishes", func(r *model.Result, _ *model.Inputs) {
			r.Federation.End, r.Federation.Year, r.Federation.MeanEffectiveRate = nan, nan, nan
			r.Lead = nan
		}, nil},
		{"infeasible campus", func(r *model.Result, in *model.Inputs) {
			in.Campus.Feasible = false
			r.Campus.Energize, r.Campus.End, r.Campus.Year, r.Lead = nan, nan, nan, nan
		}, nil},
		{"infeasible region", func(r *model.Result, in *model.Inputs) {
			in.Regions[2].Feasible = false
			rr := &r.Regions[2]
			rr.Ready, rr.Year40MW, rr.CampusYear, rr.EnergyMWh = nan, nan, nan, nan
			rr.CostEUR, rr.CarbonT, rr.Score, rr.Rank = nan, nan, nan, 0
		}, nil},
		{"infinite cost", func(r *model.Result, _ *model.Inputs) { r.Federation.CostEUR = inf },
			[]NonFiniteOutput{{DrawsFile, "fed_cost_eur", "", "+Inf"}}},
		{"NaN start", func(r *model.Result, _ *model.Inputs) { r.Federation.Start = nan },
			[]NonFiniteOutput{{DrawsFile, "fed_start", "", "NaN"}}},
		{"year missing though the run ends", func(r *model.Result, _ *model.Inputs) {
			r.Federation.Year, r.Lead = nan, nan
		}, []NonFiniteOutput{{DrawsFile, ColFedYear, "", "NaN"}}},
		{"lead missing though both years exist", func(r *model.Result, _ *model.Inputs) {
			r.Lead = nan
		}, []NonFiniteOutput{{DrawsFile, ColLead, "", "NaN"}}},
		{"feasible campus not energized", func(r *model.Result, _ *model.Inputs) {
			r.Campus.Energize = nan
		}, []NonFiniteOutput{{DrawsFile, "campus_energize", "", "NaN"}}},
		{"energy missing in a feasible region", func(r *model.Result, _ *model.Inputs) {
			r.Regions[4].EnergyMWh = nan
		}, []NonFiniteOutput{{RegionsFile, "energy_mwh", regionIDs[4], "NaN"}}},
		{"score missing though the campus finishes", func(r *model.Result, _ *model.Inputs) {
			r.Regions[0].Score = nan
		}, []NonFiniteOutput{{RegionsFile, "score", regionIDs[0], "NaN"}}},
		{"two faults", func(r *model.Result, _ *model.Inputs) {
			r.Campus.FullRate = inf
			r.Regions[1].CampusYear = math.Inf(-1)
		}, []NonFiniteOutput{{DrawsFile, "campus_full_rate", "", "+Inf"},
			{RegionsFile, ColCampusYear, regionIDs[1], "-Inf"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := *r0
			r.Regions = slices.Clone(r0.Regions)
			in := *in0
			in.Regions = slices.Clone(in0.Regions)
			c.change(&r, &in)

			var got []NonFiniteOutput
			ok := scanDraw(&r, &in, regionIDs, func(o NonFiniteOutput) { got = append(got, o) })
			if !slices.Equal(got, c.want) {
				t.Errorf("faults %v, want %v", got, c.want)
			}
			if quick := scanDraw(&r, &in, nil, nil); ok != (c.want == nil) || quick != ok {
				t.Errorf("scanDraw = %v (%v without report), want %v", ok, quick, c.want == nil)
			}
		})
	}
}

// TestFiniteChecksCoverColumns keeps the rules of finite.go in step with the
// output columns: every rule names a float output, and every float column of
// regions.parquet has exactly one check.
func TestFiniteChecksCoverColumns(t *testing.T) {
	floats := map[string]bool{}
	for _, oc := range drawOutputs {
		if oc.f != nil {
			floats[oc.Name] = true
			if !oc.Nullable {
				t.Errorf("output %s is not nullable, so a faulty value cannot be null", oc.Name)
			}
		}
	}
	for name := range nullWhen {
		if !floats[name] {
			t.Errorf("nullWhen names %q, which is no float output of draws.parquet", name)
		}
	}
	var checked, want []string
	for _, rc := range regionChecks {
		checked = append(checked, rc.column)
	}
	for _, c := range RegionColumns {
		if c.Kind == Float64 {
			want = append(want, c.Name)
		}
	}
	if !slices.Equal(checked, want) {
		t.Errorf("regionChecks cover %v, want the float columns %v", checked, want)
	}
}

func TestScanDrawAllocatesNothing(t *testing.T) {
	_, in, r := centralDraw(t)
	if n := testing.AllocsPerRun(100, func() { scanDraw(r, in, nil, nil) }); n != 0 {
		t.Errorf("scanDraw allocates %v times per draw, want 0", n)
	}
}

func TestSanitize(t *testing.T) {
	_, _, r0 := centralDraw(t)
	r := *r0
	r.Regions = slices.Clone(r0.Regions)
	if !r.FedWins || r.Regions[0].Rank == 0 {
		t.Fatalf("central case: fed wins %v, rank %d; want a win and a ranked region 0",
			r.FedWins, r.Regions[0].Rank)
	}

	// A federation "ready" at +Inf never is: it no longer wins.
	r.Federation.Year = math.Inf(1)
	r.Regions[0].Score = math.Inf(1)
	sanitize(&r)
	if !math.IsNaN(r.Federation.Year) || !math.IsNaN(r.Lead) || r.FedWins {
		t.Errorf("after sanitize: year %v, lead %v, fed wins %v; want NaN, NaN, false",
			r.Federation.Year, r.Lead, r.FedWins)
	}
	for i, rr := range r.Regions {
		if rr.FedBeats {
			t.Errorf("region %d: federation beats the campus though it is never ready", i)
		}
	}
	if !math.IsNaN(r.Regions[0].Score) || r.Regions[0].Rank != 0 {
		t.Errorf("region 0: score %v, rank %d; want NaN and 0", r.Regions[0].Score,
			r.Regions[0].Rank)
	}
	want := r0.Regions[1]
	want.FedBeats = false
	if r.Regions[1] != want || r.Campus != r0.Campus {
		t.Error("sanitize changed finite outputs")
	}
}

// TestRunNonFiniteOutputs runs a parameter set in which the campus's raw
// rate overflows in most draws: 1,000 MW·1e3 / kW·2.5e15 FLOP/s·MFU·goodput
// is about 9e20 / kW, beyond the largest double (1.8e308) when kW < 5e-288,
// and kW is drawn from a lognormal with 90% of its mass in [1e-290, 1e-286].
func TestRunNonFiniteOutputs(t *testing.T) {
	b := faultBinding(t, "  campus.kw_per_accelerator: {value: 1e-288, "+
		"range: [1.0e-290, 1.0e-286]}\n")
	dir := filepath.Join(t.TempDir(), "run")
	const n = 500
	out, err := Run(context.Background(), faultConfig(b, dir, n))
	if err != nil {
		t.Fatal(err)
	}
	k := out.Summary.NonFiniteDraws
	if k <= 0 || k >= n {
		t.Fatalf("%d of %d draws non-finite; want some but not all", k, n)
	}

	// nonfinite.json lists the first draws, with the overflowing output and
	// every input, and the manifest vouches for it.
	data, err := os.ReadFile(filepath.Join(dir, NonFiniteFile))
	if err != nil {
		t.Fatal(err)
	}
	var rep NonFiniteReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Draws != k || len(rep.Listed) != int(min(k, NonFiniteListed)) {
		t.Errorf("report: %d draws, %d listed; want %d and %d", rep.Draws, len(rep.Listed),
			k, min(k, NonFiniteListed))
	}
	listed := map[int64]bool{}
	for i, d := range rep.Listed {
		listed[d.Draw] = true
		if i > 0 && d.Draw <= rep.Listed[i-1].Draw {
			t.Errorf("listed draws not in order: %d after %d", d.Draw, rep.Listed[i-1].Draw)
		}
		want := NonFiniteOutput{DrawsFile, "campus_full_rate", "", "+Inf"}
		if !slices.Contains(d.Outputs, want) {
			t.Errorf("draw %d: outputs %v lack %v", d.Draw, d.Outputs, want)
		}
		if len(d.Inputs) != len(b.Names()) || !(d.Inputs["campus.kw_per_accelerator"] > 0) {
			t.Errorf("draw %d: %d inputs, kW %v; want all %d and kW > 0", d.Draw,
				len(d.Inputs), d.Inputs["campus.kw_per_accelerator"], len(b.Names()))
		}
	}
	m, err := ReadManifest(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := FileSHA256(filepath.Join(dir, NonFiniteFile)); err != nil ||
		m.Files[NonFiniteFile] != sum {
		t.Errorf("manifest checksum of %s = %q, want %q (%v)", NonFiniteFile,
			m.Files[NonFiniteFile], sum, err)
	}

	// No file holds a NaN or an infinity; the overflowing column is null in
	// exactly the counted draws, which include the listed ones.
	nulls := parquetNulls(t, filepath.Join(dir, DrawsFile), "campus_full_rate")
	if int64(len(nulls)) != k {
		t.Errorf("campus_full_rate is null in %d draws, want %d", len(nulls), k)
	}
	for d := range listed {
		if !nulls[d] {
			t.Errorf("listed draw %d has a campus_full_rate", d)
		}
	}
	parquetNulls(t, filepath.Join(dir, RegionsFile), "")

	// The summary counts them and says so.
	var s analysis.Summary
	data, err = os.ReadFile(filepath.Join(dir, SummaryJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, SummaryMDFile))
	if err != nil {
		t.Fatal(err)
	}
	if s.NonFiniteDraws != k || s.Draws != n || !strings.Contains(string(md), "non-finite") {
		t.Errorf("summary: %d non-finite of %d draws, markdown mentions it: %v; want %d of %d",
			s.NonFiniteDraws, s.Draws, strings.Contains(string(md), "non-finite"), k, n)
	}
}

// parquetNulls fails the test if a float column of the Parquet file at path
// holds NaN or ±Inf, and returns the draws in which column (if not empty)
// is null.
func parquetNulls(t *testing.T, path, column string) map[int64]bool {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()

	var draws []int64
	var nullRows []int
	for i := range int(tbl.NumCols()) {
		col := tbl.Column(i)
		row := 0
		for _, ch := range col.Data().Chunks() {
			switch a := ch.(type) {
			case *array.Float64:
				for j := range a.Len() {
					if v := a.Value(j); a.IsValid(j) && !finite(v) {
						t.Fatalf("%s: column %s row %d holds %v", path, col.Name(), row+j, v)
					}
					if col.Name() == column && a.IsNull(j) {
						nullRows = append(nullRows, row+j)
					}
				}
			case *array.Int64:
				if col.Name() == ColDraw {
					draws = append(draws, a.Int64Values()...)
				}
			}
			row += ch.Len()
		}
	}
	if tbl.Schema().HasField(ColDraw) && len(draws) != int(tbl.NumRows()) {
		t.Fatalf("%s: %d draw ids for %d rows", path, len(draws), tbl.NumRows())
	}
	nulls := map[int64]bool{}
	for _, r := range nullRows {
		nulls[draws[r]] = true
	}
	return nulls
}

func TestRunRefusesNonFiniteInput(t *testing.T) {
	// A lognormal whose 90% interval reaches 1e307 overflows at the extreme
	// uniform 1 − 2⁻⁵³, about 8.2 standard deviations out.
	b := faultBinding(t, "  target.compute: {value: 1e+303, range: [1.0e+300, 1.0e+307]}\n")
	parent := filepath.Join(t.TempDir(), "out")
	_, err := Run(context.Background(), faultConfig(b, filepath.Join(parent, "run"), 10))
	var nfi *NonFiniteInputError
	if !errors.As(err, &nfi) || nfi.Param != "target.compute" || nfi.Draw != -1 ||
		nfi.U != uniformHi || !math.IsInf(nfi.Value, 1) {
		t.Fatalf("err = %#v, want a NonFiniteInputError for target.compute at 1 − 2⁻⁵³", err)
	}
	if !strings.Contains(err.Error(), "parameter target.compute is +Inf at probability") {
		t.Errorf("message %q does not name the parameter, value and probability", err)
	}
	if names := faultEntries(t, parent); names != nil {
		t.Errorf("the refused run created %v", names)
	}
}

// TestCheckDrawInput feeds a non-finite value that the extreme quantiles
// cannot show (a broken quantile function) straight to checkDraw.
func TestCheckDrawInput(t *testing.T) {
	b, in, r := centralDraw(t)
	e := &Executor{Binding: b, Sampler: sampler.NewMonteCarlo(1, b.Dims())}
	names, dims := len(b.Names()), len(b.Dims())
	c := &Chunk{Start: 4096, N: 2, Values: make([]float64, 2*names), Region: make([]int, 2),
		Results: []*model.Result{r, r}, u: make([]float64, 2*dims)}
	for j := range c.u {
		c.u[j] = 0.5
	}
	for k := range 2 {
		b.Values(c.u[k*dims:(k+1)*dims], c.Values[k*names:(k+1)*names])
	}
	if err := e.checkDraw(c, 1, in); err != nil || c.NonFinite[1] {
		t.Fatalf("central draw: err %v, non-finite %v", err, c.NonFinite[1])
	}

	d := 0 // the first sampled dimension
	i := b.SampledIndex()[d]
	c.u[dims+d] = 0.25
	c.Values[names+i] = math.NaN()
	err := e.checkDraw(c, 1, in)
	var nfi *NonFiniteInputError
	if !errors.As(err, &nfi) || nfi.Param != b.Names()[i] || nfi.Draw != 4097 || nfi.U != 0.25 {
		t.Fatalf("err = %v, want a NonFiniteInputError for %s at draw 4097, u 0.25", err,
			b.Names()[i])
	}
}
