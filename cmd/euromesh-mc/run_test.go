package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

// runCLI runs the command line args in-process and returns its exit status
// and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"euromesh-mc"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func readSummary(t *testing.T, dir string) *analysis.Summary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s analysis.Summary
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// TestWorkerCountDoesNotChangeBytes runs the same seed with 1, 2 and 8
// workers over enough draws for many chunks, and compares the files byte for
// byte.
func TestWorkerCountDoesNotChangeBytes(t *testing.T) {
	for _, smp := range []string{"mc", "lhs", "sobol"} {
		t.Run(smp, func(t *testing.T) { workerCountBytes(t, smp) })
	}
}

func workerCountBytes(t *testing.T, smp string) {
	n := "12345"
	if smp != "mc" {
		n = "5000"
	}
	base := t.TempDir()
	var first map[string][]byte
	for _, j := range []string{"1", "2", "8"} {
		dir := filepath.Join(base, "j"+j)
		code, _, stderr := runCLI(t, "-n", n, "-s", "7", "-j", j, "--sampler", smp, "-o", dir,
			"-q")
		if code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, stderr)
		}
		files := map[string][]byte{}
		for _, f := range []string{"draws.parquet", "regions.parquet", "summary.json"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		if first == nil {
			first = files
			continue
		}
		for f, b := range files {
			if !bytes.Equal(b, first[f]) {
				t.Errorf("-j %s: %s differs from -j 1", j, f)
			}
		}
	}
}

func TestRunWritesRunDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, "-n", "3000", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "P(federation beats campus) = ") {
		t.Errorf("no headline in output:\n%s", stdout)
	}
	for _, f := range []string{"draws.parquet", "regions.parquet", "summary.json", "summary.md",
		"manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	s := readSummary(t, dir)
	if s.Draws != 3000 || len(s.Regions) != 9 {
		t.Errorf("summary has %d draws and %d regions, want 3000 and 9", s.Draws, len(s.Regions))
	}

	// A second run to the same directory is refused and leaves it untouched.
	before, _ := os.ReadFile(filepath.Join(dir, "draws.parquet"))
	code, _, stderr = runCLI(t, "-n", "100", "-o", dir)
	if code != 2 || !strings.Contains(stderr, "already exists") {
		t.Errorf("rerun into existing dir: exit %d, stderr %q; want 2 and 'already exists'",
			code, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "draws.parquet"))
	if !bytes.Equal(before, after) {
		t.Error("refused rerun changed the earlier run")
	}
	// With --force it is replaced.
	if code, _, stderr = runCLI(t, "-n", "100", "-o", dir, "--force", "-q"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if s := readSummary(t, dir); s.Draws != 100 {
		t.Errorf("after --force the summary has %d draws, want 100", s.Draws)
	}
}

// TestBadParameterFiles feeds broken overlays and checks the exit status, the
// message (file, parameter, what was expected) and that nothing is written.
func TestBadParameterFiles(t *testing.T) {
	cases := []struct {
		name, file, body string
		want             []string
	}{
		{"missing unit", "global.yaml",
			"parameters:\n  foo.bar: {value: 1, confidence: low, source: x}\n",
			[]string{"global.yaml:2", "foo.bar", "unknown parameter"}},
		{"unit missing on a new site", "sites.yaml",
			"sites:\n  - id: newsite\n    country: DE\n    tier: A\n    online: {value: 2026, " +
				"confidence: high, source: x}\n    pools:\n      - accelerator: h100\n" +
				"        count: {value: 100, unit: count, confidence: high, source: x}\n",
			[]string{"sites.yaml:5", "sites.newsite.online", "no unit", "expected a unit"}},
		{"unknown confidence tag", "global.yaml",
			"parameters:\n  federation.goodput: {value: 0.8, confidence: sure}\n",
			[]string{"global.yaml:2", "federation.goodput", `confidence "sure"`,
				"high, medium or low"}},
		{"negative count", "sites.yaml",
			"sites:\n  - id: jupiter\n    pools:\n      - accelerator: gh200\n" +
				"        count: {value: -5}\n",
			[]string{"sites.yaml:5", "sites.jupiter.gh200.count", "found -5",
				"positive value"}},
		{"not a number", "global.yaml",
			"parameters:\n  federation.addressable_fraction: {value: lots}\n",
			[]string{"global.yaml:2", "federation.addressable_fraction", `found "lots"`,
				"expected a number"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pdir := t.TempDir()
			if err := os.WriteFile(filepath.Join(pdir, c.file), []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "run")
			code, _, stderr := runCLI(t, "-n", "10", "--params", pdir, "-o", out)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("run directory written despite bad input")
			}
			if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
}

func TestCentralCommand(t *testing.T) {
	code, stdout, stderr := runCLI(t, "central")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The values themselves are pinned, with their derivation, in
	// params.TestCentralCase; here the command must print them.
	for _, w := range []string{"federation year   2027.962", "campus year       2033.228",
		"M = 15 replicas", "nordics"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-n", "0"}, {"--sampler", "magic"}, {"frobnicate"},
		{"--no-such-flag"}, {"--params", "/no/such/dir"}, {"-j", "100000"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestSetOnUnreadParameterWarns: a --set on a parameter the model does not
// read (a national machine outside the default federation) is accepted but
// said to change nothing.
func TestSetOnUnreadParameterWarns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runCLI(t, "-n", "50", "-o", dir, "-q", "--no-report",
		"--set", "sites.snellius.h100.count=100000")
	if code != 0 || !strings.Contains(stderr, "changes nothing") {
		t.Errorf("exit %d, stderr %q; want 0 and a warning", code, stderr)
	}
	code, _, stderr = runCLI(t, "-n", "50", "-o", dir+"2", "-q", "--no-report",
		"--set", "federation.addressable_fraction=0.2")
	if code != 0 || strings.Contains(stderr, "changes nothing") {
		t.Errorf("read parameter: exit %d, stderr %q; want 0 and no warning", code, stderr)
	}
}
