package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunTargetSE checks that --target-se stops at the first batch whose
// standard error meets the target, and at -n when none does.
func TestRunTargetSE(t *testing.T) {
	// With P(federation beats campus) near 0.99 the standard error after
	// one batch of 8192 draws is about sqrt(0.99·0.01/8192) = 0.0011, under
	// a target of 0.01.
	dir := filepath.Join(t.TempDir(), "a")
	code, _, stderr := runCLI(t, "-n", "50000", "--target-se", "0.01", "--no-report",
		"-o", dir, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := readSummary(t, dir); s.Draws != 8192 || !strings.Contains(stderr,
		"reached after 8192 draws") {
		t.Errorf("target 0.01: %d draws, stderr %q; want 8192", s.Draws, stderr)
	}

	dir = filepath.Join(t.TempDir(), "b")
	code, _, stderr = runCLI(t, "-n", "3000", "--target-se", "1e-6", "--no-report", "-o", dir,
		"-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := readSummary(t, dir); s.Draws != 3000 || !strings.Contains(stderr, "not reached") {
		t.Errorf("target 1e-6: %d draws, stderr %q; want the limit 3000", s.Draws, stderr)
	}

	// A Latin hypercube's points depend on the run size, so it cannot grow.
	code, _, stderr = runCLI(t, "-n", "3000", "--target-se", "0.01", "--sampler", "lhs",
		"-o", filepath.Join(t.TempDir(), "c"))
	if code != exitUsage || !strings.Contains(stderr, "--target-se needs --sampler mc") {
		t.Errorf("--sampler lhs: exit %d, stderr %q; want 2", code, stderr)
	}
}

// TestRunReportsUndrawableFigures runs a target no path reaches: the
// figures of missing years are reported on stderr and in the report, and the
// run completes.
func TestRunReportsUndrawableFigures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runCLI(t, "-n", "300", "--set", "target.compute=1e32", "--sobol-n", "0",
		"-o", dir, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "figure fig_lead not drawn") {
		t.Errorf("stderr does not report the lead figure: %q", stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Figure fig_lead not drawn") {
		t.Error("report does not say the lead figure is missing")
	}
	if _, err := os.Stat(filepath.Join(dir, "fig_tornado.png")); err != nil {
		t.Errorf("the tornado was not drawn: %v", err)
	}
}
