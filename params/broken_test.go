package params

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// brokenCase is one file of testdata/broken: a parameter file (or a scenario
// file) with one problem, and the errors the loader must report. Its header
// comments say which file it stands for (`# file: global.yaml`, or
// `# file: scenario`) and list each expected error (`# want: ...`), with line
// numbers counted in the case file itself, header included.
type brokenCase struct {
	name, file string
	data       []byte
	want       []string
}

func readBrokenCases(t *testing.T) []brokenCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []brokenCase
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := brokenCase{name: strings.TrimSuffix(filepath.Base(p), ".yaml"), data: data}
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "# file: "); ok {
				c.file = v
			}
			if v, ok := strings.CutPrefix(line, "# want: "); ok {
				c.want = append(c.want, v)
			}
		}
		if c.file == "" || len(c.want) == 0 {
			t.Fatalf("%s: header needs `# file:` and at least one `# want:`", p)
		}
		cases = append(cases, c)
	}
	return cases
}

// load loads the case as an overlay directory holding that one file, or as a
// scenario file named scenario.yaml over the defaults.
func (c brokenCase) load() (*Set, error) {
	if c.file == "scenario" {
		sc, err := ParseScenario("scenario.yaml", c.data)
		if err != nil {
			return nil, err
		}
		return LoadOverlays(Overlays{Scenario: sc})
	}
	return Load(fstest.MapFS{c.file: {Data: c.data}}, "")
}

// TestBrokenFiles checks that each broken file gives exactly the errors its
// header lists, in order, each naming file, line and parameter.
func TestBrokenFiles(t *testing.T) {
	cases := readBrokenCases(t)
	if len(cases) < 25 {
		t.Fatalf("%d broken cases, want at least 25", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.load()
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("got %v, want Errors:\n%s", err, strings.Join(c.want, "\n"))
			}
			got := make([]string, len(es))
			for i, e := range es {
				got[i] = e.Error()
				if e.Line == 0 {
					t.Errorf("error without a line: %s", e)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"),
					strings.Join(c.want, "\n"))
			}
		})
	}
}
