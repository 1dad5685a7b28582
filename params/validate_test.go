package params

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2},
		{"federation.goodput", "federation.goodput", 0},
		{"federation.coordinaton_delay", "federation.coordination_delay", 1},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSimilar(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Similar("federation.adressable_fraction", 8); !slices.Equal(got,
		[]string{"federation.addressable_fraction"}) {
		t.Errorf("Similar = %v", got)
	}
	// Every region has a lead_1gw; the last part matches them all, capped.
	if got := s.Similar("lead_1gw", 3); !slices.Equal(got,
		[]string{"regions.de.lead_1gw", "regions.es.lead_1gw", "regions.fr.lead_1gw"}) {
		t.Errorf("Similar = %v", got)
	}
	if got := s.unknownName("zzz.qqq"); got !=
		"a parameter of the default set (see `euromesh-mc params list`)" {
		t.Errorf("unknownName = %q", got)
	}
}
