package main

import (
	"github.com/spf13/pflag"

	"github.com/euromesh/euromesh-mc/params"
)

// paramOptions are the flags that choose the parameter set of a command.
type paramOptions struct {
	dir *string
}

// addParamFlags registers the parameter-set flags on fs.
func addParamFlags(fs *pflag.FlagSet) *paramOptions {
	return &paramOptions{
		dir: fs.String("params", "", "parameter directory: a full set or an overlay on the defaults"),
	}
}

// load returns the parameter set the flags describe.
func (o *paramOptions) load() (*params.Set, error) { return loadSet(*o.dir) }

// scenarioName returns the scenario recorded in the manifest.
func (o *paramOptions) scenarioName() string { return "baseline" }

// overrides returns the command-line overrides recorded in the manifest.
func (o *paramOptions) overrides() []string { return nil }
