package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// loadSet reads the parameter set: the embedded defaults, or dir over them.
// Problems in the files are usage errors that list every problem found.
func loadSet(dir string) (*params.Set, error) {
	var (
		s   *params.Set
		err error
	)
	if dir == "" {
		s, err = params.Default()
	} else {
		st, serr := os.Stat(dir)
		if serr != nil || !st.IsDir() {
			return nil, usagef("--params %s: expected a directory of parameter files", dir)
		}
		s, err = params.Load(os.DirFS(dir), dir)
	}
	var pe params.Errors
	if errors.As(err, &pe) {
		if dir != "" {
			return nil, usagef("parameter files in %s:\n%v", dir, err)
		}
		return nil, fmt.Errorf("embedded defaults are invalid:\n%w", err)
	}
	return s, err
}

// samplerNames lists the sampling designs of --sampler.
const samplerNames = "mc, lhs or sobol"

// newSampler builds the named sampling design over the binding's dimensions
// for a run of draws, made dependent by the correlation file of paramsDir (or
// the defaults) unless noCorr. A correlation matrix that had to be repaired to
// be valid is reported on warn.
func newSampler(name string, seed uint64, b *params.Binding, draws int64, paramsDir string,
	noCorr bool, warn io.Writer) (sampler.Sampler, string, error) {
	var (
		base sampler.Sampler
		err  error
	)
	switch name {
	case "mc":
		base = sampler.NewMonteCarlo(seed, b.Dims())
	case "lhs":
		base, err = sampler.NewLatinHypercube(seed, b.Dims(), draws, 0)
	case "sobol":
		base, err = sampler.NewSobol(seed, b.Dims(), sampler.ScrambleOwen)
	default:
		return nil, "", usagef("--sampler %q: expected %s", name, samplerNames)
	}
	if err != nil {
		return nil, "", usagef("--sampler %s: %v", name, err)
	}
	if noCorr {
		return base, seKindOf(name), nil
	}
	var dir fs.FS
	if paramsDir != "" {
		dir = os.DirFS(paramsDir)
	}
	pairs, err := params.Correlations(dir, b)
	if err != nil {
		return nil, "", usagef("correlations: %v", err)
	}
	s, rep, err := sampler.NewCorrelated(base, b.Dims(), pairs)
	if err != nil {
		return nil, "", usagef("correlations: %v", err)
	}
	if rep.Repaired {
		fmt.Fprintf(warn, "warning: the correlation matrix was not positive definite; "+
			"repaired to the nearest valid one (Frobenius distance %.4f, largest rank "+
			"correlation change %.4f)\n", rep.Distance, rep.MaxRankChange)
	}
	return s, seKindOf(name), nil
}
