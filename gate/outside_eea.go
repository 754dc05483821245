package gate

// CountryTransfer is one country of a policy outside the EEA and the
// safeguard that covers the transfer to it (GDPR chapter V).
type CountryTransfer struct {
	Country string
	// Safeguard is "adequacy" (art. 45), "sccs" (art. 46), "dpf" (the
	// EU-US Data Privacy Framework) or "" when none covers it.
	Safeguard string
}

// OutsideEEA lists the policy's countries outside the EEA with their
// safeguards, in the policy's order: what a register of processing names
// as transfers to third countries (art. 30(1)(e)).
func (p *Policy) OutsideEEA() []CountryTransfer {
	var out []CountryTransfer
	for _, c := range p.Countries {
		if eea[c] {
			continue
		}
		t := p.Transfers[c]
		sg := ""
		switch {
		case p.SCCs || t.SCCs:
			sg = "sccs"
		case c == "US" && (p.DPF || t.DPF):
			sg = "dpf"
		case c != "US" && adequate[c] != "":
			sg = "adequacy"
		}
		out = append(out, CountryTransfer{Country: c, Safeguard: sg})
	}
	return out
}
