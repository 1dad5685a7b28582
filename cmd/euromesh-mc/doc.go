// Command euromesh-mc asks, with uncertainty, whether Europe can train a
// frontier-class AI model sooner by federating the public compute it already
// owns than by waiting for a new 1 GW campus to get grid power.
//
// It samples every input of the EuroMesh model from the distribution its
// confidence tag or explicit range gives, evaluates the three layers of the
// model for each draw on all cores, writes one Parquet row per draw, and
// summarises P(federation beats campus), the year quantiles and the region
// scorecard.
//
// Usage:
//
//	euromesh-mc [run] [flags]          the main job: a run directory under out/
//	euromesh-mc central [flags]        the deterministic central case
//	euromesh-mc compare SCENARIO...    scenarios on common random numbers
//	euromesh-mc params list|show|export|check|scenarios
//	euromesh-mc sensitivity [flags]    tornado and group Sobol' indices
//	euromesh-mc summarize DIR...       merge the shards of one run
//	euromesh-mc help                   every command and flag
//
// Exit status: 0 on success; 2 for bad usage or bad parameter files (nothing
// is written); 1 for other failures; 130 and 143 after SIGINT and SIGTERM.
package main
