package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/euromesh/euromesh-mc/model"
	"github.com/euromesh/euromesh-mc/params"
)

// runCentral prints the deterministic central case (MODEL.md §7).
func runCentral(args []string, stdout io.Writer) error {
	fs := newFlags("central")
	po := addParamFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, b, err := po.bind()
	if err != nil {
		return err
	}
	in := b.NewInputs()
	b.Central(in)
	out := model.NewResult(b.Regions(), b.MaxSites())
	model.Evaluate(in, model.NewWorkspace(b.MaxSites()), out)
	return writeCentral(stdout, b, in, out)
}

func writeCentral(w io.Writer, b *params.Binding, in *model.Inputs, r *model.Result) error {
	f, c := &r.Federation, &r.Campus
	ids := b.SiteIDs()
	used := make([]string, len(f.SitesUsed))
	for i, s := range f.SitesUsed {
		used[i] = ids[s]
	}
	e := f.Efficiency
	var sb strings.Builder
	fmt.Fprintf(&sb, "Central case: every parameter at its central value, every region "+
		"feasible,\ncampus 1 GW lead = siting-weighted mean of the regional leads = %.2f y\n\n",
		in.Campus.Lead1GW)
	fmt.Fprintf(&sb, "federation year   %s   (start %.2f, pre-training ends %s)\n",
		yr(f.Year), f.Start, yr(f.End))
	fmt.Fprintf(&sb, "campus year       %s   (energized %s, full rate %.3g FLOP/s)\n",
		yr(c.Year), yr(c.Energize), c.FullRate)
	if math.IsNaN(r.Lead) {
		fmt.Fprintf(&sb, "lead              none: a path never reaches the target\n")
	} else {
		fmt.Fprintf(&sb, "lead              %.3f years\n", r.Lead)
	}
	fmt.Fprintf(&sb, "efficiency        eta_alg %.4f  eta_inner %.4f  CU %.4f  "+
		"eta_total %.4f  (M = %d replicas)\n", e.EtaAlg, e.EtaInner, e.CU, e.Total, e.Replicas)
	fmt.Fprintf(&sb, "federation rate   raw %.3g FLOP/s, effective %.3g FLOP/s at the end; "+
		"mean %.3g FLOP/s\n", f.RawRate, f.EffectiveRate, f.MeanEffectiveRate)
	fmt.Fprintf(&sb, "sites used        %d of %d eligible: %s\n", len(used), f.SitesEligible,
		strings.Join(used, ", "))
	fmt.Fprintf(&sb, "federation energy %.0f MWh, cost %.3g EUR, carbon %.0f t CO2e\n\n",
		f.EnergyMWh, f.CostEUR, f.CarbonT)
	if _, err := io.WriteString(w, sb.String()); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "region\tready\tcampus year\t40 MW year\tfed beats\tenergy MWh\t"+
		"cost MEUR\tcarbon t\tscore\trank\t")
	for i, rg := range b.Set().Regions {
		rr := r.Regions[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%.0f\t%.1f\t%.0f\t%.3f\t%d\t\n", rg.ID,
			yr(rr.Ready), yr(rr.CampusYear), yr(rr.Year40MW), rr.FedBeats, rr.EnergyMWh,
			rr.CostEUR/1e6, rr.CarbonT, rr.Score, rr.Rank)
	}
	return tw.Flush()
}

func yr(v float64) string {
	if math.IsNaN(v) {
		return "never"
	}
	return fmt.Sprintf("%.3f", v)
}
