package main

const helpText = `euromesh-mc: can Europe train a frontier-class model sooner by federating the
public compute it owns (DiLoCo-style) than by waiting for a 1 GW campus?

Usage:
  euromesh-mc [run] [flags]     run the Monte Carlo; write draws.parquet, regions.parquet,
                                summary.json, summary.md and manifest.json to a run directory
  euromesh-mc central [flags]   print the deterministic central case
  euromesh-mc compare [flags] SCENARIO...
                                run scenarios on the same seed and draws (common random
                                numbers) and print one table; the first is the reference
  euromesh-mc params list [PREFIX...]   every parameter: value, unit, tag, distribution,
                                5/50/95% values, source (--format csv for a file)
  euromesh-mc params show NAME  one parameter in full, with where it was defined
  euromesh-mc params export DIR write the embedded defaults to DIR for editing
  euromesh-mc params check DIR|FILE     check a parameter directory or a scenario file and
                                report every problem
  euromesh-mc params scenarios [NAME]   list the built-in scenarios, or print one's file
  euromesh-mc sensitivity [flags]
                                tornado and Sobol' indices of the parameter groups (Saltelli
                                design, bootstrap intervals); -o DIR writes them and figures
  euromesh-mc summarize DIR...  merge the run directories of the shards of one run (a glob
                                is expanded) into one summary; -o DIR writes summary.json and
                                summary.md there
  euromesh-mc help              show this text

Run flags:
  -n, --draws N        number of draws (default 10000)
  -s, --seed S         run seed (default 1)
  -j, --workers J      worker goroutines (default: all cores; results never depend on it)
  -o, --out DIR        run directory (default: a new directory under out/)
      --force          replace an existing run directory
      --sampler NAME   sampling design: mc (default), lhs (Latin hypercube) or sobol
                       (scrambled Sobol')
      --no-correlations
                       draw every input independently (default: correlations.yaml)
      --shard I/N      compute only draws [I·n/N, (I+1)·n/N) of the run; merge the shards
                       with summarize
      --target-se X    run in batches of 8192 draws until the standard error of
                       P(federation beats campus) is below X; -n is then the limit (mc only)
      --sobol-n N      base sample of the report's Sobol' indices (default: the smaller of
                       4096 and the draws; 0: none)
      --no-report      write no figures and no report.html
  -q, --quiet          print only the headline

Parameter flags (run, central, params list and show; compare takes all but --scenario):
      --params DIR     parameter directory: a full set or an overlay on the defaults
      --scenario S     a built-in scenario name or a scenario file, applied over the
                       defaults and --params
      --set NAME=V     fix a parameter exactly (a probability: set its chance); repeatable
      --set NAME=LO..HI
                       give a parameter a 90% range instead; applied last, in order

A run also writes figures (fig_*.png, fig_*.svg) and report.html, one self-contained page.

Sensitivity flags:
  -n, --base N         base sample of the Saltelli design (default 4096; at least 64);
                       N·(groups+2) model evaluations
  -s, --seed S, -j, --workers J, parameter flags as for run
      --resamples R    bootstrap resamples (default 500)
  -o, --out DIR        also write sensitivity.json, sensitivity.txt and the figures there

Compare flags: -n, -s, -j and --no-correlations as for run; --params and --set apply to
every scenario. compare writes nothing to disk.

Exit status: 0 success; 2 bad usage or bad parameter files (nothing is written); 1 other
errors (nothing is left under the run's name); 130 after SIGINT and 143 after SIGTERM (the
run's temporary files are removed).
`
