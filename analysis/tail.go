package analysis

import "math"

// MedianShift returns how far the median of x moves, in robust standard
// deviations, when only the draws flagged by in are kept:
//
//	shift = (median(x | in) - median(x)) / (IQR(x) / 1.349)
//
// where medians and the interquartile range IQR = Q(0.75) - Q(0.25) are
// [Quantile7] quantiles. IQR/1.349 estimates the standard deviation without
// being pulled by outliers: for a normal variable the IQR is
// 2Φ⁻¹(0.75) ≈ 1.349 standard deviations.
//
// A typical use flags the draws whose output lies in a tail (say its top 5%)
// and asks, input by input, which inputs sit far from their usual values in
// those draws. A shift of +1 means the tail draws have an input median one
// standard deviation above the overall median; values near 0 mean the input
// does not drive that tail, at least not through its median.
//
// NaN values of x are missing draws and are left out of both medians and the
// IQR. The result is NaN if no flagged value remains, and ±Inf or NaN if the
// IQR is 0. MedianShift panics if x and in differ in length.
//
// Reference: for the IQR as a scale estimate, D. C. Hoaglin, F. Mosteller and
// J. W. Tukey, eds. (1983), Understanding Robust and Exploratory Data
// Analysis, Wiley.
func MedianShift(x []float64, in []bool) float64 {
	if len(x) != len(in) {
		panic("analysis: median shift samples differ in length")
	}
	sub := make([]float64, 0, len(x))
	for i, v := range x {
		if in[i] {
			sub = append(sub, v)
		}
	}
	all := sortedNonNaN(x)
	sub = sortedNonNaN(sub)
	if len(sub) == 0 {
		return math.NaN()
	}
	iqr := Quantile7(all, 0.75) - Quantile7(all, 0.25)
	return (Quantile7(sub, 0.5) - Quantile7(all, 0.5)) / (iqr / 1.349)
}
