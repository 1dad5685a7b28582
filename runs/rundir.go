package runs

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ExistsError reports that a run directory is already present and may not be
// replaced. It matches fs.ErrExist under errors.Is.
type ExistsError struct {
	Path string
}

// Error returns the message, which tells the user how to proceed.
func (e *ExistsError) Error() string {
	return fmt.Sprintf("run directory %s already exists; choose another -o or pass --force", e.Path)
}

// Is reports whether target is fs.ErrExist.
func (e *ExistsError) Is(target error) bool { return target == fs.ErrExist }

// RunDir is an output directory under construction: files go into a hidden
// sibling staging directory and the whole directory appears under its final
// name only on Finish. A reader therefore sees either no run or a complete
// one, and a crash leaves at most a hidden .NAME.partial-* directory.
//
// A RunDir is not safe for concurrent use. Every RunDir must end with Finish
// or Abort; Abort after Finish is a no-op, so `defer d.Abort()` is the usual
// pattern.
type RunDir struct {
	final   string
	staging string
	force   bool
	ended   bool
}

// CreateRunDir starts a run directory that Finish will publish at path,
// creating path's parent directories if needed. Unless force is set it fails
// with an *ExistsError if path exists. With force, an existing path is
// replaced on Finish, and only then, provided it is a directory that is
// empty or holds a ManifestName file: force never deletes a directory that
// does not look like a run.
func CreateRunDir(path string, force bool) (*RunDir, error) {
	final := filepath.Clean(path)
	if err := checkFinal(final, force); err != nil {
		return nil, finalError("create", final, err)
	}

	parent, name := filepath.Split(final)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create run directory %s: %w", final, err)
	}
	staging, err := os.MkdirTemp(parent, "."+name+".partial-")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("create run directory %s: cannot write in %s: %w",
				final, parent, err)
		}
		return nil, fmt.Errorf("create run directory %s: %w", final, err)
	}
	return &RunDir{final: final, staging: staging, force: force}, nil
}

// checkFinal reports whether a run may be published at final: it must not
// exist, or, with force, must look like a run that may be replaced. It
// returns an *ExistsError, which callers pass on as it is, or an error that
// callers wrap.
func checkFinal(final string, force bool) error {
	fi, err := os.Lstat(final)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !force {
		return &ExistsError{Path: final}
	}
	if !fi.IsDir() {
		return errors.New("it exists and is not a directory; refusing to replace it")
	}
	ents, err := os.ReadDir(final)
	if err != nil {
		return err
	}
	if len(ents) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(final, ManifestName)); err != nil {
		return fmt.Errorf("it has no %s and may not be a run; refusing to replace it",
			ManifestName)
	}
	return nil
}

// finalError returns err from checkFinal with the context op added, unless
// it is an *ExistsError, whose message is complete.
func finalError(op, final string, err error) error {
	if _, ok := err.(*ExistsError); ok {
		return err
	}
	return fmt.Errorf("%s run directory %s: %w", op, final, err)
}


// exists reports whether something, even a broken symlink, is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Path returns the path of the named file inside the staging directory.
func (d *RunDir) Path(name string) string { return filepath.Join(d.staging, name) }

// Final returns the path at which Finish publishes the run.
func (d *RunDir) Final() string { return d.final }

// Finish publishes the staging directory under its final name.
//
// Without force it fails with an *ExistsError if the final path has
// appeared since CreateRunDir, and then touches nothing. With force an
// existing final directory is first renamed aside, the staging directory is
// renamed into place, and only then is the old run removed, so a failure
// part way never leaves the final path missing both runs. If removing the
// old run is all that fails, the new run is in place and the error names
// the leftover directory.
func (d *RunDir) Finish() error {
	if d.ended {
		return fmt.Errorf("finish run directory %s: already finished or aborted", d.final)
	}
	if err := checkFinal(d.final, d.force); err != nil {
		return finalError("finish", d.final, err)
	}
	if err := syncDir(d.staging); err != nil {
		return fmt.Errorf("finish run directory %s: %w", d.final, err)
	}
	// The staging directory was made private; a finished run is readable
	// like any other directory the user creates.
	if err := os.Chmod(d.staging, 0o755); err != nil {
		return fmt.Errorf("finish run directory %s: %w", d.final, err)
	}
	parent := filepath.Dir(d.final)

	// Move an old run out of the way, keeping it until the new one is in.
	var old string
	if d.force && exists(d.final) {
		old = filepath.Join(parent, "."+filepath.Base(d.final)+".old-"+rand.Text())
		if err := os.Rename(d.final, old); err != nil {
			return fmt.Errorf("finish run directory %s: move old run aside: %w", d.final, err)
		}
	}

	if err := os.Rename(d.staging, d.final); err != nil {
		if old != "" {
			os.Rename(old, d.final) // put the old run back; its error adds nothing
		}
		return fmt.Errorf("finish run directory %s: %w", d.final, err)
	}
	d.ended = true
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("finish run directory %s: %w", d.final, err)
	}

	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("finish run directory %s: remove previous run left in %s: %w",
				d.final, old, err)
		}
	}
	return nil
}

// Abort removes the staging directory and everything in it. It is a no-op
// after Finish or a previous Abort.
func (d *RunDir) Abort() error {
	if d.ended {
		return nil
	}
	d.ended = true
	if err := os.RemoveAll(d.staging); err != nil {
		return fmt.Errorf("abort run directory %s: %w", d.final, err)
	}
	return nil
}

// syncDir flushes the entries of directory dir to stable storage, so that a
// rename into it survives a crash.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReserveRunPath creates a fresh, empty directory under base named after
// the time and seed, such as base/run-20261203-182600-s42 (then -2, -3 and so
// on if that exists), and returns its path. The time is formatted as given,
// so pass now.UTC() for UTC names. The creation is exclusive, so two runs
// started in the same second never choose the same name. Publish the run
// there with CreateRunDir(path, true), which replaces an empty directory, and
// remove the directory (os.Remove) if the run fails.
func ReserveRunPath(base string, now time.Time, seed uint64) (string, error) {
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", base, err)
	}
	name := runName(now, seed)
	path := filepath.Join(base, name)
	for i := 2; ; i++ {
		err := os.Mkdir(path, 0o755)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create run directory %s: %w", path, err)
		}
		path = filepath.Join(base, name+"-"+strconv.Itoa(i))
	}
}

// runName is the default name of a run made at now with seed.
func runName(now time.Time, seed uint64) string {
	return "run-" + now.Format("20060102-150405") + "-s" + strconv.FormatUint(seed, 10)
}
