package model

import "math"

// Target is the training goal: compute C(t) = Compute·Growth^(t−t0) FLOP, with
// Growth = 1 for a fixed target, and the post-training time added to the end of
// pre-training to give the year a model is ready.
type Target struct {
	Compute      float64 // C_base, FLOP at t0
	Growth       float64 // g, factor per year (≥ 1)
	PostTraining float64 // years from the end of pre-training to a ready model
}

// at returns the target compute at time t.
func (tg *Target) at(t, t0 float64) float64 {
	if tg.Growth == 1 {
		return tg.Compute
	}
	return tg.Compute * math.Pow(tg.Growth, t-t0)
}

// reach finds the first time in the segment [a, b] at which the cumulative
// compute E(t) = e0 + Y·(r0·τ + s·τ²/2), τ = t − a, reaches the target C(t).
// The rate is r0 + s·τ FLOP/s with r0, s ≥ 0. It returns the time and true, or
// b and false when the target is not reached in the segment; e is then the
// compute accumulated by b.
//
// For a fixed target the crossing solves a quadratic exactly. For a growing
// target the gap E − C is scanned on a grid of the segment and the first sign
// change refined by bisection; a crossing shorter than a grid step (a near
// tangency) can be missed, which errs towards a later finish.
func (tg *Target) reach(t0, a, b, e0, r0, s float64) (t, e float64, ok bool) {
	span := b - a
	energy := func(tau float64) float64 {
		return e0 + SecondsPerYear*(r0*tau+0.5*s*tau*tau)
	}
	if tg.Growth == 1 {
		need := tg.Compute - e0
		if need <= 0 {
			return a, e0, true
		}
		var tau float64
		switch {
		case s == 0 && r0 == 0:
			return b, e0, false
		case s == 0:
			tau = need / (SecondsPerYear * r0)
		default:
			// s/2·τ² + r0·τ − need/Y = 0, the positive root in a form that
			// does not cancel when s is small.
			q := need / SecondsPerYear
			tau = 2 * q / (r0 + math.Sqrt(r0*r0+2*s*q))
		}
		if tau > span {
			return b, energy(span), false
		}
		return a + tau, tg.Compute, true
	}

	gap := func(tau float64) float64 { return energy(tau) - tg.at(a+tau, t0) }
	if gap(0) >= 0 {
		return a, e0, true
	}
	const steps = 64
	prev := 0.0
	for i := 1; i <= steps; i++ {
		tau := span * float64(i) / steps
		if gap(tau) < 0 {
			prev = tau
			continue
		}
		lo, hi := prev, tau
		for j := 0; j < 100 && hi-lo > 1e-12; j++ {
			mid := 0.5 * (lo + hi)
			if gap(mid) >= 0 {
				hi = mid
			} else {
				lo = mid
			}
		}
		return a + hi, energy(hi), true
	}
	return b, energy(span), false
}
