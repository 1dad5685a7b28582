//go:build linux

package runs

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// fsizeEnv makes TestFileSizeLimitChild run instead of skip.
const fsizeEnv = "EUROMESH_TEST_FSIZE_CHILD"

// TestFullDisk runs TestFileSizeLimitChild in a child process, where a file
// size limit (RLIMIT_FSIZE) makes every write past K bytes of a file fail
// with EFBIG, as a full disk fails with ENOSPC. The limit applies to the
// whole process, so it must not be set in the test binary that runs the
// other tests.
func TestFullDisk(t *testing.T) {
	if os.Getenv(fsizeEnv) != "" {
		t.Skip("running as the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFileSizeLimitChild$", "-test.v")
	cmd.Env = append(os.Environ(), fsizeEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestFileSizeLimitChild")) {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

// TestFileSizeLimitChild makes a run fail while it writes draws.parquet, its
// largest file: at the first byte, in the middle, and one byte short (in the
// footer, at Commit). Each failure must be an error that names the file and
// the cause, leave nothing under the final name and no temporary file, and
// leave an earlier run untouched, also with Force. (A limit per file cannot
// let draws.parquet through and stop a smaller file written later; the
// tmpfs test in cmd/euromesh-mc fails those.)
func TestFileSizeLimitChild(t *testing.T) {
	if os.Getenv(fsizeEnv) == "" {
		t.Skip("a helper of TestFullDisk")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	setLimit := func(k uint64) {
		t.Helper()
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE,
			&syscall.Rlimit{Cur: k, Max: lim.Max}); err != nil {
			t.Fatal(err)
		}
	}

	// An earlier run, whose files also give the sizes at which to fail.
	const draws = 200
	b := faultBinding(t, "")
	base := t.TempDir()
	old := filepath.Join(base, "old")
	if _, err := Run(context.Background(), faultConfig(b, old, draws)); err != nil {
		t.Fatal(err)
	}
	oldFiles := map[string][]byte{}
	for _, name := range faultEntries(t, old) {
		data, err := os.ReadFile(filepath.Join(old, name))
		if err != nil {
			t.Fatal(err)
		}
		oldFiles[name] = data
	}
	size := uint64(len(oldFiles[DrawsFile]))
	limits := []uint64{0, size / 2, size - 1}

	for _, k := range limits {
		for _, force := range []bool{false, true} {
			dir := filepath.Join(base, fmt.Sprintf("new-%d", k))
			if force {
				dir = old
			}
			cfg := faultConfig(b, dir, draws)
			cfg.Force = force

			setLimit(k)
			_, err := Run(context.Background(), cfg)
			setLimit(lim.Cur)

			if err == nil || !strings.Contains(err.Error(), "file too large") ||
				!strings.Contains(err.Error(), base) {
				t.Errorf("limit %d, force %v: err = %v; want EFBIG and the path", k, force, err)
			}
			if !force {
				if _, serr := os.Lstat(dir); !os.IsNotExist(serr) {
					t.Errorf("limit %d: %s exists after the failed run", k, dir)
				}
			}
			if names := faultEntries(t, base); !slices.Equal(names, []string{"old"}) {
				t.Errorf("limit %d, force %v: %s holds %v, want only the earlier run", k, force,
					base, names)
			}
			for name, data := range oldFiles {
				got, rerr := os.ReadFile(filepath.Join(old, name))
				if rerr != nil || !bytes.Equal(got, data) {
					t.Errorf("limit %d, force %v: earlier run's %s changed (%v)", k, force,
						name, rerr)
				}
			}
			t.Logf("limit %d, force %v: %v", k, force, err)
		}
	}

	// Without the limit the same run goes through.
	if _, err := Run(context.Background(), faultConfig(b, filepath.Join(base, "new"),
		draws)); err != nil {
		t.Errorf("without a limit: %v", err)
	}
}
