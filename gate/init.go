package gate

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crmscan/crmscan/reporters"
	"github.com/crmscan/crmscan/rules"
)

// InitOptions are the facts a starting policy is written with.
type InitOptions struct {
	Recipient string    // placeholder recipient (the export folder's name)
	Targets   []string  // what was scanned, for the header comment
	Now       time.Time // the scan's clock
}

// Init writes a starting policy from the scan of a known-good export: it
// allows exactly the kinds found (with the columns that hold each),
// max_rows is the largest table's row count rounded up, the consent columns
// found become [[require]] entries, and the recipient and agreement are
// placeholders marked TODO. The result loads with Parse, and gating the
// same export with it passes, unless the export holds opted-out or deleted
// rows; notes lists what a reviewer should look at.
func Init(rep *reporters.Report, o InitOptions) (policy []byte, notes []string) {
	found := map[string][]string{} // kind -> "column (table)"
	var maxRows int64
	pii := map[string]bool{}
	many := len(rep.Tables) > 1
	for i := range rep.Columns {
		col := readColumn(&rep.Columns[i])
		if len(col.kinds) == 0 {
			continue
		}
		pii[col.c.Source+"\x00"+col.c.Table] = true
		where := col.c.Column
		if many {
			where += " (" + col.c.Table + ")"
		}
		for _, k := range col.kinds {
			found[k] = appendUniq(found[k], where)
		}
		if col.notes {
			found[AliasNotes] = appendUniq(found[AliasNotes], where)
		}
	}
	var consent []string
	for _, t := range rep.Tables {
		if !pii[t.Source+"\x00"+t.Table] {
			continue
		}
		rows := t.Rows
		for _, s := range rep.Sources {
			if s.ID == t.Source && s.Tables == 1 && s.RowsTotal > rows {
				rows = s.RowsTotal
			}
		}
		maxRows = max(maxRows, rows)
		for _, c := range t.ConsentColumns {
			consent = appendUniq(consent, c)
		}
		if t.OptedOutRows > 0 {
			notes = append(notes, fmt.Sprintf("table %s holds %d rows of people who opted out; the gate refuses them", t.Table, t.OptedOutRows))
		}
		if t.DeletedRows > 0 {
			notes = append(notes, fmt.Sprintf("table %s holds %d rows marked deleted; the gate refuses them", t.Table, t.DeletedRows))
		}
	}

	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# crmscan export policy: what one recipient may receive.\n")
	p("# Checked by `crmscan gate --policy THIS_FILE EXPORT...` before an upload.\n")
	p("# Written by `crmscan gate --init-policy` on %s from a scan of: %s\n", o.Now.Format("2006-01-02"), strings.Join(o.Targets, " "))
	p("# Review every line, fill in the TODOs, and commit it with the export job.\n\n")

	p("# Who receives the export, and for what purpose (GDPR art. 5(1)(b)).\n")
	p("recipient = %s # TODO: the recipient's legal name\n", strconv.Quote(o.Recipient))
	p("purpose = \"TODO: what the recipient does with the data\"\n\n")

	p("# The processor agreement (verwerkersovereenkomst, GDPR art. 28): its\n")
	p("# reference and last day. The gate fails from the day after agreement_end.\n")
	p("agreement = \"TODO: reference of the processor agreement\"\n")
	p("agreement_end = %s # TODO: placeholder (one year from today); the agreement's real end date\n\n", o.Now.AddDate(1, 0, 0).Format("2006-01-02"))

	p("# Where the recipient stores or processes the data (ISO 3166 codes). A\n")
	p("# country outside the EEA needs an EU adequacy decision, standard\n")
	p("# contractual clauses (sccs = true, or per country under [transfers]) or,\n")
	p("# for the US, certification under the Data Privacy Framework (dpf = true).\n")
	p("countries = [\"NL\"] # TODO: check with the recipient (and its sub-processors)\n")
	p("# sccs = true\n# dpf = true\n\n")

	p("# The kinds of personal data the recipient may receive; any other kind\n")
	p("# fails the gate. Special categories, national IDs and free-text notes\n")
	p("# pass only when named here. `crmscan rules --format json` lists the kinds;\n")
	p("# the aliases are national_id, special, notes and the kinds' other tags\n")
	p("# (contact, financial, identity, location, online, credential...).\n")
	kinds := slices.Sorted(maps.Keys(found))
	if len(kinds) == 0 {
		p("allow = [] # the scan found no personal data\n")
	} else {
		p("allow = [\n")
		for _, k := range kinds {
			warn := ""
			switch {
			case isSpecial(k):
				warn = " WARNING: special category data (art. 9/10): does the agreement cover it?"
			case isNationalID(k):
				warn = " WARNING: a national identification number (UAVG art. 46): is it needed?"
			case hasTag(k, "credential"):
				warn = " WARNING: passwords or password hashes (art. 32): no recipient should need them."
			case k == AliasNotes:
				warn = " WARNING: free text can hold anything: could the export leave it out?"
			}
			p("  %-22s # columns: %s.%s\n", strconv.Quote(k)+",", strings.Join(found[k], ", "), warn)
		}
		p("]\n")
	}
	p("# deny = [\"special\", \"national_id\"] # deny wins over allow (e.g. allow notes, deny special)\n\n")

	p("# The most rows one table of the export may hold (the scan found %d).\n", maxRows)
	if maxRows > 0 {
		p("max_rows = %d\n\n", roundUp(maxRows))
	} else {
		p("# max_rows = 1000\n\n")
	}
	p("# Rows of people who opted out and records marked deleted never pass,\n")
	p("# unless the recipient keeps a suppression list for you:\n")
	p("# allow_opted_out = true\n# allow_deleted = true\n")

	if len(consent) > 0 {
		p("\n# Columns every table with personal data must have; equals is the value\n")
		p("# every row must hold (crmscan reads it in consent and opt-out columns).\n")
		for _, c := range consent {
			eq := "true"
			if rules.OptOutColumn(rules.NormColumn(c)) {
				eq = "false"
			}
			p("[[require]]\ncolumn = %s\nequals = %q\n", strconv.Quote(c), eq)
		}
	} else {
		p("\n# Columns every table with personal data must have, e.g. the opt-in:\n")
		p("# [[require]]\n# column = \"opt_in\"\n# equals = \"true\"\n")
	}
	sort.Strings(notes)
	return b.Bytes(), notes
}

// roundUp rounds n up to two significant digits, at least 10: 4 -> 10,
// 4321 -> 4400.
func roundUp(n int64) int64 {
	if n <= 10 {
		return 10
	}
	m := int64(1)
	for n/m >= 100 {
		m *= 10
	}
	return (n + m - 1) / m * m
}

func appendUniq(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
