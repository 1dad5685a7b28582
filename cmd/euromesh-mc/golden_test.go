package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenFirstRows guards against accidental change of seeded output: the
// first rows of a seeded run for each sampler must stay as recorded. The
// golden files are not evidence that the numbers are right (the analytic and
// hand-derived tests are); they catch a changed random stream or column.
// Rewrite them with `go test ./cmd/euromesh-mc -run Golden -update` only for
// an intended change.
func TestGoldenFirstRows(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, smp := range []string{"mc", "lhs", "sobol"} {
		t.Run(smp, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			code, _, stderr := runCLI(t, "-n", "200", "-s", "42", "--sampler", smp, "-o", dir, "-q")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			rows, err := db.Query(fmt.Sprintf(`SELECT draw, campus_region,
				"federation.addressable_fraction", "sites.jupiter.online", fed_year, campus_year,
				fed_wins FROM '%s' ORDER BY draw LIMIT 5`, filepath.Join(dir, "draws.parquet")))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var b strings.Builder
			for rows.Next() {
				var d int64
				var region string
				var f, on float64
				var fy, cy sql.NullFloat64
				var wins bool
				if err := rows.Scan(&d, &region, &f, &on, &fy, &cy, &wins); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "%d %s %.12g %.12g %v %v %v\n", d, region, f, on, null(fy),
					null(cy), wins)
			}
			golden := filepath.Join("testdata", "golden", "first-rows-"+smp+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("first rows changed:\n%s\nwant\n%s", b.String(), want)
			}
		})
	}
}

func null(v sql.NullFloat64) string {
	if !v.Valid {
		return "null"
	}
	return fmt.Sprintf("%.12g", v.Float64)
}
