// Package analysis holds the statistics that summarise a Monte Carlo run: sample
// quantiles and their standard errors, proportions with confidence intervals,
// variance-based (Sobol') sensitivity indices from a Saltelli design, rank
// correlations and a tail diagnostic.
//
// Every function works on plain slices that the caller owns and never changes
// them; where sorting is needed a copy is sorted. Nothing here logs, keeps state
// between calls or draws random numbers except from a *rand.Rand passed in, so
// results depend only on the arguments.
//
// Two conventions hold throughout:
//
//   - Sample quantiles use Hyndman and Fan's type 7 definition (see [Quantile7]),
//     the default of R and NumPy.
//   - A NaN in a sample marks a missing value (a draw whose model evaluation
//     failed) where a function's documentation says so; elsewhere NaN simply
//     propagates.
//
// Broken preconditions that only a programmer can cause, such as slices of
// different lengths or a probability outside [0, 1], panic with a message
// prefixed "analysis: ". Conditions that depend on the user's data or settings
// are returned as errors.
package analysis
