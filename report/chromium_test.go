package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// screenshotEnv names an environment variable that, when set, is the path
// where TestReportInChromium saves its screenshot, for a person to look at.
const screenshotEnv = "EUROMESH_REPORT_SCREENSHOT"

// chromium runs headless Chromium with args and a fresh profile, and returns
// its standard output.
func chromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestReportInChromium opens a run's report.html in headless Chromium (the
// browser CI installs), checks that the rendered page carries the headline,
// and takes a screenshot. It is skipped when no Chromium is installed.
func TestReportInChromium(t *testing.T) {
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("chromium not installed")
	}
	dir, _ := runWithReport(t, 2000, 128)
	url := "file://" + filepath.Join(dir, "report.html")

	dom := string(chromium(t, bin, "--dump-dom", url))
	for _, want := range []string{
		`<h1 id="headline">The federation beats the campus in `,
		"P(federation beats campus) = ",
		"The five inputs that drive the lead most",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if strings.Count(dom, "<svg") < 7 {
		t.Errorf("rendered page has %d SVG figures, want 7", strings.Count(dom, "<svg"))
	}

	shot := os.Getenv(screenshotEnv)
	if shot == "" {
		shot = filepath.Join(t.TempDir(), "report.png")
	}
	chromium(t, bin, "--window-size=1200,9000", "--screenshot="+shot, url)
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	}
}
