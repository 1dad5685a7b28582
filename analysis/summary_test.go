package analysis

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestSummarize checks the headline on outcomes small enough to count by hand.
func TestSummarize(t *testing.T) {
	nan := math.NaN()
	o := &Outcomes{
		// Draws: fed wins (2028 < 2033), fed wins (no campus), campus wins
		// (2031 < 2032), neither finishes.
		FedYear:    []float64{2028, 2029, 2032, nan},
		CampusYear: []float64{2033, nan, 2031, nan},
		Lead:       []float64{5, nan, -1, nan},
		FedWins:    []bool{true, true, false, false},
		Regions: []RegionOutcomes{{ID: "fr", CampusYear: []float64{2030, 2031, nan, 2040},
			FedBeats: []bool{true, true, false, false}, Rank: []int{1, 1, 0, 2}}},
	}
	s := Summarize(o, "iid")
	// 2 wins of 4: p = 0.5, s.e. = √(0.25/4) = 0.25.
	if s.PFedBeatsCampus.P != 0.5 || s.PFedBeatsCampus.SE != 0.25 {
		t.Errorf("P(win) = %v ± %v, want 0.5 ± 0.25", s.PFedBeatsCampus.P, s.PFedBeatsCampus.SE)
	}
	if s.PFedFinishes.P != 0.75 || s.PCampusFinishes.P != 0.5 || s.PNeither.P != 0.25 {
		t.Errorf("P(fed) %v, P(campus) %v, P(neither) %v; want 0.75, 0.5, 0.25",
			s.PFedFinishes.P, s.PCampusFinishes.P, s.PNeither.P)
	}
	// Ready by the end of 2028 means fed_year < 2029: only the first draw.
	if p := s.PFedReadyBy["2028"].P; p != 0.25 {
		t.Errorf("P(ready by end of 2028) = %v, want 0.25", p)
	}
	// Type-7 median of the present years {2028, 2029, 2032} is 2029; of the
	// leads {5, −1}: −1 + 0.5·6 = 2.
	if s.FedYear.Present != 3 || s.FedYear.Quantiles["p50"] != 2029 || s.Lead.Quantiles["p50"] != 2 {
		t.Errorf("fed_year %+v, lead %+v", s.FedYear, s.Lead)
	}
	r := s.Regions[0]
	// Median of {2030, 2031, 2040} is 2031; 3 of 4 finish; rank 1 in 2 of 4.
	if r.MedianCampusYear != 2031 || r.PCampusFinishes != 0.75 || r.PRank1 != 0.5 ||
		r.PFedBeats.P != 0.5 {
		t.Errorf("region %+v", r)
	}

	// A quantity with no values is null in JSON, and null reads back as NaN.
	none := Summarize(&Outcomes{FedYear: []float64{2028}, CampusYear: []float64{nan},
		Lead: []float64{nan}, FedWins: []bool{true}}, "iid")
	data, err := json.Marshal(none)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"p50":null`) {
		t.Errorf("missing median not null: %s", data)
	}
	var back Summary
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(back.CampusYear.Quantiles["p50"])) {
		t.Errorf("null read back as %v", back.CampusYear.Quantiles["p50"])
	}
}
