package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSlurmExample runs examples/slurm on a private single-node Slurm cluster
// on loopback: four array tasks and the merge step must reproduce the single
// run's summary byte for byte. It is skipped where Slurm (Debian's slurm-wlm
// and munge) is not installed or root is not available.
func TestSlurmExample(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Slurm cluster")
	}
	if _, err := exec.LookPath("slurmctld"); err != nil {
		t.Skip("slurm-wlm not installed")
	}
	if os.Geteuid() != 0 {
		t.Skip("the local cluster's daemons need root")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "examples", "slurm",
		"local-cluster.sh"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", script, "6000", "4").CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 77:
		t.Skipf("local Slurm cluster unavailable: %s", out)
	case err != nil:
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "reproduce the single run") {
		t.Errorf("unexpected output:\n%s", out)
	}
}
