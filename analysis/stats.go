package analysis

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Quantile7 returns the p-quantile of sorted by Hyndman and Fan's definition 7,
// the linear interpolation between order statistics that R's quantile and
// NumPy's percentile use by default. With n values x[0] <= ... <= x[n-1],
//
//	h = (n-1)p,  j = floor(h),  Q(p) = x[j] + (h-j)(x[j+1] - x[j]),
//
// so Q(0) is the minimum, Q(1) the maximum and Q(0.5) the usual median.
// For [1, 2, 3, 4] it gives Q(0.1) = 1.3 and Q(0.25) = 1.75.
//
// sorted must be in ascending order and free of NaN; Quantile7 does not check.
// It returns NaN if sorted is empty and panics if p is outside [0, 1].
//
// Reference: R. J. Hyndman and Y. Fan (1996), Sample quantiles in statistical
// packages, The American Statistician 50(4), 361-365.
func Quantile7(sorted []float64, p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("analysis: quantile probability outside [0, 1]")
	}
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	j := int(h)
	if j >= n-1 {
		return sorted[n-1]
	}
	return sorted[j] + (h-float64(j))*(sorted[j+1]-sorted[j])
}

// Quantiles returns the [Quantile7] quantiles of x at each probability in ps,
// in the order of ps. NaN values in x are missing draws and are left out. x is
// not modified: a copy is sorted. If x holds no other values every result is
// NaN. Quantiles panics if any p is outside [0, 1].
func Quantiles(x []float64, ps []float64) []float64 {
	s := sortedNonNaN(x)
	q := make([]float64, len(ps))
	for i, p := range ps {
		q[i] = Quantile7(s, p)
	}
	return q
}

// SortedPresent returns the values of x other than NaN (missing draws), in
// ascending order, in a new slice.
func SortedPresent(x []float64) []float64 { return sortedNonNaN(x) }

// sortedNonNaN returns the values of x other than NaN, in ascending order, in
// a new slice.
func sortedNonNaN(x []float64) []float64 {
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return s
}

// A Proportion counts K successes in N independent trials, such as the draws
// of a run in which an event occurred. The zero value is a proportion with no
// trials. Its methods panic unless 0 <= K <= N.
type Proportion struct {
	K int64 // number of successes
	N int64 // number of trials
}

func (pr Proportion) check() {
	if pr.K < 0 || pr.K > pr.N {
		panic("analysis: proportion needs 0 <= K <= N")
	}
}

// P returns the estimate p = K/N, or NaN if N is 0.
func (pr Proportion) P() float64 {
	pr.check()
	if pr.N == 0 {
		return math.NaN()
	}
	return float64(pr.K) / float64(pr.N)
}

// SE returns the Monte Carlo standard error of [Proportion.P],
//
//	SE = sqrt(p(1-p)/N),
//
// the binomial standard deviation of K/N with p replaced by its estimate. For
// p = 0.5 and N = 10^4 it is 0.005. It returns NaN if N is 0 and 0 if K is 0
// or N, where [Proportion.Wilson] still gives a useful interval.
func (pr Proportion) SE() float64 {
	p := pr.P()
	return math.Sqrt(p * (1 - p) / float64(pr.N))
}

// Wilson returns the Wilson score interval for the true proportion, the set of
// values p0 that a two-sided score test at critical value z does not reject:
//
//	centre = (p + z²/(2N)) / (1 + z²/N)
//	half   = z/(1 + z²/N) · sqrt(p(1-p)/N + z²/(4N²))
//	[lo, hi] = [centre - half, centre + half]
//
// where p = K/N. Use z = 1.959964 (the 0.975 normal quantile) for a 95%
// interval. Unlike p ± z·SE the interval stays inside [0, 1] and is not empty
// when K is 0 or N. It returns NaN, NaN if N is 0 and panics if z < 0.
//
// Reference: E. B. Wilson (1927), Probable inference, the law of succession,
// and statistical inference, JASA 22(158), 209-212.
func (pr Proportion) Wilson(z float64) (lo, hi float64) {
	if !(z >= 0) {
		panic("analysis: negative or NaN z in Wilson interval")
	}
	p := pr.P()
	n := float64(pr.N)
	z2 := z * z
	d := 1 + z2/n
	centre := (p + z2/(2*n)) / d
	half := z / d * math.Sqrt(p*(1-p)/n+z2/(4*n*n))

	// Rounding can push an end a hair past 0 or 1 when K is 0 or N.
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// DiffSE returns the standard error of the difference between two proportions
// measured on the same draws, as when two scenarios share common random
// numbers. With d_i = a_i - b_i in {-1, 0, 1} (true counting as 1),
//
//	SE = sd(d) / sqrt(N),  sd(d)² = Σ (d_i - mean(d))² / (N-1).
//
// Pairing removes the shared variation, so this is usually much smaller than
// the independent-samples value sqrt(p_a(1-p_a)/N + p_b(1-p_b)/N). The
// difference itself is the mean of d, that is P of a minus P of b.
//
// DiffSE returns NaN if there are fewer than two pairs and panics if a and b
// differ in length.
//
// Reference: the paired-t interval, e.g. A. M. Law (2015), Simulation Modeling
// and Analysis, 5th ed., chapter 10.
func DiffSE(a, b []bool) float64 {
	if len(a) != len(b) {
		panic("analysis: paired samples differ in length")
	}
	n := len(a)
	if n < 2 {
		return math.NaN()
	}

	// d_i is +1 or -1 only where the two disagree, so Σd and Σd² follow from
	// two counts.
	var plus, minus int
	for i, ai := range a {
		switch {
		case ai && !b[i]:
			plus++
		case !ai && b[i]:
			minus++
		}
	}
	nf := float64(n)
	mean := float64(plus-minus) / nf
	ss := float64(plus+minus) - nf*mean*mean
	return math.Sqrt(ss / (nf - 1) / nf)
}

// QuantileSE returns the asymptotic Monte Carlo standard error of the
// [Quantile7] p-quantile q of the independent draws x,
//
//	SE = sqrt(p(1-p)) / (f(q) sqrt(N)),
//
// where N counts the values of x that are not NaN (NaN marks a missing draw)
// and the density f at q is estimated by a Gaussian kernel with Silverman's
// rule-of-thumb bandwidth
//
//	h = 0.9 · min(sd, IQR/1.34) · N^(-1/5)
//
// (R's bw.nrd0; if the IQR is 0 the standard deviation alone is used). For
// 10^4 standard normal draws the median's SE is about 0.01253.
//
// The formula needs a continuous output whose density is positive at q; for
// outputs with atoms or ties, or for draws that are not independent (Latin
// hypercube, quasi-random), use [BatchQuantileSE]. QuantileSE returns 0 if all
// values are equal, NaN if fewer than two are present, and panics unless
// 0 < p < 1.
//
// References: A. W. van der Vaart (1998), Asymptotic Statistics, Corollary
// 21.5; B. W. Silverman (1986), Density Estimation for Statistics and Data
// Analysis, equation (3.31).
func QuantileSE(x []float64, p float64) float64 {
	if !(p > 0 && p < 1) {
		panic("analysis: quantile standard error needs 0 < p < 1")
	}
	s := sortedNonNaN(x)
	n := len(s)
	if n < 2 {
		return math.NaN()
	}
	if s[0] == s[n-1] {
		return 0
	}

	// Bandwidth by Silverman's rule, falling back to the standard deviation
	// when more than half the values coincide.
	sd := stat.StdDev(s, nil)
	spread := math.Min(sd, (Quantile7(s, 0.75)-Quantile7(s, 0.25))/1.34)
	if spread == 0 {
		spread = sd
	}
	h := 0.9 * spread * math.Pow(float64(n), -0.2)

	// Kernel density at q. Values more than 8h away add under 1e-14 each.
	q := Quantile7(s, p)
	lo := sort.SearchFloat64s(s, q-8*h)
	hi := sort.SearchFloat64s(s, q+8*h)
	var sum float64
	for _, v := range s[lo:hi] {
		u := (q - v) / h
		sum += math.Exp(-u * u / 2)
	}
	f := sum / (math.Sqrt(2*math.Pi) * float64(n) * h)

	return math.Sqrt(p*(1-p)) / (f * math.Sqrt(float64(n)))
}

// BatchQuantileSE returns a batch-means estimate of the standard error of the
// [Quantile7] p-quantile of x. The draws, in the order they were generated,
// are cut into the given number of contiguous batches of (nearly) equal size;
// with q_b the p-quantile of batch b,
//
//	SE = sd(q_1, ..., q_B) / sqrt(B),  sd with divisor B-1.
//
// It needs no density estimate, so it also serves for outputs with ties or
// atoms. The batches must be independent of each other, which holds for plain
// Monte Carlo draws but not within one Latin hypercube or quasi-random design
// (there, run independent replicates and pass them one after the other).
// Each batch must be large enough for its own quantile to be nearly unbiased:
// as a guide, at least 10 draws on each side of q, i.e. (N/B)·min(p, 1-p) >= 10.
// Between 10 and 100 batches is usual: more batches estimate the spread more
// precisely, fewer keep each batch quantile accurate.
//
// NaN values are missing draws and are left out of their batch. The result is
// NaN if any batch has no values. BatchQuantileSE panics if batches < 2,
// batches > len(x) or p is outside [0, 1].
//
// Reference: S. Asmussen and P. W. Glynn (2007), Stochastic Simulation:
// Algorithms and Analysis, section III.5 (sectioning).
func BatchQuantileSE(x []float64, p float64, batches int) float64 {
	if batches < 2 || batches > len(x) {
		panic("analysis: batch count must be in [2, len(x)]")
	}
	n := len(x)
	q := make([]float64, batches)
	buf := make([]float64, 0, n/batches+1)
	for b := range batches {
		buf = buf[:0]
		for _, v := range x[b*n/batches : (b+1)*n/batches] {
			if !math.IsNaN(v) {
				buf = append(buf, v)
			}
		}
		slices.Sort(buf)
		q[b] = Quantile7(buf, p)
	}
	return stat.StdDev(q, nil) / math.Sqrt(float64(batches))
}
