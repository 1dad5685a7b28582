package distributions_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/euromesh/euromesh-mc/distributions"
)

// A range "5 to 10" read as a 90% interval of a positive quantity.
func ExampleLogNormalFrom90() {
	d, err := distributions.LogNormalFrom90(5, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Printf("median %.4f (√50), p5 %.4f, p95 %.4f\n",
		d.Median(), d.Quantile(0.05), d.Quantile(0.95))
	// Output:
	// lognormal(median=7.07, 90%: 5–10)
	// median 7.0711 (√50), p5 5.0000, p95 10.0000
}

// A central value with an asymmetric range, "9 (6–15) years", keeps 9 as the
// median. Draws come from uniforms supplied by the caller.
func ExampleTwoPieceFrom90() {
	d, err := distributions.TwoPieceFrom90(distributions.Log, 9, 6, 15)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)

	rng := rand.New(rand.NewPCG(1, 2))
	inside := 0
	for range 1000 {
		if x := d.Quantile(rng.Float64()); x > 0 {
			inside++
		}
	}
	fmt.Println("positive draws:", inside)
	// Output:
	// two-piece lognormal(median=9, 90%: 6–15)
	// positive draws: 1000
}

// A malformed range is an error, never a silent change of family.
func ExampleLogNormalFrom90_error() {
	_, err := distributions.LogNormalFrom90(-1, 10)
	fmt.Println(err)
	// Output:
	// lognormal from 90% interval: need finite 0 < lo < hi, got lo=-1, hi=10
}
