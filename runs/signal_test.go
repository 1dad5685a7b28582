package runs

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/euromesh/euromesh-mc/analysis"
)

// TestRunCancelled cancels a run, as the program does on SIGINT or SIGTERM,
// at two moments: while the workers compute, and after the last draw while
// the run directory is being completed. Either way Run fails with the
// context's error and leaves nothing behind.
func TestRunCancelled(t *testing.T) {
	b := faultBinding(t, "")
	const chunks = 20

	t.Run("mid-run", func(t *testing.T) {
		parent := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cfg := faultConfig(b, filepath.Join(parent, "run"), chunks*ChunkSize)
		var last int64
		cfg.ProgressWriter = func(done, total int64) {
			last = done
			if done == ChunkSize {
				cancel()
			}
		}
		_, err := Run(ctx, cfg)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		// Workers may finish the chunks they hold, no more.
		if last >= chunks*ChunkSize {
			t.Errorf("%d draws consumed after the cancel at %d: the run did not stop", last,
				ChunkSize)
		}
		if names := faultEntries(t, parent); names != nil {
			t.Errorf("cancelled run left %v", names)
		}
	})

	t.Run("after the last draw", func(t *testing.T) {
		parent := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cfg := faultConfig(b, filepath.Join(parent, "run"), 100)
		cfg.Extras = func(string, *analysis.Outcomes, *analysis.Summary) ([]string, error) {
			cancel()
			return nil, nil
		}
		_, err := Run(ctx, cfg)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if names := faultEntries(t, parent); names != nil {
			t.Errorf("run cancelled before publishing left %v", names)
		}
	})
}
