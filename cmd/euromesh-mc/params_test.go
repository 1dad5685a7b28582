package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/euromesh/euromesh-mc/params"
)

func defaultCount(t *testing.T) int {
	t.Helper()
	s, err := params.Default()
	if err != nil {
		t.Fatal(err)
	}
	return len(s.Params)
}

func TestParamsList(t *testing.T) {
	code, stdout, stderr := runCLI(t, "params", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if got := strings.Fields(lines[0]); strings.Join(got, " ") !=
		"name value unit tag distribution p5 p50 p95 source" {
		t.Errorf("header %q", lines[0])
	}
	n := defaultCount(t)
	// One row per parameter, a blank line, then the count.
	if len(lines) != n+3 || !strings.HasPrefix(lines[len(lines)-1], strconv.Itoa(n)+
		" parameters: ") {
		t.Errorf("%d lines, last %q; want %d rows and the count", len(lines),
			lines[len(lines)-1], n)
	}

	// federation.addressable_fraction: 0.3, low tag. tags.yaml gives a logit
	// half-width of 1.2 for low fractions, so p5 = logistic(logit(0.3) − 1.2).
	p5 := 1 / (1 + math.Exp(-(math.Log(0.3/0.7) - 1.2)))
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 || f[0] != "federation.addressable_fraction" {
			continue
		}
		want := []string{"federation.addressable_fraction", "0.3", "fraction", "low",
			"logit-normal", "(tag)", strconv.FormatFloat(p5, 'g', 4, 64), "0.3"}
		if strings.Join(f[:len(want)], " ") != strings.Join(want, " ") {
			t.Errorf("row %q\nwant it to start %q", l, strings.Join(want, " "))
		}
		return
	}
	t.Error("no row for federation.addressable_fraction")
}

func TestParamsListCSVAndPrefix(t *testing.T) {
	code, stdout, stderr := runCLI(t, "params", "list", "--format", "csv",
		"--scenario", "grand-challenge", "federation.")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The six federation.* scalars of global.yaml, plus the header.
	if len(rows) != 7 || len(rows[0]) != 10 || rows[0][9] != "defined_at" {
		t.Fatalf("got %d rows of %d columns", len(rows), len(rows[0]))
	}
	for _, r := range rows[1:] {
		if r[0] == "federation.addressable_fraction" {
			if r[1] != "0.025" || r[4] != "exact" || r[5] != "0.025" || r[7] != "0.025" ||
				!strings.HasPrefix(r[8], "[scenarios/grand-challenge.yaml:") {
				t.Errorf("row %q: want exact 0.025 changed by the scenario", r)
			}
		}
	}
}

func TestParamsShow(t *testing.T) {
	code, stdout, stderr := runCLI(t, "params", "show", "federation.max_run_years",
		"--scenario", "grand-challenge")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"value         1 years", "point(1), exact",
		"defined at    scenarios/grand-challenge.yaml:", "scenario grand-challenge"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, stdout)
		}
	}
	code, _, stderr = runCLI(t, "params", "show", "federation.adressable_fraction")
	if code != 2 || !strings.Contains(stderr, "similar: federation.addressable_fraction") {
		t.Errorf("unknown name: exit %d, stderr %q", code, stderr)
	}
}

func TestParamsExportAndCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, stderr := runCLI(t, "params", "export", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	for _, f := range params.Files {
		got, err := os.ReadFile(filepath.Join(dir, f))
		want, _ := fs.ReadFile(params.Defaults(), f)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not the embedded file (%v)", f, err)
		}
	}
	code, stdout, stderr := runCLI(t, "params", "check", dir)
	if code != 0 || !strings.Contains(stdout, "no problems; "+strconv.Itoa(defaultCount(t))+
		" parameters") {
		t.Errorf("check of the export: exit %d, %q %q", code, stdout, stderr)
	}

	// A second export refuses and leaves the files alone; --force replaces.
	g := filepath.Join(dir, "global.yaml")
	err := os.WriteFile(g, []byte("parameters:\n  federation.goodput: 0.8\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "params", "export", dir); code != 2 ||
		!strings.Contains(stderr, "already there") {
		t.Errorf("export over files: exit %d, %q", code, stderr)
	}
	if data, _ := os.ReadFile(g); !strings.Contains(string(data), "goodput: 0.8") {
		t.Error("refused export changed global.yaml")
	}
	if code, _, _ := runCLI(t, "params", "export", "--force", dir); code != 0 {
		t.Errorf("export --force: exit %d", code)
	}

	// Every problem of the directory is reported, with file and line.
	os.WriteFile(g, []byte("parameters:\n  federation.goodput: 2\n  campus.fitut: 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sites.yaml"), []byte("sites:\n  - id: vega\n"+
		"    retire: 2300\n"), 0o644)
	code, _, stderr = runCLI(t, "params", "check", dir)
	want := []string{"invalid parameters (3 problems):",
		g + ":3: campus.fitut: found unknown parameter campus.fitut",
		filepath.Join(dir, "sites.yaml") + ":3: sites.vega.retire: found 2300",
		g + ":2: federation.goodput: found 2, expected a fraction strictly between 0 and 1"}
	if code != 2 {
		t.Errorf("check of a broken directory: exit %d", code)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

func TestScenarioFlagAndManifest(t *testing.T) {
	tmp := t.TempDir()
	user := filepath.Join(tmp, "mine.yaml")
	os.WriteFile(user, []byte("name: half-delay\ndescription: faster agreement\n"+
		"parameters:\n  federation.coordination_delay: 0.5\n"), 0o644)

	for _, c := range []struct {
		scenario, want string
	}{{"grand-challenge", "grand-challenge"}, {user, "half-delay (" + user + ")"}} {
		out := filepath.Join(tmp, "run"+strconv.Itoa(len(c.want)))
		code, _, stderr := runCLI(t, "-n", "200", "-q", "-o", out, "--scenario", c.scenario,
			"--set", "federation.goodput=0.8", "--set", "diloco.k=0.01..0.05")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Scenario  string   `json:"scenario"`
			Overrides []string `json:"overrides"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if m.Scenario != c.want || strings.Join(m.Overrides, " ") !=
			"federation.goodput=0.8 diloco.k=0.01..0.05" {
			t.Errorf("manifest records %q and %v", m.Scenario, m.Overrides)
		}
	}
}

// TestBadInputWritesNothing checks exit status 2, the message naming file,
// line (or flag) and parameter, and an untouched output location, for each
// kind of bad parameter input.
func TestBadInputWritesNothing(t *testing.T) {
	tmp := t.TempDir()
	badScen := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(badScen, []byte("name: bad\ndescription: x\nsettings:\n  campus_region: mars\n"),
		0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--set", "federation.goodput=2"},
			"--set: federation.goodput: found 2, expected a fraction strictly between 0 and 1"},
		{[]string{"--set", "federation.goodput"}, `--set: found "federation.goodput", expected ` +
			"NAME=VALUE or NAME=LO..HI"},
		{[]string{"--scenario", "no-such-scenario"}, `--scenario: found "no-such-scenario", ` +
			"expected a built-in scenario (baseline, moving-frontier"},
		{[]string{"--scenario", badScen}, badScen + `:4: settings.campus_region: found "mars"`},
	}
	for _, c := range cases {
		out := filepath.Join(tmp, "run")
		code, stdout, stderr := runCLI(t, append([]string{"-n", "10", "-o", out}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, stdout,
				stderr, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: run directory written", c.args)
		}
	}
}

func TestParamsScenarios(t *testing.T) {
	code, stdout, _ := runCLI(t, "params", "scenarios")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, n := range params.BuiltinScenarioNames() {
		if !strings.Contains(stdout, "\n"+n+"\n") && !strings.HasPrefix(stdout, n+"\n") {
			t.Errorf("listing lacks %s", n)
		}
	}
	code, stdout, _ = runCLI(t, "params", "scenarios", "fast-campus")
	want, _ := params.BuiltinScenarioText("fast-campus")
	if code != 0 || stdout != string(want) {
		t.Errorf("scenarios fast-campus: exit %d, printed %q", code, stdout)
	}
}

func TestParamsUsage(t *testing.T) {
	for _, args := range [][]string{{"params"}, {"params", "frob"}, {"params", "show"},
		{"params", "check"}, {"params", "list", "--format", "xml"},
		{"params", "list", "no.such.prefix"}, {"params", "scenarios", "nope"},
		{"params", "check", "/no/such/dir"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
