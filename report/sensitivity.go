package report

import (
	"fmt"

	"github.com/euromesh/euromesh-mc/analysis"
)

// WriteSensitivity draws the figures of a sensitivity analysis into dir: the
// tornado of the lead (when t is not nil) and the Sobol' indices of the
// parameter groups (when gi is not nil). It returns the names of the files
// written and one line per figure that could not be drawn.
func WriteSensitivity(dir string, t *analysis.Tornado,
	gi *analysis.GroupIndices) (files, problems []string) {
	var figs []func() (*figure, error)
	if t != nil {
		figs = append(figs, func() (*figure, error) {
			return tornadoFigure(t, t.Output(analysis.OutLead), 15,
				outputLabel(analysis.OutLead))
		})
	}
	if gi != nil {
		figs = append(figs, func() (*figure, error) { return sobolFigure(gi) })
	}
	for _, build := range figs {
		f, err := build()
		if err == nil {
			_, err = f.render(dir)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("figure not drawn: %v", err))
			continue
		}
		files = append(files, f.name+".png", f.name+".svg")
	}
	return files, problems
}
