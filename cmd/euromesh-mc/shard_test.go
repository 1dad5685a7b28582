package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardsMergeToTheSingleRun splits a run into four shards, merges them with
// summarize, and checks that the merged summary is the single run's and that
// the shards hold exactly the single run's rows.
func TestShardsMergeToTheSingleRun(t *testing.T) {
	base := t.TempDir()
	single := filepath.Join(base, "single")
	if code, _, stderr := runCLI(t, "-n", "9999", "-s", "5", "-o", single, "-q"); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, stderr)
	}
	var shards []string
	for i := 0; i < 4; i++ {
		dir := filepath.Join(base, fmt.Sprintf("shard-%d", i))
		code, _, stderr := runCLI(t, "-n", "9999", "-s", "5", "--shard", fmt.Sprintf("%d/4", i),
			"-o", dir, "-q")
		if code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(base, "merged")
	// Shards given out of order, through a glob.
	code, stdout, stderr := runCLI(t, "summarize", filepath.Join(base, "shard-*"), "-o", merged)
	if code != 0 {
		t.Fatalf("summarize: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "merged 4 run directories") {
		t.Errorf("summarize output: %s", stdout)
	}
	want, _ := os.ReadFile(filepath.Join(single, "summary.json"))
	got, _ := os.ReadFile(filepath.Join(merged, "summary.json"))
	if !bytes.Equal(got, want) {
		t.Errorf("merged summary differs from the single run's:\n%s\nwant\n%s", got, want)
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, f := range []string{"draws.parquet", "regions.parquet"} {
		var parts []string
		for _, s := range shards {
			parts = append(parts, "'"+filepath.Join(s, f)+"'")
		}
		one := "'" + filepath.Join(single, f) + "'"
		all := "read_parquet([" + strings.Join(parts, ", ") + "])"
		var n1, n2, diff int64
		q := fmt.Sprintf(`SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM %s),
			(SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s))`,
			one, all, one, all)
		if err := db.QueryRow(q).Scan(&n1, &n2, &diff); err != nil {
			t.Fatal(err)
		}
		if n1 != 9999 && f == "draws.parquet" || n1 != n2 || diff != 0 {
			t.Errorf("%s: single %d rows, shards %d rows, %d rows differ", f, n1, n2, diff)
		}
	}

	// Shards of different runs are refused and nothing is merged.
	other := filepath.Join(base, "other")
	if code, _, stderr := runCLI(t, "-n", "9999", "-s", "6", "--shard", "3/4", "-o", other,
		"-q"); code != 0 {
		t.Fatalf("other seed: exit %d: %s", code, stderr)
	}
	noCorr := filepath.Join(base, "nocorr")
	if code, _, stderr := runCLI(t, "-n", "9999", "-s", "5", "--shard", "3/4", "-o", noCorr,
		"-q", "--no-correlations"); code != 0 {
		t.Fatalf("no correlations: exit %d: %s", code, stderr)
	}
	swapped := filepath.Join(base, "swapped")
	if err := os.CopyFS(swapped, os.DirFS(shards[3])); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(shards[2], "regions.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(swapped, "regions.parquet"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		dirs []string
		want string
	}{
		{"different correlations", []string{shards[0], shards[1], shards[2], noCorr},
			"correlations"},
		{"file changed after the run", []string{shards[0], shards[1], shards[2], swapped},
			"checksum"},
		{"different seed", []string{shards[0], shards[1], shards[2], other}, "seed"},
		{"missing shard", []string{shards[0], shards[1], shards[3]}, "missing"},
		{"repeated shard", []string{shards[0], shards[1], shards[1], shards[2], shards[3]},
			"repeats"},
	} {
		out := filepath.Join(base, "bad-"+strings.ReplaceAll(c.name, " ", "-"))
		code, _, stderr := runCLI(t, append(append([]string{"summarize"}, c.dirs...), "-o",
			out)...)
		if code != 2 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr,
			"nothing merged") {
			t.Errorf("%s: exit %d, stderr %q", c.name, code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: output written", c.name)
		}
	}
	// Draws [0·2/3, 1·2/3) = [0, 0): an empty shard is refused.
	if code, _, stderr := runCLI(t, "-n", "2", "--shard", "0/3", "-o",
		filepath.Join(base, "empty")); code != 2 || !strings.Contains(stderr, "no draw") {
		t.Errorf("empty shard: exit %d, stderr %q", code, stderr)
	}
	for _, bad := range []string{"4/4", "-1/4", "1/0", "a/b", "1"} {
		if code, _, _ := runCLI(t, "-n", "10", "--shard", bad, "-o", filepath.Join(base, "x")); code != 2 {
			t.Errorf("--shard %s: exit %d, want 2", bad, code)
		}
	}
}
