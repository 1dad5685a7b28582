// Package params reads, validates and resolves the model's parameter set.
//
// A parameter set is a directory of YAML files (see docs/PARAMETER_FILES.md):
// scalar parameters, the site inventory, accelerators, regions and countries,
// and the policy that turns confidence tags into distributions. The default set
// is embedded in the binary. Every value carries a unit, a confidence tag and a
// source; the unit fixes the parameter's kind, and the kind and tag fix its
// distribution unless the file gives an explicit range, distribution or exact
// value.
//
// Problems are reported as *Error values that name the file, line, parameter,
// the value found and what was expected; Load collects every problem it finds,
// not only the first.
package params
