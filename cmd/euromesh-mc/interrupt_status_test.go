package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestInterruptStatus cancels the context as a SIGTERM does, before the
// command starts, and checks that each phase that sees it names the signal,
// exits 143 and writes nothing: the run itself, and the convergence batches
// of --target-se that come before it.
func TestInterruptStatus(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(&signalError{sig: syscall.SIGTERM})
	for _, extra := range [][]string{nil, {"--target-se", "0.0001"}} {
		parent := t.TempDir()
		args := append([]string{"euromesh-mc", "-n", "100000", "--no-report", "-o",
			filepath.Join(parent, "run")}, extra...)
		var stdout, stderr bytes.Buffer
		code := run(ctx, args, &stdout, &stderr)
		if code != 143 || !strings.HasPrefix(stderr.String(),
			"euromesh-mc: interrupted by SIGTERM") {
			t.Errorf("%v: exit %d, stderr %q; want 143 and the signal", extra, code, &stderr)
		}
		if ents, _ := os.ReadDir(parent); len(ents) != 0 {
			t.Errorf("%v: interrupted command left %v", extra, ents)
		}
	}
}
