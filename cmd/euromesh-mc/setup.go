package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/euromesh/euromesh-mc/params"
	"github.com/euromesh/euromesh-mc/sampler"
)

// samplerNames lists the sampling designs of --sampler.
const samplerNames = "mc, lhs or sobol"

// correlationID identifies the dependence imposed on a run's draws, for the
// manifest: "none", or a hash of the expanded pairs, so that summarize can
// refuse to merge shards drawn with different correlations.
func correlationID(pairs []sampler.Correlation) string {
	if len(pairs) == 0 {
		return "none"
	}
	h := sha256.New()
	for _, p := range pairs {
		fmt.Fprintf(h, "%s|%s|%.17g\n", p.A, p.B, p.Rho)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

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
	pairs, err := correlationPairs(b, paramsDir, noCorr)
	if err != nil {
		return nil, "", err
	}
	if len(pairs) == 0 {
		return base, seKindOf(name), nil
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
