package main

const helpText = `euromesh-mc: can Europe train a frontier-class model sooner by federating the
public compute it owns (DiLoCo-style) than by waiting for a 1 GW campus?

Usage:
  euromesh-mc [run] [flags]     run the Monte Carlo; write draws.parquet, regions.parquet,
                                summary.json, summary.md and manifest.json to a run directory
  euromesh-mc central [flags]   print the deterministic central case
  euromesh-mc help              show this text

Run flags:
  -n, --draws N        number of draws (default 10000)
  -s, --seed S         run seed (default 1)
  -j, --workers J      worker goroutines (default: all cores; results never depend on it)
  -o, --out DIR        run directory (default: a new directory under out/)
      --force          replace an existing run directory
      --sampler NAME   sampling design: mc (default)
      --params DIR     parameter directory: a full set or an overlay on the defaults
  -q, --quiet          print only the headline

Central flags:
      --params DIR     as above

Exit status: 0 success; 2 bad usage or bad parameter files (nothing is written); 1 other errors.
`
