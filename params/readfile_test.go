package params

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadRefusesNonRegularFiles checks that a parameter directory whose file
// is a device, a FIFO or too large is refused with a message, never read
// (reading /dev/zero would exhaust memory; a FIFO would block forever).
func TestLoadRefusesNonRegularFiles(t *testing.T) {
	cases := map[string]func(path string) error{
		"device": func(p string) error { return os.Symlink("/dev/zero", p) },
		"fifo":   func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"huge": func(p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(MaxFileSize + 1) // sparse: no real disk used
		},
		"directory": func(p string) error { return os.Mkdir(p, 0o755) },
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := make(filepath.Join(dir, "global.yaml")); err != nil {
				t.Skipf("cannot make a %s here: %v", name, err)
			}
			_, err := Load(os.DirFS(dir), dir)
			if err == nil || !strings.Contains(err.Error(), "global.yaml") {
				t.Errorf("error %v, want one naming global.yaml", err)
			}
		})
	}
}
