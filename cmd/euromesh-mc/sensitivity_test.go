package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSensitivityRefusesTooFewDraws(t *testing.T) {
	code, _, stderr := runCLI(t, "sensitivity", "-n", "32")
	if code != exitUsage || !strings.Contains(stderr, "too few") ||
		!strings.Contains(stderr, "at least 64") {
		t.Errorf("-n 32: exit %d, stderr %q; want 2 and a reason", code, stderr)
	}
}

func TestSensitivityWritesResults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sens")
	code, stdout, stderr := runCLI(t, "sensitivity", "-n", "128", "--resamples", "50",
		"-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"federation politics", "campus grid", "Tornado of lead_years",
		"campus region (fastest vs slowest)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, sensitivityJSON))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		N      int `json:"base_sample"`
		Groups []struct {
			Group string `json:"group"`
			First map[string]struct {
				Value *float64 `json:"value"`
			} `json:"first_order"`
		} `json:"sobol_groups"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.N != 128 || len(doc.Groups) != 7 {
		t.Errorf("base sample %d with %d groups, want 128 and 7", doc.N, len(doc.Groups))
	}
	for _, f := range []string{"fig_sobol.png", "fig_sobol.svg", "fig_tornado.png",
		sensitivityText} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
}
