// Package distributions holds the univariate distributions that turn a
// parameter's uncertainty into draws by the inverse-CDF method.
//
// Every family is a small value type with exported fields, built either with a
// composite literal or with one of the constructors that read a 90% interval
// the way an analyst states it: [LogNormalFrom90] for "5 to 10 years",
// [TwoPieceFrom90] for "9 (6–15) years", [LogitNormalMedianHalfWidth] for a
// share with a confidence tag. A draw is Quantile(u) for a uniform u in (0, 1)
// supplied by the caller, so the package holds no random state and every value
// is safe for concurrent use.
//
// Values that come from user data should be checked with their Validate method
// (the constructors do this themselves) before they are used. Methods of an
// invalid value never panic: they return NaN or a meaningless number. Quantile
// returns NaN for p outside [0, 1], and at p = 0 or p = 1 the end of the
// support, which may be infinite.
//
// Quantile of [Normal], [LogNormal], [LogitNormal] and [TwoPiece] does no heap
// allocation, so the sampling loop can call it once per draw and parameter.
//
// The continuous families delegate their quantile and CDF to
// gonum.org/v1/gonum/stat/distuv. Means are closed forms except where none
// exists: the logit-normal, the two-piece logit-normal, and a truncated beta,
// PERT or logit-normal. Those integrate the quantile function by Gauss–Legendre
// quadrature after the substitution u = Φ(z), accurate to about 1e-12.
package distributions
