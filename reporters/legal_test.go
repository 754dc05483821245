package reporters

import "testing"

func TestLegalRefs(t *testing.T) {
	for _, c := range []struct {
		in []string
		nl string
		en string
	}{
		{[]string{"Art. 5(1)(c)"}, "art. 5 lid 1 sub c AVG", "Art. 5(1)(c)"},
		{[]string{"UAVG Art. 46", "Art. 87"}, "art. 46 UAVG; art. 87 AVG", "UAVG Art. 46, Art. 87"},
		{[]string{"Recital 38", "Art. 8"}, "overweging 38 AVG; art. 8 AVG", "Recital 38, Art. 8"},
		{[]string{"Art. 4(11)", "Art. 9(1)"}, "art. 4 onder 11 AVG; art. 9 lid 1 AVG", "Art. 4(11), Art. 9(1)"},
		{[]string{"Art. 28(3)(a)", "Art. 37(1)(c)"}, "art. 28 lid 3 sub a AVG; art. 37 lid 1 sub c AVG", "Art. 28(3)(a), Art. 37(1)(c)"},
		{[]string{"Wbp art. 1"}, "Wbp art. 1", "Wbp art. 1"},
	} {
		if got := LegalRefs("nl", c.in); got != c.nl {
			t.Errorf("LegalRefs(nl, %q) = %q, want %q", c.in, got, c.nl)
		}
		if got := LegalRefs("en", c.in); got != c.en {
			t.Errorf("LegalRefs(en, %q) = %q, want %q", c.in, got, c.en)
		}
	}
}
