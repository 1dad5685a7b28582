// Package report renders a run for people: figures drawn with gonum/plot,
// each saved as PNG and SVG in the run directory, and report.html, one
// self-contained page (inline SVG and CSS, no scripts, no network) with the
// headline, the tables and the figures.
//
// [Analyze] gathers what the page shows beyond the run's summary: the
// precision of the estimates, the tornado, the rank correlations and tails
// of the inputs (read back from the run's draws.parquet) and the Sobol'
// indices of the parameter groups. [Write] draws and writes. [Extras] joins
// the two into the hook that runs.Config.Extras calls once a run's data
// files are written.
//
// A figure that cannot be drawn, for example because every draw of its
// quantity is missing, does not stop the report: the page and the returned
// problems say which figure is missing and why.
package report
