package params

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/euromesh/euromesh-mc/model"
)

// FuzzLoad feeds arbitrary bytes to the loader as one overlay file (or as a
// scenario file, when which selects past the parameter files). The loader
// must never panic, must fail only with Errors whose every entry names a file
// and says what was expected, and must accept only sets the model can bind
// and evaluate at their central values.
//
// The seeds are the default files and the broken corpus. Run it while
// changing the loader, for a minute or more:
//
//	go test ./params -run '^$' -fuzz FuzzLoad -fuzztime 2m
func FuzzLoad(f *testing.F) {
	for i, name := range Files {
		data, err := fs.ReadFile(Defaults(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), data)
	}
	for _, sc := range builtinOrder {
		data, _ := BuiltinScenarioText(sc)
		f.Add(uint8(len(Files)), data)
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		which := len(Files)
		for i, name := range Files {
			if strings.Contains(string(data), "# file: "+name+"\n") {
				which = i
			}
		}
		f.Add(uint8(which), data)
	}

	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		var (
			s   *Set
			err error
		)
		if i := int(which) % (len(Files) + 1); i < len(Files) {
			s, err = Load(fstest.MapFS{Files[i]: {Data: data}}, "")
		} else {
			var sc *Scenario
			sc, err = ParseScenario("scenario.yaml", data)
			if err == nil {
				s, err = LoadOverlays(Overlays{Scenario: sc})
			}
		}
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v (%T) is not Errors", err, err)
			}
			for _, e := range es {
				if e.File == "" || e.Expected == "" {
					t.Fatalf("problem without file or expectation: %#v", e)
				}
			}
			return
		}
		b, err := NewBinding(s)
		if err != nil {
			t.Fatalf("accepted a set the model cannot bind: %v", err)
		}
		for _, n := range b.Names() {
			if p := s.Params[n]; p.Dist == nil || math.IsNaN(p.Dist.Median()) {
				t.Fatalf("%s: accepted without a usable distribution", n)
			}
		}
		in := b.NewInputs()
		b.Central(in)
		model.Evaluate(in, model.NewWorkspace(b.MaxSites()), model.NewResult(b.Regions(),
			b.MaxSites()))
	})
}
