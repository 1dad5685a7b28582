//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/euromesh/euromesh-mc/runs"
)

// mountTmpfs mounts a tmpfs of size bytes with flags at a new directory and
// unmounts it when the test ends. It skips the test where mounting is not
// permitted (not root, or a container without CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size int64, flags uintptr) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags,
		fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// resizeTmpfs sets the size of the tmpfs at dir.
func resizeTmpfs(t *testing.T, dir string, size int64) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT,
		fmt.Sprintf("size=%d", size)); err != nil {
		t.Fatalf("resize tmpfs: %v", err)
	}
}

// usedBytes returns the bytes in use on the file system of dir.
func usedBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Blocks-st.Bfree) * st.Bsize
}

// entryNames returns the names of the entries of dir, sorted.
func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// snapshot returns the contents of the files in dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestFullDiskTmpfs fills a small tmpfs at each stage of writing a run: in
// draws.parquet, in regions.parquet, in summary.json, in summary.md and in
// manifest.json. Each time the program must exit 1 with "no space left on
// device" and the path, leave no run directory and no temporary file, and
// leave the earlier run on the same disk untouched, with --force too.
func TestFullDiskTmpfs(t *testing.T) {
	page := int64(os.Getpagesize())
	disk := mountTmpfs(t, 64<<20, 0)
	args := []string{"-n", "100", "-s", "5", "--no-report", "-q"}

	// An earlier run; the same seed and size give files of the same sizes,
	// which say how much space each stage needs.
	old := filepath.Join(disk, "old")
	if code, _, stderr := runCLI(t, append(args, "-o", old)...); code != 0 {
		t.Fatalf("earlier run: exit %d: %s", code, stderr)
	}
	before := snapshot(t, old)
	used := usedBytes(t, disk)
	pages := func(name string) int64 { return (int64(len(before[name])) + page - 1) / page }

	// Files in the order the run writes them; each stage gets the space of
	// the files before it and half of its own.
	order := []string{runs.DrawsFile, runs.RegionsFile, runs.SummaryJSONFile,
		runs.SummaryMDFile, runs.ManifestName}
	var room int64
	for _, name := range order {
		for _, force := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s force=%v", name, force), func(t *testing.T) {
				resizeTmpfs(t, disk, used+(room+pages(name)/2)*page)
				out := filepath.Join(disk, "new")
				a := append(args, "-o", out)
				if force {
					out = old
					a = append(args, "-o", old, "--force")
				}
				code, stdout, stderr := runCLI(t, a...)
				if code != 1 || !strings.Contains(stderr, "no space left on device") ||
					!strings.Contains(stderr, disk) {
					t.Errorf("exit %d, stderr %q; want 1 and the cause and path", code, stderr)
				}
				// The two Parquet files are written in parallel, so once the
				// disk fills during their stage either may be the one named.
				named := strings.TrimSuffix(name, filepath.Ext(name))
				if filepath.Ext(name) == ".parquet" {
					named = ".parquet"
				}
				if !strings.Contains(stderr, named) {
					t.Errorf("stderr %q does not name %s", stderr, name)
				}
				if stdout != "" {
					t.Errorf("stdout %q, want nothing", stdout)
				}
				t.Logf("%s", stderr)
				if names := entryNames(t, disk); !slices.Equal(names, []string{"old"}) {
					t.Errorf("disk holds %v, want only the earlier run", names)
				}
				for f, data := range snapshot(t, old) {
					if !bytes.Equal(data, before[f]) {
						t.Errorf("earlier run's %s changed", f)
					}
				}
				if len(snapshot(t, old)) != len(before) {
					t.Errorf("earlier run has %d files, had %d", len(snapshot(t, old)),
						len(before))
				}
			})
		}
		room += pages(name)
	}
}

// TestReadOnlyFileSystem writes a run to a read-only mount, which even root
// cannot write: a clear error, nothing written.
func TestReadOnlyFileSystem(t *testing.T) {
	disk := mountTmpfs(t, 1<<20, syscall.MS_RDONLY)
	out := filepath.Join(disk, "run")
	code, _, stderr := runCLI(t, "-n", "10", "--no-report", "-o", out)
	if code != 1 || !strings.Contains(stderr, "create run directory "+out) ||
		!strings.Contains(stderr, "read-only file system") {
		t.Errorf("exit %d, stderr %q; want 1, the path and the cause", code, stderr)
	}
}
