package runs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// writeFile writes text to path, failing the test on error.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readFile returns the contents of path, failing the test on error.
func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// makeOldRun creates a finished-looking run at path holding a manifest and
// one data file.
func makeOldRun(t *testing.T, path string) {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(path, ManifestName), "old manifest")
	writeFile(t, filepath.Join(path, "draws.parquet"), "old draws")
}

func TestRunDirFinish(t *testing.T) {
	parent := t.TempDir()
	final := filepath.Join(parent, "run1")
	d, err := CreateRunDir(final, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()

	if d.Final() != final {
		t.Errorf("Final() = %q, want %q", d.Final(), final)
	}
	staging := filepath.Dir(d.Path("x"))
	if filepath.Dir(staging) != parent ||
		!strings.HasPrefix(filepath.Base(staging), ".run1.partial-") {
		t.Errorf("staging directory %q is not a hidden .run1.partial-* sibling", staging)
	}
	writeFile(t, d.Path("draws.parquet"), "new draws")
	if exists(final) {
		t.Fatal("final directory exists before Finish")
	}

	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(final, "draws.parquet")); got != "new draws" {
		t.Errorf("finished file holds %q, want %q", got, "new draws")
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"run1"}) {
		t.Errorf("parent holds %q after Finish, want only run1", got)
	}
	if err := d.Abort(); err != nil {
		t.Errorf("Abort after Finish: %v", err)
	}
	if !exists(final) {
		t.Error("Abort after Finish removed the run")
	}
	if err := d.Finish(); err == nil {
		t.Error("second Finish succeeded")
	}
}

func TestCreateRunDirExisting(t *testing.T) {
	parent := t.TempDir()
	final := filepath.Join(parent, "run1")
	makeOldRun(t, final)

	_, err := CreateRunDir(final, false)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want one matching fs.ErrExist", err)
	}
	want := "run directory " + final + " already exists; choose another -o or pass --force"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"run1"}) {
		t.Errorf("parent holds %q, want only run1", got)
	}
}

func TestRunDirFinishForceReplacesOldRun(t *testing.T) {
	parent := t.TempDir()
	final := filepath.Join(parent, "run1")
	makeOldRun(t, final)

	d, err := CreateRunDir(final, true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	writeFile(t, d.Path(ManifestName), "new manifest")

	// The old run stays complete until Finish.
	if got := readFile(t, filepath.Join(final, "draws.parquet")); got != "old draws" {
		t.Fatalf("old run changed before Finish: %q", got)
	}

	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, final); !slices.Equal(got, []string{ManifestName}) {
		t.Errorf("run holds %q, want only the new %s", got, ManifestName)
	}
	if got := readFile(t, filepath.Join(final, ManifestName)); got != "new manifest" {
		t.Errorf("manifest holds %q, want the new one", got)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"run1"}) {
		t.Errorf("parent holds %q after Finish, want only run1", got)
	}
}

func TestRunDirFinishWithoutForceKeepsExisting(t *testing.T) {
	parent := t.TempDir()
	final := filepath.Join(parent, "run1")
	d, err := CreateRunDir(final, false)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, d.Path("draws.parquet"), "new draws")

	// Another run appears at the final path while this one is written.
	makeOldRun(t, final)

	err = d.Finish()
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Path != final {
		t.Fatalf("Finish: err = %v, want an *ExistsError for %s", err, final)
	}
	if got := readFile(t, filepath.Join(final, "draws.parquet")); got != "old draws" {
		t.Errorf("existing run changed: draws.parquet holds %q", got)
	}
	if got := dirNames(t, final); len(got) != 2 {
		t.Errorf("existing run holds %q, want its two files", got)
	}

	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"run1"}) {
		t.Errorf("parent holds %q after Abort, want only run1", got)
	}
}

func TestCreateRunDirForceRefusesNonRun(t *testing.T) {
	parent := t.TempDir()

	notRun := filepath.Join(parent, "home")
	if err := os.Mkdir(notRun, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(notRun, "thesis.tex"), "precious")
	if _, err := CreateRunDir(notRun, true); err == nil ||
		!strings.Contains(err.Error(), "may not be a run") {
		t.Errorf("force over a directory without a manifest: err = %v", err)
	}

	regular := filepath.Join(parent, "file")
	writeFile(t, regular, "precious")
	if _, err := CreateRunDir(regular, true); err == nil ||
		!strings.Contains(err.Error(), "not a directory") {
		t.Errorf("force over a regular file: err = %v", err)
	}

	if got := readFile(t, filepath.Join(notRun, "thesis.tex")); got != "precious" {
		t.Error("directory content changed")
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"file", "home"}) {
		t.Errorf("parent holds %q, want only file and home", got)
	}
}

func TestRunDirForceReplacesEmptyDir(t *testing.T) {
	final := filepath.Join(t.TempDir(), "run1")
	if err := os.Mkdir(final, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := CreateRunDir(final, true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	writeFile(t, d.Path("a"), "a")
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, final); !slices.Equal(got, []string{"a"}) {
		t.Errorf("run holds %q, want a", got)
	}
}

func TestRunDirAbort(t *testing.T) {
	parent := t.TempDir()
	d, err := CreateRunDir(filepath.Join(parent, "run1"), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(d.Path("sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, d.Path("sub/x"), "x")
	writeFile(t, d.Path("draws.parquet"), "draws")

	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, parent); len(got) != 0 {
		t.Errorf("parent holds %q after Abort, want nothing", got)
	}
	if err := d.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	if err := d.Finish(); err == nil {
		t.Error("Finish after Abort succeeded")
	}
}

func TestCreateRunDirMakesParents(t *testing.T) {
	final := filepath.Join(t.TempDir(), "out", "batch", "run1")
	d, err := CreateRunDir(final, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(final); err != nil || !fi.IsDir() {
		t.Errorf("stat %s: %v", final, err)
	}
}

func TestCreateRunDirBadParent(t *testing.T) {
	t.Run("parent is a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "out")
		writeFile(t, file, "")
		_, err := CreateRunDir(filepath.Join(file, "run1"), false)
		if err == nil || !strings.Contains(err.Error(), "create run directory") {
			t.Errorf("err = %v, want a create run directory error", err)
		}
	})

	t.Run("parent not writable", func(t *testing.T) {
		parent := t.TempDir()
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(parent, 0o755)
		// Root and some file systems ignore the mode; the test then means
		// nothing.
		if f, err := os.Create(filepath.Join(parent, "probe")); err == nil {
			f.Close()
			t.Skip("directory mode is not enforced here (running as root?)")
		}
		_, err := CreateRunDir(filepath.Join(parent, "run1"), false)
		if err == nil || !strings.Contains(err.Error(), "cannot write in "+parent) {
			t.Errorf("err = %v, want it to say the parent cannot be written", err)
		}
	})
}

func TestReserveRunPathNames(t *testing.T) {
	base := t.TempDir()
	now := time.Date(2026, 12, 3, 18, 26, 0, 0, time.UTC)
	for _, want := range []string{
		"run-20261203-182600-s42",
		"run-20261203-182600-s42-2",
		"run-20261203-182600-s42-3",
	} {
		got, err := ReserveRunPath(base, now, 42)
		if err != nil {
			t.Fatal(err)
		}
		if got != filepath.Join(base, want) {
			t.Fatalf("ReserveRunPath = %q, want %q", got, filepath.Join(base, want))
		}
	}
	// The largest seed is written in full.
	got, err := ReserveRunPath(base, now, 1<<64-1)
	if err != nil {
		t.Fatal(err)
	}
	if want := "run-20261203-182600-s18446744073709551615"; filepath.Base(got) != want {
		t.Errorf("ReserveRunPath = %q, want %q", filepath.Base(got), want)
	}
}

// TestReserveRunPathConcurrent starts many reservations at the same instant:
// each gets its own directory.
func TestReserveRunPathConcurrent(t *testing.T) {
	base := t.TempDir()
	now := time.Date(2026, 12, 3, 19, 44, 4, 0, time.UTC)
	const n = 16
	paths := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := ReserveRunPath(base, now, 1)
			if err != nil {
				t.Error(err)
			}
			paths[i] = p
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			t.Fatalf("two reservations got %s", p)
		}
		seen[p] = true
	}
	// A reserved directory is published over by a forced run.
	d, err := CreateRunDir(paths[0], true)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(d.Path("x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(paths[0], "x")); err != nil {
		t.Error(err)
	}
}
