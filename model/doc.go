// Package model implements the three layers of the EuroMesh model as pure
// functions of one draw's inputs.
//
// Layer 1 (efficiency) gives the share of a federated run's compute that counts:
// the algorithmic efficiency of DiLoCo-style training with M replicas, the inner
// optimisation factor and the communication utilisation. Layer 2 (time to
// availability) integrates the federation's effective rate from the sites online
// at each moment, and a new campus's ramped rate after its grid connection, until
// each reaches the training target. Layer 3 (regions) repeats the campus
// calculation for every grid market and scores time, cost and carbon.
//
// Time is a decimal year, durations are years, compute is FLOP and rates are
// FLOP/s. A missing year (a path that never reaches the target before the
// horizon) is NaN inside this package; writers turn it into a null.
//
// Evaluate does no heap allocation once its Workspace exists, and costs
// O(S²) for S sites (each of at most 2S site events re-sorts nothing: the
// online rates are kept in order by insertion).
package model
