package main

import (
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// TestDuckDBReadsRun opens a run's files with DuckDB and recomputes the
// headline from the rows: the share of draws where the federation wins must
// equal the summary's probability, per region too, and DuckDB's
// quantile_cont (Hyndman–Fan type 7) must give the summary's median years.
func TestDuckDBReadsRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := runCLI(t, "-n", "5000", "-s", "3", "-o", dir, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := readSummary(t, dir)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	draws := filepath.Join(dir, "draws.parquet")
	regions := filepath.Join(dir, "regions.parquet")

	var n, fedDone int64
	var share, medFed, medLead float64
	q := fmt.Sprintf(`SELECT count(*), avg(fed_wins::INT), count(fed_year),
		quantile_cont(fed_year, 0.5), quantile_cont(lead_years, 0.5) FROM '%s'`, draws)
	if err := db.QueryRow(q).Scan(&n, &share, &fedDone, &medFed, &medLead); err != nil {
		t.Fatal(err)
	}
	if n != s.Draws || fedDone != s.FedYear.Present {
		t.Errorf("rows %d, fed_year present %d; summary %d, %d", n, fedDone, s.Draws,
			s.FedYear.Present)
	}
	if math.Abs(share-float64(s.PFedBeatsCampus.P)) > 1e-12 {
		t.Errorf("DuckDB share of fed_wins %.12f, summary %.12f", share, s.PFedBeatsCampus.P)
	}
	if math.Abs(medFed-float64(s.FedYear.Quantiles["p50"])) > 1e-9 ||
		math.Abs(medLead-float64(s.Lead.Quantiles["p50"])) > 1e-9 {
		t.Errorf("DuckDB medians %.9f, %.9f; summary %.9f, %.9f", medFed, medLead,
			s.FedYear.Quantiles["p50"], s.Lead.Quantiles["p50"])
	}

	// The README's scorecard query gives the summary's P(best score).
	best := map[string]float64{}
	brows, err := db.Query(fmt.Sprintf(`SELECT region, avg(coalesce(rank = 1, false)::INT)
		FROM '%s' GROUP BY region`, regions))
	if err != nil {
		t.Fatal(err)
	}
	for brows.Next() {
		var id string
		var p float64
		if err := brows.Scan(&id, &p); err != nil {
			t.Fatal(err)
		}
		best[id] = p
	}
	brows.Close()
	for _, r := range s.Regions {
		if math.Abs(best[r.ID]-float64(r.PRank1)) > 1e-12 {
			t.Errorf("region %s: README query P(best) %.12f, summary %.12f", r.ID, best[r.ID],
				float64(r.PRank1))
		}
	}

	rows, err := db.Query(fmt.Sprintf(`SELECT region, avg(fed_beats::INT), count(*)
		FROM '%s' GROUP BY region`, regions))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]float64{}
	for rows.Next() {
		var id string
		var p float64
		var c int64
		if err := rows.Scan(&id, &p, &c); err != nil {
			t.Fatal(err)
		}
		if c != s.Draws {
			t.Errorf("region %s has %d rows, want %d", id, c, s.Draws)
		}
		got[id] = p
	}
	for _, r := range s.Regions {
		if math.Abs(got[r.ID]-float64(r.PFedBeats.P)) > 1e-12 {
			t.Errorf("region %s: DuckDB %.12f, summary %.12f", r.ID, got[r.ID], r.PFedBeats.P)
		}
	}

	// A missing year is a null, never a number.
	var nulls, nans int64
	q = fmt.Sprintf(`SELECT count(*) FILTER (WHERE campus_year IS NULL),
		count(*) FILTER (WHERE isnan(campus_year)) FROM '%s'`, draws)
	if err := db.QueryRow(q).Scan(&nulls, &nans); err != nil {
		t.Fatal(err)
	}
	if nulls != s.Draws-s.CampusYear.Present || nans != 0 {
		t.Errorf("campus_year: %d nulls (want %d), %d NaN (want 0)", nulls,
			s.Draws-s.CampusYear.Present, nans)
	}
}

// BenchmarkDuckDBFloor times DuckDB writing random tables of the same shape
// as a run's draws.parquet and regions.parquet (columns of the same types,
// as many rows) with the same compression: the floor against which
// scripts/bench compares a run. EUROMESH_FLOOR_DIR names the run directory
// whose shape is copied; without it the benchmark is skipped.
func BenchmarkDuckDBFloor(b *testing.B) {
	dir := os.Getenv("EUROMESH_FLOOR_DIR")
	if dir == "" {
		b.Skip("EUROMESH_FLOOR_DIR not set")
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	out := b.TempDir()
	for b.Loop() {
		for _, f := range []string{"draws.parquet", "regions.parquet"} {
			src := filepath.Join(dir, f)
			// One random value per cell, cast to each column's type.
			rows, err := db.Query(fmt.Sprintf(
				"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '%s')", src))
			if err != nil {
				b.Fatal(err)
			}
			var exprs []string
			for rows.Next() {
				var name, typ string
				if err := rows.Scan(&name, &typ); err != nil {
					b.Fatal(err)
				}
				e := "random()"
				switch typ {
				case "BIGINT":
					e = "(random()*1e9)::BIGINT"
				case "BOOLEAN":
					e = "random() < 0.5"
				case "VARCHAR":
					e = "'r' || (random()*9)::INT"
				}
				exprs = append(exprs, fmt.Sprintf(`%s AS "%s"`, e, name))
			}
			rows.Close()
			var n int64
			if err := db.QueryRow(fmt.Sprintf("SELECT count(*) FROM '%s'", src)).Scan(&n); err != nil {
				b.Fatal(err)
			}
			q := fmt.Sprintf("COPY (SELECT %s FROM range(%d)) TO '%s' (FORMAT parquet, "+
				"COMPRESSION zstd)", strings.Join(exprs, ", "), n, filepath.Join(out, f))
			if _, err := db.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
	}
}
