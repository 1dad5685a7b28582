package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/runs"
)

// TestNonFiniteWarning runs a parameter set in which the campus's raw rate
// overflows in most draws (see runs.TestRunNonFiniteOutputs): the run is
// written, and a warning on stderr gives the count and the file that lists
// the draws.
func TestNonFiniteWarning(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI(t, "-n", "300", "--no-report", "-q", "-o", dir,
		"--set", "campus.kw_per_accelerator=1e-290..1e-286")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "P(federation beats campus)") {
		t.Errorf("no headline:\n%s", stdout)
	}
	re := regexp.MustCompile(`euromesh-mc: warning: (\d+) of 300 draws had a non-finite model ` +
		`output, written as null and counted as missing in the summary; see ` +
		regexp.QuoteMeta(filepath.Join(dir, runs.NonFiniteFile)) + "\n")
	m := re.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q does not match %s", stderr, re)
	}
	data, err := os.ReadFile(filepath.Join(dir, runs.NonFiniteFile))
	if err != nil {
		t.Fatal(err)
	}
	var rep runs.NonFiniteReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if strconv.FormatInt(rep.Draws, 10) != m[1] || readSummary(t, dir).NonFiniteDraws != rep.Draws {
		t.Errorf("warning says %s draws, %s says %d, summary.json %d", m[1],
			runs.NonFiniteFile, rep.Draws, readSummary(t, dir).NonFiniteDraws)
	}

	// A clean run has neither the warning nor the file.
	clean := filepath.Join(t.TempDir(), "run")
	code, _, stderr = runCLI(t, "-n", "300", "--no-report", "-q", "-o", clean)
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Errorf("clean run: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(clean, runs.NonFiniteFile)); !os.IsNotExist(err) {
		t.Errorf("clean run has %s (%v)", runs.NonFiniteFile, err)
	}
}

// TestNonFiniteInputRefused gives a parameter whose distribution overflows
// in its tail: the run is refused as bad parameters before anything is
// written.
func TestNonFiniteInputRefused(t *testing.T) {
	parent := t.TempDir()
	code, _, stderr := runCLI(t, "-n", "10", "--no-report", "-o", filepath.Join(parent, "run"),
		"--set", "target.compute=1e300..1e307")
	want := "euromesh-mc: parameter target.compute is +Inf at probability 0.9999999999999999; " +
		"every value of a parameter must be a finite number\n"
	if code != 2 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("refused run left %v", ents)
	}

	// --target-se draws batches before the run and meets the overflow at a
	// draw: about 1.3% of draws exceed 1.8e308 (z > 2.23 for a lognormal
	// with p5, p95 = 1e300, 1e307).
	code, _, stderr = runCLI(t, "-n", "10000", "--target-se", "0.001", "--no-report",
		"-o", filepath.Join(parent, "run"), "--set", "target.compute=1e300..1e307")
	if code != 2 || !regexp.MustCompile(`^euromesh-mc: parameter target.compute is \+Inf at `+
		`draw \d+ \(probability 0\.9\d*\)`).MatchString(stderr) {
		t.Errorf("--target-se: exit %d, stderr %q; want 2 and the draw", code, stderr)
	}
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("--target-se: refused run left %v", ents)
	}
}

// TestUnwritableOutput points -o where no directory can be made; the
// mount-based cases are in fault_linux_test.go.
func TestUnwritableOutput(t *testing.T) {
	t.Run("parent is a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "out")
		if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, "-n", "10", "--no-report", "-o", filepath.Join(file, "run"))
		if code != 1 || !strings.Contains(stderr, "create run directory "+file) ||
			!strings.Contains(stderr, "not a directory") {
			t.Errorf("exit %d, stderr %q; want 1 and the path and cause", code, stderr)
		}
		if data, _ := os.ReadFile(file); string(data) != "not a directory" {
			t.Errorf("the file in the way was changed to %q", data)
		}
	})

	t.Run("output is a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "run")
		if err := os.WriteFile(file, []byte("keep me"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, force := range []string{"--force=false", "--force"} {
			code, _, stderr := runCLI(t, "-n", "10", "--no-report", "-o", file, force)
			if code == 0 || !strings.Contains(stderr, file) {
				t.Errorf("%s: exit %d, stderr %q; want a refusal naming the path", force, code,
					stderr)
			}
		}
		if data, _ := os.ReadFile(file); string(data) != "keep me" {
			t.Errorf("the file was changed to %q", data)
		}
	})

	t.Run("parent not writable", func(t *testing.T) {
		parent := t.TempDir()
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(parent, 0o755)
		if f, err := os.Create(filepath.Join(parent, "probe")); err == nil {
			f.Close()
			t.Skip("directory modes are not enforced for this user (root); " +
				"TestReadOnlyFileSystem covers the case")
		}
		code, _, stderr := runCLI(t, "-n", "10", "--no-report", "-o", filepath.Join(parent, "run"))
		if code != 1 || !strings.Contains(stderr, "cannot write in "+parent) {
			t.Errorf("exit %d, stderr %q; want 1 and 'cannot write in %s'", code, stderr, parent)
		}
	})
}

// TestTinyRuns runs one and two draws with several seeds. In such runs a
// region whose campus never finishes has no median year, which summary.json
// must hold as null: encoding/json refuses NaN ("json: unsupported value:
// NaN"), and the whole run would be lost.
func TestTinyRuns(t *testing.T) {
	for _, n := range []string{"1", "2"} {
		for seed := 1; seed <= 4; seed++ {
			dir := filepath.Join(t.TempDir(), "run")
			code, _, stderr := runCLI(t, "-n", n, "-s", strconv.Itoa(seed), "--no-report", "-q",
				"-o", dir)
			if code != 0 {
				t.Errorf("-n %s -s %d: exit %d: %s", n, seed, code, stderr)
			}
		}
	}
}
