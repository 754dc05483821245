package subject

import (
	"fmt"
	"html/template"
	"io"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/crmscan/crmscan/reporters"
)

// The access report (art. 15) for the person: their data as found, and
// the information art. 15(1) and (2) require besides it, from the
// organisation's file (--org). It names sources by file or database kind,
// not by internal path, unless ShowPaths; it holds the person's own values
// and nobody else's (possible matches are listed without values).

// accessLabels are the access report's words, the [access] area of
// reporters/labels.toml; the legal references are in the notation of each
// language.
var accessLabels = reporters.LabelArea("access")

type accessField struct {
	Label  string
	Values []string
	Fill   bool // not in the organisation's file
}

type accessRowView struct {
	Row      int64
	NameOnly bool
	Values   []colValue
	How      []string
}

type accessTableView struct {
	Name string
	Rows []accessRowView
}

type accessSourceView struct {
	Name   string
	Tables []accessTableView
}

type accessLinkedView struct {
	Where  string
	Row    int64
	Values []colValue
	Via    string
}

type accessSubjectView struct {
	Label      string
	SearchedBy string
	Capped     bool
	Categories []accessField
	Sources    []accessSourceView
	Linked     []accessLinkedView
	Possible   []string
	Notes      []string
}

type accessView struct {
	Lang      string
	L         map[string]string
	Info      []accessField
	Rights    []string
	Subjects  []accessSubjectView
	Unread    string
	Errors    []string // with ShowPaths only
	Footer    string
	Complaint string
}

func (r *Result) lang() string {
	if r.Lang == "nl" {
		return "nl"
	}
	return "en"
}

// where names a source and table for the person: with ShowPaths the path
// as scanned; otherwise the file's own name (no folders, no archive
// path) or "database", so that no internal path leaves the organisation.
func (r *Result) where(L map[string]string, p, kind, table, sheet string) (src, tbl string) {
	tbl = table
	if sheet != "" && !strings.Contains(table, sheet) {
		tbl += " (" + L["sheet"] + " " + sheet + ")"
	}
	if r.ShowPaths {
		return p + " (" + kind + ")", tbl
	}
	if dbKinds[kind] || strings.Contains(p, "://") {
		src = L["database"]
	} else {
		src = path.Base(strings.ReplaceAll(p, "\\", "/"))
	}
	if i := strings.LastIndexAny(tbl, "/\\"); i >= 0 {
		tbl = tbl[i+1:] // a member's folders inside an archive
	}
	if tbl == src {
		tbl = ""
	}
	return src, tbl
}

// howText says in the person's language how an identifier matched.
func howText(L map[string]string, m accessMatch) string {
	s := L["how_"+m.Identifier]
	if s == "" {
		s = m.Identifier
	}
	if m.whole {
		return s + " " + fmt.Sprintf(L["how_column"], m.Column)
	}
	return s + " " + fmt.Sprintf(L["how_text"], m.Column)
}

// accessView builds the localized access report from the disclosure.
func (r *Result) accessView() *accessView {
	l := r.lang()
	L := accessLabels[l]
	d := r.access()
	v := &accessView{Lang: l, L: L}

	org := r.Org
	if org == nil {
		org = &Org{}
	}
	field := func(key string, vals ...string) {
		var keep []string
		for _, s := range vals {
			if strings.TrimSpace(s) != "" {
				keep = append(keep, s)
			}
		}
		f := accessField{Label: L[key], Values: keep}
		if len(keep) == 0 {
			f.Values, f.Fill = []string{L["fill"]}, true
		}
		v.Info = append(v.Info, f)
	}
	field("controller", org.Controller)
	field("contact", org.Contact)
	if org.DPO != "" {
		field("dpo", org.DPO)
	}
	field("purposes", org.Purposes...)
	if len(org.LegalBasis) > 0 {
		field("legal_basis", org.LegalBasis...)
	}
	field("recipients", org.Recipients...)
	if org.Transfers != "" {
		field("transfers", org.Transfers)
	}
	field("retention", org.Retention)
	field("source", org.Source)
	field("automated", org.AutomatedDecisions)
	for _, k := range []string{"right_15", "right_16", "right_17", "right_18", "right_21", "right_20"} {
		v.Rights = append(v.Rights, L[k])
	}
	if org.Rights != "" {
		v.Rights = append(v.Rights, org.Rights)
	}
	v.Complaint = L["complaint_ap"]
	if org.Complaint != "" {
		v.Complaint = org.Complaint // another authority (Belgium: the GBA)
	}

	for si, as := range d.Subjects {
		sv := accessSubjectView{Label: as.Label, Capped: as.Capped}
		if n, ok := strings.CutPrefix(as.Label, "subject "); ok && r.Matcher.Subjects[si].Label == as.Label {
			sv.Label = fmt.Sprintf(L["subject_n"], n) // the default label, in the person's language
		}
		var ids []string
		for _, id := range as.Identifiers {
			ids = append(ids, id.Given) // the person's own identifiers
		}
		sv.SearchedBy = strings.Join(ids, ", ")
		kinds := map[string]bool{}
		for _, src := range as.Sources {
			var sview *accessSourceView
			for _, t := range src.Tables {
				name, tbl := r.where(L, src.Path, src.Kind, t.Table, t.Sheet)
				if sview == nil || sview.Name != name {
					sv.Sources = append(sv.Sources, accessSourceView{Name: name})
					sview = &sv.Sources[len(sv.Sources)-1]
				}
				tv := accessTableView{Name: tbl}
				for _, row := range t.Rows {
					rv := accessRowView{Row: row.Row, NameOnly: row.NameOnly, Values: row.Values}
					for _, m := range row.Matched {
						kinds[m.Identifier] = true
						rv.How = append(rv.How, L["found_by"]+" "+howText(L, m))
					}
					tv.Rows = append(tv.Rows, rv)
				}
				sview.Tables = append(sview.Tables, tv)
				if r.Report != nil {
					for _, c := range r.Report.Columns {
						if c.Source == src.Source && c.Table == t.Table {
							for k := range c.Detections {
								kinds[k] = true
							}
						}
					}
				}
			}
		}
		for _, lk := range as.Linked {
			src, tbl := r.where(L, lk.Path, lk.Kind, lk.Table, lk.Sheet)
			where := src
			if tbl != "" {
				where += ", " + tbl
			}
			via := lk.Via
			if !r.ShowPaths {
				via = lk.ParentTable
				if i := strings.LastIndexAny(via, "/\\"); i >= 0 {
					via = via[i+1:]
				}
			}
			sv.Linked = append(sv.Linked, accessLinkedView{Where: where, Row: lk.Row, Values: lk.Values, Via: via})
		}
		for _, p := range as.Possible {
			src, tbl := r.where(L, p.Path, p.Kind, p.Table, p.Sheet)
			where := src
			if tbl != "" {
				where += ", " + tbl
			}
			sv.Possible = append(sv.Possible, fmt.Sprintf("%s, %s %d (%s %.2f)", where, strings.ToLower(L["row"]), p.Row, L["similarity"], p.Score))
		}
		if slices.Contains(r.notes(si), NoteNameOnly) {
			sv.Notes = append(sv.Notes, L["note_name"])
		}
		ordinary, special := reporters.DataCategories(l, slices.Sorted(maps.Keys(kinds)))
		if len(ordinary) > 0 {
			sv.Categories = append(sv.Categories, accessField{Label: L["categories"], Values: ordinary})
		}
		if len(special) > 0 {
			sv.Categories = append(sv.Categories, accessField{Label: L["special"], Values: special})
		}
		v.Subjects = append(v.Subjects, sv)
	}
	if n := len(d.Errors); n > 0 {
		v.Unread = fmt.Sprintf(L["unread"], n)
		if r.ShowPaths {
			for _, e := range d.Errors {
				v.Errors = append(v.Errors, e.Source+": "+e.Message)
			}
		}
	}
	v.Footer = L["generated"] + " crmscan " + d.Tool.Version
	if day := d.Scan.Finished; len(day) >= 10 {
		v.Footer += ", " + day[:10]
	}
	return v
}

var accessHTML = template.Must(template.New("access").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.L.title}}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#1f2933}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}.how{color:#555;font-size:.9em}
dl.info dt{font-weight:600;margin-top:.6em}dl.info dd{margin:0 0 0 1.5em}.fill{background:#fff7d6}</style>
</head><body>
<h1>{{.L.title}}</h1>
<p>{{.L.intro}}</p>
<p><em>{{.L.notice}}</em></p>
{{range .Subjects}}<h2>{{.Label}}</h2>
<p>{{$.L.searched_by}}: {{.SearchedBy}}</p>
{{if .Capped}}<p><strong>{{$.L.capped}}</strong></p>{{end}}
<h3>{{$.L.data}}</h3>
{{if not .Sources}}<p>{{$.L.not_found}}</p>{{end}}
{{range .Sources}}<h4>{{.Name}}</h4>
{{range .Tables}}{{if .Name}}<h5>{{$.L.table}} {{.Name}}</h5>{{end}}
{{range .Rows}}<table><tr><th colspan="2">{{$.L.row}} {{.Row}}{{if .NameOnly}} ({{$.L.name_only}}){{end}}</th></tr>
{{range .Values}}<tr><td>{{.Column}}</td><td>{{.Value}}</td></tr>{{end}}
<tr><td colspan="2" class="how">{{range .How}}{{.}}<br>{{end}}</td></tr></table>
{{end}}{{end}}{{end}}
{{if .Linked}}<h3>{{$.L.linked}}</h3>
{{range .Linked}}<table><tr><th colspan="2">{{.Where}}, {{$.L.row}} {{.Row}}</th></tr>
{{range .Values}}<tr><td>{{.Column}}</td><td>{{.Value}}</td></tr>{{end}}
<tr><td colspan="2" class="how">{{$.L.refers}} {{.Via}}</td></tr></table>
{{end}}{{end}}
{{if .Possible}}<h3>{{$.L.possible}}</h3><p class="how">{{$.L.possible_txt}}</p><ul>
{{range .Possible}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Categories}}<dl class="info">{{range .Categories}}<dt>{{.Label}}</dt><dd>{{range $i, $v := .Values}}{{if $i}}, {{end}}{{$v}}{{end}}</dd>{{end}}</dl>{{end}}
{{range .Notes}}<p class="how">{{.}}</p>{{end}}
{{end}}
<h2>{{.L.about}}</h2>
<dl class="info">
{{range .Info}}{{$fill := .Fill}}<dt>{{.Label}}</dt>{{range .Values}}<dd{{if $fill}} class="fill"{{end}}>{{.}}</dd>{{end}}
{{end}}<dt>{{.L.rights}}</dt>{{range .Rights}}<dd>{{.}}</dd>{{end}}
<dt>{{.L.complaint}}</dt><dd>{{.Complaint}}</dd>
</dl>
{{if .Unread}}<p class="how">{{.Unread}}</p>{{range .Errors}}<p class="how">{{.}}</p>{{end}}{{end}}
<p class="how">{{.Footer}}</p>
</body></html>
`))

// WriteAccessHTML writes the access report as a self-contained HTML page
// in the report's language (Lang), with the organisation's art. 15
// information (Org) and without internal paths unless ShowPaths.
func (r *Result) WriteAccessHTML(w io.Writer) error { return accessHTML.Execute(w, r.accessView()) }

// WriteAccessText writes the same access report as plain text, for an
// e-mail or a letter.
func (r *Result) WriteAccessText(w io.Writer) error {
	v := r.accessView()
	L := v.L
	ew := &errWriter{w: w}
	// Escape: a control character in a value or a name (a newline in a
	// note, a terminal escape) shows as \n or \x1b rather than acting.
	line := func(s string) { ew.printf("%s\n", reporters.Escape(s)) }
	under := func(s string, c string) { line(s); line(strings.Repeat(c, len([]rune(s)))) }
	under(L["title"], "=")
	line("")
	line(L["intro"])
	line("")
	line(L["notice"])
	for _, s := range v.Subjects {
		line("")
		under(s.Label, "-")
		line(L["searched_by"] + ": " + s.SearchedBy)
		if s.Capped {
			line(L["capped"])
		}
		line("")
		line(L["data"] + ":")
		if len(s.Sources) == 0 {
			line("  " + L["not_found"])
		}
		for _, src := range s.Sources {
			for _, t := range src.Tables {
				where := src.Name
				if t.Name != "" {
					where += ", " + L["table"] + " " + t.Name
				}
				for _, row := range t.Rows {
					head := fmt.Sprintf("  %s, %s %d", where, strings.ToLower(L["row"]), row.Row)
					if row.NameOnly {
						head += " (" + L["name_only"] + ")"
					}
					line(head)
					for _, cv := range row.Values {
						line("    " + cv.Column + ": " + cv.Value)
					}
					for _, h := range row.How {
						line("    (" + h + ")")
					}
				}
			}
		}
		if len(s.Linked) > 0 {
			line("")
			line(L["linked"] + ":")
			for _, lk := range s.Linked {
				line(fmt.Sprintf("  %s, %s %d (%s %s)", lk.Where, strings.ToLower(L["row"]), lk.Row, L["refers"], lk.Via))
				for _, cv := range lk.Values {
					line("    " + cv.Column + ": " + cv.Value)
				}
			}
		}
		if len(s.Possible) > 0 {
			line("")
			line(L["possible"] + ": " + L["possible_txt"])
			for _, p := range s.Possible {
				line("  " + p)
			}
		}
		for _, c := range s.Categories {
			line("")
			line(c.Label + ": " + strings.Join(c.Values, ", "))
		}
		for _, n := range s.Notes {
			line("")
			line(n)
		}
	}
	line("")
	under(L["about"], "-")
	for _, f := range v.Info {
		line(f.Label + ":")
		for _, s := range f.Values {
			line("  " + s)
		}
	}
	line(L["rights"] + ":")
	for _, s := range v.Rights {
		line("  - " + s)
	}
	line(L["complaint"] + ":")
	line("  " + v.Complaint)
	if v.Unread != "" {
		line("")
		line(v.Unread)
		for _, e := range v.Errors {
			line("  " + e)
		}
	}
	line("")
	line(v.Footer)
	return ew.err
}
