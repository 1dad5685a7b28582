package sampler

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestLatinHypercube_BlockSizes(t *testing.T) {
	tests := []struct {
		n     int64
		b     int
		sizes []int64
	}{
		// ceil(1000/300) = 4 blocks of 1000/4 = 250.
		{1000, 300, []int64{250, 250, 250, 250}},
		// ceil(1001/300) = 4 blocks; 1001 mod 4 = 1 block gets 251.
		{1001, 300, []int64{251, 250, 250, 250}},
		// ceil(1199/300) = 4; 1199 = 4·299 + 3.
		{1199, 300, []int64{300, 300, 300, 299}},
		{10, 0, []int64{10}},
		{1, 1, []int64{1}},
		{7, 1, []int64{1, 1, 1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d,B=%d", tt.n, tt.b), func(t *testing.T) {
			l, err := NewLatinHypercube(1, []string{"a"}, tt.n, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.NumBlocks(); got != int64(len(tt.sizes)) {
				t.Fatalf("NumBlocks() = %d, want %d", got, len(tt.sizes))
			}
			next := int64(0)
			for b, want := range tt.sizes {
				start, size := l.BlockRange(int64(b))
				if start != next || size != want {
					t.Errorf("BlockRange(%d) = %d, %d; want %d, %d", b, start, size, next, want)
				}
				for i := start; i < start+size; i++ {
					if gb, gs, gz := l.blockOf(i); gb != int64(b) || gs != start || gz != size {
						t.Fatalf("blockOf(%d) = %d, %d, %d; want %d, %d, %d", i, gb, gs, gz, b, start, size)
					}
				}
				next += size
			}
			if next != tt.n {
				t.Errorf("blocks cover %d draws, want %d", next, tt.n)
			}
		})
	}
}

// TestLatinHypercube_Strata checks the defining property: within each block
// of m draws, each dimension has exactly one draw in each stratum
// [s/m, (s+1)/m). The run is filled in chunks whose edges fall inside blocks,
// so a block straddles several Fill calls.
func TestLatinHypercube_Strata(t *testing.T) {
	names := []string{"grid_lead_de", "grid_lead_fr", "mfu_h100", "slip"}
	for _, n := range []int64{1000, 1001} {
		l, err := NewLatinHypercube(42, names, n, 300)
		if err != nil {
			t.Fatal(err)
		}
		d := l.Dims()
		u := make([]float64, int(n)*d)
		for _, r := range [][2]int64{{0, 200}, {200, 555}, {555, 556}, {556, n}} {
			if err := l.Fill(r[0], int(r[1]-r[0]), u[r[0]*int64(d):r[1]*int64(d)]); err != nil {
				t.Fatal(err)
			}
		}
		for b := range l.NumBlocks() {
			start, m := l.BlockRange(b)
			for c := range d {
				hits := make([]int, m)
				for i := start; i < start+m; i++ {
					x := u[int(i)*d+c]
					if !(x > 0 && x < 1) {
						t.Fatalf("n=%d: u[%d][%d] = %v outside (0, 1)", n, i, c, x)
					}
					hits[int(x*float64(m))]++
				}
				for s, h := range hits {
					if h != 1 {
						t.Fatalf("n=%d block %d dim %d: stratum %d holds %d draws, want 1", n, b, c, s, h)
					}
				}
			}
		}
	}
}

// TestLatinHypercube_IndependentDims checks that different parameters are
// paired at random: the rank correlation of two columns has mean 0 and
// standard error 1/√(n−1), so |ρs| < 4/√n almost surely.
func TestLatinHypercube_IndependentDims(t *testing.T) {
	const n = 20000
	l, err := NewLatinHypercube(7, []string{"a", "b", "c"}, n, 5000)
	if err != nil {
		t.Fatal(err)
	}
	u := make([]float64, n*3)
	if err := l.Fill(0, n, u); err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]int{{0, 1}, {0, 2}, {1, 2}} {
		if r := spearman(u, 3, p[0], p[1]); math.Abs(r) > 4/math.Sqrt(n) {
			t.Errorf("rank correlation of dims %d and %d = %.4f, want |ρs| < %.4f",
				p[0], p[1], r, 4/math.Sqrt(n))
		}
	}
}

func TestLatinHypercube_Errors(t *testing.T) {
	if _, err := NewLatinHypercube(1, []string{"a"}, 0, 0); err == nil {
		t.Error("n = 0: no error")
	}
	if _, err := NewLatinHypercube(1, []string{"a"}, 10, -1); err == nil {
		t.Error("block size -1: no error")
	}
	if _, err := NewLatinHypercube(1, []string{"a", "b", "a"}, 10, 0); !errors.Is(err, ErrDuplicateName) {
		t.Errorf("duplicate name: err = %v, want ErrDuplicateName", err)
	}
	l, err := NewLatinHypercube(1, []string{"a", "b"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]int64{{-1, 2}, {9, 2}, {11, 0}} {
		u := make([]float64, r[1]*2)
		if err := l.Fill(r[0], int(r[1]), u); !errors.Is(err, ErrDrawRange) {
			t.Errorf("Fill(%d, %d): err = %v, want ErrDrawRange", r[0], r[1], err)
		}
	}
	if err := l.Fill(10, 0, nil); err != nil {
		t.Errorf("Fill(10, 0): %v", err)
	}
}

// TestFeistel checks that the keyed permutation is a bijection of [0, m),
// including sizes just above a power of 4, where cycle walking works hardest.
func TestFeistel(t *testing.T) {
	for _, m := range []uint64{1, 2, 3, 4, 5, 17, 250, 300, 1025, 4097, 65536} {
		f := newFeistel(m)
		for _, key := range []uint64{0, 1, 0xdeadbeef} {
			seen := make([]bool, m)
			for j := range m {
				p := f.permute(j, key)
				if p >= m || seen[p] {
					t.Fatalf("m=%d key=%d: permute(%d) = %d repeats or is out of range", m, key, j, p)
				}
				seen[p] = true
			}
		}
	}
}

func TestUnit52(t *testing.T) {
	if got, want := unit52(0), 0x1p-53; got != want {
		t.Errorf("unit52(0) = %v, want %v", got, want)
	}
	if got := unit52(math.MaxUint64); got != maxUnit || got >= 1 {
		t.Errorf("unit52(max) = %v, want 1 − 2^-53", got)
	}
	// A jitter within an ulp of 1 must not push a draw into the next
	// stratum.
	if got := stratumUniform(5, 10, maxUnit); got >= 0.6 {
		t.Errorf("stratumUniform(5, 10, 1−2^-53) = %v, want < 0.6", got)
	}
	if got := stratumUniform(9, 10, maxUnit); got >= 1 {
		t.Errorf("stratumUniform(9, 10, 1−2^-53) = %v, want < 1", got)
	}
}
