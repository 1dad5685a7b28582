package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// compareRows runs compare and returns its table rows by scenario label, each
// split into its columns.
func compareRows(t *testing.T, args ...string) map[string][]string {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"compare"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := map[string][]string{}
	in := false
	for _, l := range strings.Split(stdout, "\n") {
		switch {
		case strings.HasPrefix(l, "scenario "):
			in = true
		case in && strings.TrimSpace(l) == "":
			in = false
		case in:
			cols := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(l), -1)
			rows[cols[0]] = cols
		}
	}
	return rows
}

// TestCompareCommonRandomNumbers checks that scenarios share draws: a
// scenario compared with itself differs by exactly zero, a campus-only
// change leaves the federation's years untouched, and the first scenario's
// probability is the one `run` reports for the same seed and draws.
func TestCompareCommonRandomNumbers(t *testing.T) {
	// compare writes nothing: run it in an empty working directory.
	work := t.TempDir()
	t.Chdir(work)
	rows := compareRows(t, "-n", "3000", "-s", "5", "baseline", "fast-campus", "baseline")
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("compare wrote %v", entries)
	}
	base, fast := rows["baseline"], rows["fast-campus"]
	if len(rows) != 2 || len(base) != 8 || len(fast) != 8 {
		t.Fatalf("rows %v", rows)
	}
	// The repeated baseline is the same row; its difference line is the last
	// one printed for the label, "+0.0000 ± 0.0000".
	if base[2] != "+0.0000 ± 0.0000" {
		t.Errorf("baseline against itself: %q, want +0.0000 ± 0.0000", base[2])
	}
	// fast-campus fixes the campus region only: every federation draw is the
	// same, so its federation-year quantiles and share done match baseline's.
	if fast[3] != base[3] || fast[4] != base[4] {
		t.Errorf("federation years differ: %q %q vs %q %q", fast[3], fast[4], base[3], base[4])
	}
	if fast[5] == base[5] {
		t.Errorf("campus years identical (%q) although the region is fixed", fast[5])
	}

	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, "-n", "3000", "-s", "5", "-q", "-o", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	p := strings.Fields(base[1])[0]
	if !strings.Contains(stdout, "P(federation beats campus) = "+p+" ") {
		t.Errorf("compare says %s; run says\n%s", p, stdout)
	}
}

// TestComparePairedDifference recomputes the difference column from the
// draws with the textbook paired formula: d_i = w_i(B) − w_i(A), the
// difference is mean(d) and its standard error sd(d)/√n.
func TestComparePairedDifference(t *testing.T) {
	const n = 4000
	var draws []*scenarioDraws
	for _, name := range []string{"baseline", "low-addressable"} {
		sc, _ := params.BuiltinScenario(name)
		set, err := params.LoadOverlays(params.Overlays{Scenario: sc})
		if err != nil {
			t.Fatal(err)
		}
		b, err := params.NewBinding(set)
		if err != nil {
			t.Fatal(err)
		}
		s := sampler.NewMonteCarlo(3, b.Dims())
		d, err := drawScenario(context.Background(), b, s, name, n, 2)
		if err != nil {
			t.Fatal(err)
		}
		draws = append(draws, d)
	}
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		d := b2f(draws[1].fedWins[i]) - b2f(draws[0].fedWins[i])
		sum += d
		sum2 += d * d
	}
	mean := sum / n
	se := math.Sqrt((sum2 - n*mean*mean) / (n - 1) / n)
	if !(mean < 0) || !(se > 0) {
		t.Fatalf("low-addressable: difference %g ± %g, want a loss with some spread", mean, se)
	}
	var b strings.Builder
	if err := writeComparison(&b, draws, 3, false); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%+.4f ± %.4f", mean, se)
	if !strings.Contains(b.String(), want) {
		t.Errorf("table lacks %q:\n%s", want, b.String())
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestCompareBadScenarioRunsNothing(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\ndescription: x\nparameters:\n  campus.mfu: 1.5\n"),
		0o644)
	code, stdout, stderr := runCLI(t, "compare", "-n", "100", "baseline", bad, "nope")
	if code != 2 || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing printed", code, stdout)
	}
	for _, w := range []string{"invalid parameters (2 problems)",
		bad + ":4: campus.mfu: found 1.5, expected a fraction strictly between 0 and 1",
		`--scenario: found "nope"`} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	// A bad --set is reported once, not once per scenario.
	code, _, stderr = runCLI(t, "compare", "-n", "100", "baseline", "fast-campus", "--set",
		"campus.mfu=3")
	if code != 2 || strings.Count(stderr, "--set: campus.mfu: found 3") != 1 {
		t.Errorf("exit %d, stderr %q; want one problem", code, stderr)
	}
	for _, args := range [][]string{{"compare"}, {"compare", "-n", "1", "baseline"},
		{"compare", "--scenario", "baseline", "baseline"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
