package model

import "math"

// SecondsPerYear is the length of a decimal year in seconds (365.25 days).
const SecondsPerYear = 365.25 * 86400

// DiLoCo holds the Layer 1 inputs: the algorithmic penalty of low-communication
// training and the communication model of a ring all-reduce between sites.
type DiLoCo struct {
	K     float64 // scale of the replica penalty in eta_alg = exp(-K·(log2 M)^Gamma)
	Gamma float64 // exponent of log2 M in the replica penalty
	// EtaInner is the efficiency factor of long inner intervals with
	// low-precision outer gradients (fraction).
	EtaInner       float64
	InnerSteps     float64 // H: inner steps between outer synchronisations
	SyncBits       float64 // bits per value sent at an outer synchronisation
	WANGbps        float64 // usable wide-area bandwidth per site, Gbit/s
	Overlap        bool    // streaming DiLoCo: synchronisation overlaps compute
	SyncEfficiency float64 // losses from stragglers and jitter (fraction)
	MaxReplicas    int     // upper bound on the number of replicas
	ModelParams    float64 // N: parameters synchronised (traffic model)
	BatchTokens    float64 // global batch in tokens
}

// EtaAlg returns the algorithmic efficiency exp(-k·(log2 m)^gamma) of m
// replicas: 1 for a single replica, non-increasing in m for k, gamma > 0.
func EtaAlg(m int, k, gamma float64) float64 {
	if m <= 1 {
		return 1
	}
	return math.Exp(-k * math.Pow(math.Log2(float64(m)), gamma))
}

// CommUtilisation returns CU, the share of wall time spent computing, for m
// replicas whose combined raw rate is rawRate FLOP/s:
//
//	t_step  = 6·N·B / rawRate
//	t_inner = H·t_step
//	t_sync  = 2·(m−1)/m · N·bits / (W·1e9)
//	exposed = overlap ? max(0, t_sync − t_inner) : t_sync
//	CU      = sync_efficiency · t_inner / (t_inner + exposed)
//
// A single replica does not synchronise over the WAN: CU is 1.
func (d *DiLoCo) CommUtilisation(m int, rawRate float64) float64 {
	if m <= 1 {
		return 1
	}
	tStep := 6 * d.ModelParams * d.BatchTokens / rawRate
	tInner := d.InnerSteps * tStep
	tSync := 2 * float64(m-1) / float64(m) * d.ModelParams * d.SyncBits / (d.WANGbps * 1e9)
	exposed := tSync
	if d.Overlap {
		exposed = math.Max(0, tSync-tInner)
	}
	return d.SyncEfficiency * tInner / (tInner + exposed)
}

// Efficiency is the breakdown of eta_total for one federation configuration.
type Efficiency struct {
	Replicas int     // M
	EtaAlg   float64 // algorithmic efficiency
	EtaInner float64 // inner-interval factor (1 for a single replica)
	CU       float64 // communication utilisation
	Total    float64 // EtaAlg·EtaInner·CU
}

// Efficiency returns eta_total(m) = eta_alg(m)·eta_inner·CU for m replicas of
// combined raw rate rawRate. For m = 1 every factor is 1.
func (d *DiLoCo) Efficiency(m int, rawRate float64) Efficiency {
	return d.efficiency(m, rawRate, EtaAlg(m, d.K, d.Gamma))
}

// efficiency is Efficiency with eta_alg(m) already computed.
func (d *DiLoCo) efficiency(m int, rawRate, etaAlg float64) Efficiency {
	if m <= 1 {
		return Efficiency{Replicas: m, EtaAlg: 1, EtaInner: 1, CU: 1, Total: 1}
	}
	e := Efficiency{
		Replicas: m,
		EtaAlg:   etaAlg,
		EtaInner: d.EtaInner,
		CU:       d.CommUtilisation(m, rawRate),
	}
	e.Total = e.EtaAlg * e.EtaInner * e.CU
	return e
}
