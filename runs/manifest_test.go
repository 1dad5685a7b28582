package runs

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// testManifest returns a manifest with every field set.
func testManifest() *Manifest {
	return &Manifest{
		Program:      ProgramName,
		Version:      "0.1.0",
		Seed:         1<<64 - 1, // beyond float64 precision, so it must stay an integer
		Draws:        1_000_000,
		Sampler:      "lhs",
		Shard:        "2/4",
		FirstDraw:    250_000,
		LastDraw:     500_000,
		ParamsHash:   "sha256:ab12",
		ParamsSource: "embedded defaults",
		Scenario:     "baseline",
		Overrides:    []string{"capex.scale=1.1", "wacc=0.07"},
		CommandLine:  []string{"euromesh-mc", "run", "--seed", "18446744073709551615"},
		Workers:      8,
		Created:      "2026-12-03T18:26:00Z",
		Files:        map[string]string{"draws.parquet": "00ff", "summary.csv": "abcd"},
	}
}

func TestManifestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), ManifestName)
	want := testManifest()
	if err := WriteManifest(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
}

func TestManifestJSONFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), ManifestName)
	if err := WriteManifest(path, &Manifest{Program: ProgramName}); err != nil {
		t.Fatal(err)
	}
	data := readFile(t, path)
	if !strings.HasSuffix(data, "}\n") || !strings.Contains(data, "\n  \"version\"") {
		t.Errorf("manifest is not indented JSON ending in a newline:\n%s", data)
	}

	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &fields); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"program", "version", "seed", "draws", "sampler", "shard", "first_draw",
		"last_draw", "params_hash", "params_source", "scenario", "correlations", "overrides",
		"command_line", "workers", "created", "files",
	}
	got := make([]string, 0, len(fields))
	for k := range fields {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("fields = %q, want %q", got, want)
	}

	// Nil lists and maps are written empty, never null.
	for _, k := range []string{"overrides", "command_line"} {
		if string(fields[k]) != "[]" {
			t.Errorf("%s = %s, want []", k, fields[k])
		}
	}
	if string(fields["files"]) != "{}" {
		t.Errorf("files = %s, want {}", fields["files"])
	}
}

func TestWriteManifestIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	m := testManifest()
	for k := range 50 {
		m.Files[string(rune('a'+k%26))+strings.Repeat("x", k)] = "00"
	}
	if err := WriteManifest(a, m); err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(b, m); err != nil {
		t.Fatal(err)
	}
	if readFile(t, a) != readFile(t, b) {
		t.Error("the same manifest was written differently twice")
	}
}

func TestWriteManifestReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ManifestName)
	writeFile(t, path, "old")
	m := testManifest()
	if err := WriteManifest(path, m); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(path); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{ManifestName}) {
		t.Errorf("directory holds %q, want only %s", got, ManifestName)
	}
	if m.Overrides == nil || m.Files == nil {
		t.Error("WriteManifest changed its argument")
	}
}

func TestReadManifestRejects(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"not json", "seed: 42", "invalid character"},
		{"not an object", "[1, 2]", "cannot unmarshal"},
		{"null", "null", `program is ""`},
		{"other program", `{"program": "other"}`, `program is "other"`},
		{"trailing data", `{"program": "euromesh-mc"} {}`, "trailing data"},
		{"wrong type", `{"program": "euromesh-mc", "seed": -1}`, "seed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ManifestName)
			writeFile(t, path, tt.text)
			_, err := ReadManifest(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}

	_, err := ReadManifest(filepath.Join(t.TempDir(), "missing.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want not exist", err)
	}
}

func TestFileSHA256(t *testing.T) {
	// Digests from FIPS 180-2 appendix B.1 ("abc") and of the empty input.
	tests := []struct{ text, want string }{
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		path := filepath.Join(dir, string(rune('a'+i)))
		writeFile(t, path, tt.text)
		got, err := FileSHA256(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("FileSHA256(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
	if _, err := FileSHA256(filepath.Join(dir, "missing")); err == nil {
		t.Error("FileSHA256 of a missing file succeeded")
	}
}
