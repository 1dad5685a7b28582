//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interruptDraws is the size of the runs that TestInterrupt signals: a
// million draws take far longer than the test waits.
const interruptDraws = 1000000

// startRun starts bin on a run into parent/run and returns once the run has
// begun (its hidden staging directory exists) and the workers have had a
// moment to compute some chunks.
func startRun(t *testing.T, bin, parent string) (cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	t.Helper()
	cmd = exec.Command(bin, "-n", strconv.Itoa(interruptDraws), "-j", "2", "--no-report",
		"-o", filepath.Join(parent, "run"))
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(parent, ".run.partial-*")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no staging directory after 30 s; stderr:\n%s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(700 * time.Millisecond)
	return cmd, stdout, stderr
}

// TestInterrupt runs the program as a subprocess and signals it during its
// run. On SIGINT or SIGTERM it must exit 130 or 143, say how many draws were
// done and that nothing was written, and leave nothing: no run directory,
// no staging directory, no temporary file. SIGKILL cannot be caught: then
// only the hidden staging directory may remain, never the run's name.
func TestInterrupt(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "euromesh-mc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGINT, "SIGINT", 130}, {syscall.SIGTERM, "SIGTERM", 143}} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			cmd, stdout, stderr := startRun(t, bin, parent)
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()

			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != c.code {
				t.Errorf("exit: %v, want status %d", err, c.code)
			}
			re := regexp.MustCompile(`^euromesh-mc: interrupted by ` + c.name +
				` after (\d+) of 1000000 draws; ` +
				regexp.QuoteMeta(filepath.Join(parent, "run")) +
				` was not created and its temporary files were removed\n$`)
			m := re.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("stderr %q does not match %s", stderr, re)
			}
			if n, _ := strconv.Atoi(m[1]); n >= interruptDraws {
				t.Errorf("%d draws done: the run was not stopped", n)
			}
			t.Logf("%s", stderr)
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if ents, err := os.ReadDir(parent); err != nil || len(ents) != 0 {
				t.Errorf("%s holds %v (%v), want nothing", parent, ents, err)
			}
		})
	}

	t.Run("SIGKILL", func(t *testing.T) {
		parent := t.TempDir()
		cmd, _, _ := startRun(t, bin, parent)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		ents, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), ".run.partial-") {
				t.Errorf("killed run left %s, want only its hidden staging directory",
					e.Name())
			}
		}
	})
}
