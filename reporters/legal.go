package reporters

import (
	"strings"
)

// LegalRefs writes a finding's legal references for a reader of lang. The
// rules keep them in one neutral form ("Art. 5(1)(c)", "UAVG Art. 46",
// "Recital 38"); JSON and SARIF properties keep that form for machines.
// In Dutch they read as Dutch practice writes them: "art. 5 lid 1 sub c
// AVG", "art. 46 UAVG", "overweging 38 AVG", "art. 4 onder 11 AVG", joined
// with semicolons, since a comma already separates an article's parts.
func LegalRefs(lang string, refs []string) string {
	if lang != "nl" {
		return strings.Join(refs, ", ")
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = legalNL(r)
	}
	return strings.Join(out, "; ")
}

// legalNL rewrites one reference in Dutch notation; a form it does not
// know stays as it is.
func legalNL(ref string) string {
	r := strings.TrimSpace(ref)
	law := "AVG"
	if rest, ok := strings.CutPrefix(r, "UAVG "); ok {
		law, r = "UAVG", rest
	}
	if n, ok := strings.CutPrefix(r, "Recital "); ok {
		return "overweging " + n + " " + law
	}
	rest, ok := strings.CutPrefix(r, "Art. ")
	if !ok {
		return ref
	}
	// "5(1)(c)": the article, then its paragraph (lid) and point (sub);
	// article 4's numbered parts are definitions ("onder").
	num, parts := rest, []string(nil)
	if i := strings.IndexByte(rest, '('); i > 0 {
		num = rest[:i]
		for _, p := range strings.Split(strings.TrimSuffix(rest[i+1:], ")"), ")(") {
			if p == "" || strings.ContainsAny(p, "() ") {
				return ref
			}
			parts = append(parts, p)
		}
	}
	var b strings.Builder
	b.WriteString("art. ")
	b.WriteString(num)
	for j, p := range parts {
		switch {
		case num == "4" && law == "AVG" && j == 0:
			b.WriteString(" onder ")
		case j == 0:
			b.WriteString(" lid ")
		default:
			b.WriteString(" sub ")
		}
		b.WriteString(p)
	}
	b.WriteString(" ")
	b.WriteString(law)
	return b.String()
}
