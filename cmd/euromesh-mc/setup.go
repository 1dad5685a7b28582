package main

import (
	"errors"
	"fmt"
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

// newSampler builds the named sampling design over the binding's dimensions.
func newSampler(name string, seed uint64, b *params.Binding, draws int64) (sampler.Sampler,
	string, error) {
	switch name {
	case "mc":
		return sampler.NewMonteCarlo(seed, b.Dims()), "iid (plain Monte Carlo)", nil
	}
	return nil, "", usagef("--sampler %q: expected mc", name)
}
