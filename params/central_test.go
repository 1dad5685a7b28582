package params

import (
	"math"
	"testing"

	"github.com/euromesh/euromesh-mc/model"
)

// TestCentralCase pins the central case of MODEL.md §7 on the embedded
// defaults. The expected numbers are derived below from the parameter values
// in params/defaults, not taken from the program.
//
// Campus. Lead = mean of the 1 GW leads of the eight regions with siting
// weight 1 (IE 9, NL 10, DE 9, Nordics 5, FR 4, ES 7, IT 6, PL 6; UK has
// weight 0) = 56/8 = 7.0 y. Energized 2025.5 + 7.0 = 2032.5, training from
// 2032.9 after 0.4 y of fit-out. Full rate (1,000 MW·1e3 / 2.3 kW)·2.5e15·0.40
// ·0.90 = 3.913043e20 FLOP/s, reached over a 1-year ramp, so the 3.8e25 FLOP
// take τ = √(2·3.8e25 / (31,557,600·3.913043e20)) = 0.078450818 y. Campus
// year = 2032.9 + 0.078450818 + 0.25 = 2033.228450818.
//
// Federation. Start 2026.5 + 1.0 = 2027.5. Each site offers f = 0.3 of its
// accelerators (every max_fraction is ≥ 0.35) and joins if 0.3·count·peak ≥
// 250 PFLOP/s, which excludes Karolina, Vega, MeluXina and Deucalion. Raw rate
// = 0.3·count·peak·MFU·0.85 (goodput), in FLOP/s:
//
//	JUPITER 23,752·989e12·0.40  2.39605e18   online 2026.0
//	IT4LIA  8,200·2.5e15·0.35   1.82962e18   2026-2027 → 2027.0 + 0.5 slip
//	MN5 AI  2,400·2.5e15·0.35   5.35500e17   H2 2026 → 2026.75 + 0.5
//	Leonardo 13,824·312e12·0.45 4.94927e17   operational
//	MN5 ACC 4,480·989e12·0.40   4.51933e17   operational
//	PIAST   2,000·2.5e15·0.35   4.46250e17   2026-2027 → 2027.0 + 0.5
//	MeluXina-AI 1,800 (×0.35)   4.01625e17   end 2026 → 2026.9 + 0.5
//	LUMI-G  11,912·383e12·0.34  3.95551e17   operational, retires 2028.0
//	Mimer   1,500 (×0.35)       3.34688e17   late 2026-2027 → 2027.2 + 0.5
//	NLAIF   1,300 (×0.35)       2.90063e17   early 2027 → 2027.15 + 0.5
//	Gaia, 1HealthAI 1,000 each  2.23125e17   2026-2027 → 2027.0 + 0.5
//	RO AIF  800                 1.78500e17   2026 → 2026.5 + 0.5
//	AI:AT   675                 1.50609e17   Jan 2027 → 2027.041667 + 0.5
//	LISA    1,328·989e12·0.40   1.33966e17   operational
//	Daedalus 1,000·989e12·0.40  1.00878e17   autumn 2026 → 2026.8 + 0.5
//
// (sites planned for 2028.0, LUMI-AI and Alice Recoque among them, come after
// the run ends.) With overlap and 100 Gbit/s the synchronisation (≤ 2·405e9·4 /
// 100e9 = 32.4 s) hides behind the inner steps (100·6·405e9·16e6 / R ≥ 4,000 s),
// so eta_total(k) = exp(−0.024·(log2 k)^1.8)·0.95·0.97, and each segment takes
// the k largest rates maximising eta_total(k)·Σ. Adding the k+1-th site pays
// when its rate exceeds (eta(k)/eta(k+1) − 1)·Σ_k; Daedalus never passes
// (1.0088e17 < 0.0141·7.77e18).
//
//	segment                 sites k  effective rate   compute at end
//	2027.5 – 2027.541667     13  12  5.594881e18     7.356710e24
//	2027.541667 – 2027.65    14  13  5.624690e18     2.658606e25
//	2027.65 – 2027.7         15  14  5.755140e18     3.566698e25
//	2027.7 –                 16  15  5.916075e18     reaches 3.8e25
//
// The last segment needs (3.8e25 − 3.566698e25)/(5.916075e18·31,557,600) =
// 0.012496275 y, so pre-training ends at 2027.712496275 and the model is ready
// at 2027.962496275. Lead = 2033.228450818 − 2027.962496275 = 5.265954543.
func TestCentralCase(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBinding(s)
	if err != nil {
		t.Fatal(err)
	}
	in := b.NewInputs()
	b.Central(in)
	out := model.NewResult(b.Regions(), b.MaxSites())
	model.Evaluate(in, model.NewWorkspace(b.MaxSites()), out)

	check := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.9f, want %.9f", name, got, want)
		}
	}
	check("campus lead", in.Campus.Lead1GW, 7.0, 1e-12)
	check("campus year", out.Campus.Year, 2033.228450818, 1e-8)
	check("federation year", out.Federation.Year, 2027.962496275, 1e-8)
	check("lead", out.Lead, 5.265954543, 1e-8)
	check("effective rate", out.Federation.EffectiveRate, 5.916075301e18, 1e10)
	if k := out.Federation.Efficiency.Replicas; k != 15 {
		t.Errorf("replicas = %d, want 15", k)
	}
	if out.Federation.Year < 2027.5 || out.Federation.Year > 2029.0 ||
		out.Campus.Year < 2032.5 || out.Campus.Year > 2034.5 || out.Lead <= 3 {
		t.Errorf("central case outside MODEL.md §7: federation %.3f, campus %.3f",
			out.Federation.Year, out.Campus.Year)
	}
	// MODEL.md §7: the federation's effective rate is of order 1e18 to 1e19.
	if r := out.Federation.EffectiveRate; r < 1e18 || r > 1e19 {
		t.Errorf("effective rate %.3g outside 1e18–1e19", r)
	}
}
