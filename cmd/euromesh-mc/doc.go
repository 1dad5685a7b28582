// Command euromesh-mc asks, with uncertainty, whether Europe can train a
// frontier-class AI model sooner by federating the public compute it already
// owns than by waiting for a new 1 GW campus to get grid power.
//
// Usage:
//
//	euromesh-mc [run] [flags]        run the Monte Carlo and write a run directory
//	euromesh-mc central [flags]      print the deterministic central case
//	euromesh-mc help                 show this text
//
// Run flags:
//
//	-n, --draws N       number of draws (default 10000)
//	-s, --seed S        run seed (default 1)
//	-j, --workers J     worker goroutines (default: all cores; results do not depend on it)
//	-o, --out DIR       run directory (default: a new directory under out/)
//	    --force         replace an existing run directory
//	    --sampler NAME  sampling design: mc (default)
//	    --params DIR    parameter directory: a full set or an overlay on the defaults
//	-q, --quiet         print only the headline
//
// Exit status: 0 on success, 2 for bad usage or bad parameter files (nothing
// is written), 1 for any other failure.
package main
