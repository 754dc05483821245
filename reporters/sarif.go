package reporters

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// SARIF writes the report as SARIF 2.1.0 for code scanning (GitHub, GitLab,
// Azure DevOps): one rule per crmscan rule that fired, one result per
// finding with a masked message, a location relative to the scan root and
// the HMAC fingerprint as a partial fingerprint, so that alerts survive
// re-runs.
//
// A column finding in a CSV or spreadsheet points at the header row (line
// 1), so the annotation a forge shows holds no personal data; a database
// finding carries a logical location db/schema/table/column.
type SARIF struct{}

var _ Encoder = SARIF{}

func init() { Register("sarif", SARIF{}, ".sarif") }

// SARIFSchema is the JSON schema URI of SARIF 2.1.0.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// fingerprintKey names crmscan's fingerprint in partialFingerprints.
const fingerprintKey = "crmscanFingerprint/v1"

// securitySeverity is GitHub's security-severity score per severity.
var securitySeverity = map[string]string{
	"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0",
}

// sarifLevel maps a severity onto a SARIF level.
func sarifLevel(sev string) string {
	switch sev {
	case "critical", "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "note"
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Language           string                      `json:"language,omitempty"`
	Results            []sarifResult               `json:"results"`
	Properties         map[string]any              `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifMessage        `json:"shortDescription"`
	FullDescription      sarifMessage        `json:"fullDescription"`
	Help                 sarifMessage        `json:"help"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision,omitempty"`
	Severity         string   `json:"crmscan-severity"`
	APSteps          []int    `json:"ap-steps"`
	GDPR             []string `json:"gdpr"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

// sarifResultProps are crmscan's facts of one result; the rule carries the
// AP steps and GDPR articles.
type sarifResultProps struct {
	Finding    string  `json:"finding"`
	Severity   string  `json:"severity"`
	Count      int64   `json:"count"`
	Estimated  bool    `json:"estimated,omitempty"`
	TestValue  bool    `json:"test-value,omitempty"`
	Confidence string  `json:"confidence,omitempty"`
	APSteps    []int   `json:"ap-steps,omitempty"`
	Rows       []int64 `json:"rows,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status,omitempty"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical    `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLoc `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int64 `json:"startLine"`
}

type sarifLogicalLoc struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

// Encode implements Encoder.
func (SARIF) Encode(w io.Writer, r *Report) error {
	r = escaped(r) // names, paths and messages: no control characters
	// Compact: a big scan's SARIF must stay under the upload limits of
	// code scanning (GitHub: 10 MB gzipped).
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(buildSARIF(r)); err != nil {
		return err
	}
	return bw.Flush()
}

// sarifLocator turns a finding's location into SARIF locations.
type sarifLocator struct {
	roots   *scanRoots
	baseIDs map[string]string // root -> base id
	order   []string          // roots in order of first use
	kinds   map[string]Source // source id -> source
}

func (l *sarifLocator) baseID(root string) string {
	if id, ok := l.baseIDs[root]; ok {
		return id
	}
	id := "SCANROOT"
	if n := len(l.order); n > 0 {
		id = fmt.Sprintf("SCANROOT%d", n+1)
	}
	l.baseIDs[root] = id
	l.order = append(l.order, root)
	return id
}

// artifact returns the artifact location of a file path as typed.
func (l *sarifLocator) artifact(p string) sarifArtifactLoc {
	if isURL(p) {
		return sarifArtifactLoc{URI: p}
	}
	root, rel := l.roots.split(p)
	return sarifArtifactLoc{URI: uriPath(rel), URIBaseID: l.baseID(root)}
}

// uriBaseIDs returns run.originalUriBaseIds: each scan root as a folder URI,
// relative ones resolved against %SRCROOT% (the checkout or working folder).
func (l *sarifLocator) uriBaseIDs() map[string]sarifArtifactLoc {
	if len(l.order) == 0 {
		return nil
	}
	m := map[string]sarifArtifactLoc{}
	for _, root := range l.order {
		id := l.baseIDs[root]
		switch {
		case strings.HasPrefix(root, "/"):
			u := url.URL{Scheme: "file", Path: strings.TrimSuffix(root, "/") + "/"}
			m[id] = sarifArtifactLoc{URI: u.String()}
		case root == ".":
			m[id] = sarifArtifactLoc{URI: "./", URIBaseID: "%SRCROOT%"}
		default:
			m[id] = sarifArtifactLoc{URI: uriPath(root) + "/", URIBaseID: "%SRCROOT%"}
		}
	}
	return m
}

// locations maps a finding onto SARIF: a file with the header row (or the
// row, where a row is a line) as region; a database with a logical location.
func (l *sarifLocator) locations(f *Finding) []sarifLocation {
	src := l.kinds[f.Location.Source]
	kind := strings.ToLower(src.Kind)
	loc := sarifLocation{}
	if isDatabase(kind, f.Location.Path) {
		loc.LogicalLocations = []sarifLogicalLoc{dbLogical(f)}
		// Code scanning wants a physical location: the SQLite file, or
		// the (redacted) database URL.
		if f.Location.Path != "" {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: l.artifact(f.Location.Path)}
		}
		return []sarifLocation{loc}
	}
	phys := &sarifPhysical{ArtifactLocation: l.artifact(f.Location.Path)}
	header := src.Details["header"] != "false"
	switch kind {
	case "csv", "tsv", "xlsx", "xls", "ods", "excel", "spreadsheet":
		// DESIGN §7: point at the header cell, never at a row of data.
		if header && (f.Location.Table != "" || f.Location.Column != "") {
			phys.Region = &sarifRegion{StartLine: 1}
		}
	case "ndjson", "jsonl":
		// One record a line: the row is the line.
		if len(f.Location.Rows) > 0 && f.Location.Rows[0] > 0 {
			phys.Region = &sarifRegion{StartLine: f.Location.Rows[0]}
		}
	}
	loc.PhysicalLocation = phys
	if f.Location.Table != "" || f.Location.Column != "" {
		loc.LogicalLocations = []sarifLogicalLoc{fileLogical(f)}
	}
	return []sarifLocation{loc}
}

// dbLogical is a database location db/schema/table/column.
func dbLogical(f *Finding) sarifLogicalLoc {
	var parts []string
	if db := dbName(f.Location.Path); db != "" {
		parts = append(parts, db)
	}
	if f.Location.Table != "" {
		parts = append(parts, strings.Split(f.Location.Table, ".")...)
	}
	kind, name := "table", f.Location.Table
	if f.Location.Column != "" {
		parts = append(parts, f.Location.Column)
		kind, name = "column", f.Location.Column
	}
	if len(parts) == 0 {
		return sarifLogicalLoc{Name: f.Location.Path, Kind: "database"}
	}
	return sarifLogicalLoc{Name: name, FullyQualifiedName: strings.Join(parts, "/"), Kind: kind}
}

// fileLogical is a file location sheet/table/column.
func fileLogical(f *Finding) sarifLogicalLoc {
	var parts []string
	for _, p := range []string{f.Location.Sheet, f.Location.Table, f.Location.Column} {
		if p != "" && (len(parts) == 0 || parts[len(parts)-1] != p) {
			parts = append(parts, p)
		}
	}
	kind, name := "table", f.Location.Table
	if f.Location.Column != "" {
		kind, name = "column", f.Location.Column
	}
	return sarifLogicalLoc{Name: name, FullyQualifiedName: strings.Join(parts, "/"), Kind: kind}
}

// dbName is the database a target URL or SQLite path names.
func dbName(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme == "" {
		return strings.TrimSuffix(path.Base(strings.ReplaceAll(p, "\\", "/")), path.Ext(p))
	}
	if db := u.Query().Get("database"); db != "" {
		return db
	}
	if u.Scheme == "sqlite" || u.Scheme == "sqlite3" || u.Scheme == "file" {
		b := path.Base(u.Path)
		return strings.TrimSuffix(b, path.Ext(b))
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		return db
	}
	return u.Host
}

// ruleName turns a rule ID (pii.email) into a SARIF rule name (PiiEmail).
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func buildSARIF(r *Report) *sarifLog {
	l := lang(r)
	stepTitle := map[int]string{}
	for _, c := range r.Checklist {
		stepTitle[c.Step] = c.Title
	}
	loc := &sarifLocator{roots: newScanRoots(r.Scan.Targets), baseIDs: map[string]string{}, kinds: map[string]Source{}}
	for _, s := range r.Sources {
		loc.kinds[s.ID] = s
	}

	// One rule per rule ID, described by its first finding that is not of
	// test values (whose title and severity are those of the test variant).
	ruleIdx := map[string]int{}
	var rules []sarifRule
	repr := map[string]*Finding{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if p, ok := repr[f.Rule]; !ok || (p.TestValue && !f.TestValue) {
			repr[f.Rule] = f
		}
	}
	for i := range r.Findings {
		id := r.Findings[i].Rule
		if _, ok := ruleIdx[id]; ok {
			continue
		}
		ruleIdx[id] = len(rules)
		rules = append(rules, sarifRuleOf(l, repr[id], stepTitle))
	}

	results := make([]sarifResult, 0, len(r.Findings))
	for i := range r.Findings {
		f := &r.Findings[i]
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: ruleIdx[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: sarifText(r, f)},
			Locations: loc.locations(f),
		}
		if f.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{fingerprintKey: f.Fingerprint}
		}
		if r.Scan.Baseline != "" {
			res.BaselineState = "new"
			if f.Baseline {
				res.BaselineState = "unchanged"
			} else if f.Changed {
				res.BaselineState = "updated"
			}
		}
		if f.Baseline {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: f.Justification}}
		}
		res.Properties = &sarifResultProps{Finding: f.ID, Severity: f.Severity, Count: f.Count, Estimated: f.Estimated,
			TestValue: f.TestValue, Confidence: f.Confidence, APSteps: f.APSteps, Rows: f.Location.Rows}
		results = append(results, res)
	}

	inv := sarifInvocation{
		ExecutionSuccessful: !r.Scan.Incomplete,
		StartTimeUTC:        r.Scan.Started,
		EndTimeUTC:          r.Scan.Finished,
	}
	srcByID := map[string]Source{}
	for _, s := range r.Sources {
		srcByID[s.ID] = s
	}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifMessage{Text: e.Source + ": " + e.Message}}
		if s, ok := srcByID[e.Source]; ok && s.Name != "" {
			n.Message.Text = s.Name + ": " + e.Message
			if !isURL(s.Name) {
				n.Locations = []sarifLocation{{PhysicalLocation: &sarifPhysical{ArtifactLocation: loc.artifact(s.Name)}}}
			}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           r.Tool.Name,
			Version:        r.Tool.Version,
			InformationURI: "https://github.com/crmscan/crmscan",
			Rules:          rules,
		}},
		Invocations: []sarifInvocation{inv},
		Results:     results,
		Language:    map[string]string{"en": "en-US", "nl": "nl-NL"}[l],
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "crmscan"
	}
	if run.Tool.Driver.Rules == nil {
		run.Tool.Driver.Rules = []sarifRule{}
	}
	run.OriginalURIBaseIDs = loc.uriBaseIDs()
	props := map[string]any{"schema": r.Schema, "lang": l}
	if r.Summary.Suppressed > 0 {
		props["suppressed"] = r.Summary.Suppressed
	}
	run.Properties = props
	return &sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

func sarifRuleOf(l string, f *Finding, stepTitle map[int]string) sarifRule {
	title := RuleTitle(f)
	var steps []string
	tags := []string{"security", "privacy", "gdpr"}
	if f.Category != "" {
		tags = append(tags, f.Category)
	}
	for _, n := range f.APSteps {
		tags = append(tags, fmt.Sprintf("ap-step-%d", n))
		s := fmt.Sprintf("%d", n)
		if t := stepTitle[n]; t != "" {
			s += " " + t
		}
		steps = append(steps, s)
	}
	tags = uniq(append(tags, f.GDPR...))
	full := fmt.Sprintf("%s. %s: %s. %s: %s.", strings.TrimSuffix(title, "."),
		labelIn(l, "ap_steps"), strings.Join(steps, "; "), labelIn(l, "gdpr"), LegalRefs(l, f.GDPR))
	md := fmt.Sprintf("**%s**\n\n%s\n\n**%s:** %s  \n**%s:** %s",
		mdEscape(labelIn(l, "remediation")), mdEscape(f.Remediation),
		mdEscape(labelIn(l, "ap_steps")), mdEscape(strings.Join(steps, "; ")),
		mdEscape(labelIn(l, "gdpr")), mdEscape(LegalRefs(l, f.GDPR)))
	help := f.Remediation
	if help == "" {
		help = title
	}
	return sarifRule{
		ID:                   f.Rule,
		Name:                 ruleName(f.Rule),
		ShortDescription:     sarifMessage{Text: title},
		FullDescription:      sarifMessage{Text: full},
		Help:                 sarifMessage{Text: help, Markdown: md},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(f.Severity)},
		Properties: sarifRuleProperties{
			Tags:             tags,
			SecuritySeverity: securitySeverity[f.Severity],
			Precision:        map[string]string{"high": "high", "medium": "medium", "low": "low"}[f.Confidence],
			Severity:         f.Severity,
			APSteps:          nonNilInts(f.APSteps),
			GDPR:             nonNilStrings(f.GDPR),
		},
	}
}

// sarifText is a result's message: what, how many, where; masked samples
// only when the report holds masked values.
func sarifText(r *Report, f *Finding) string {
	l := lang(r)
	var b strings.Builder
	switch {
	case f.Location.Column != "":
		fmt.Fprintf(&b, labelIn(l, "msg_col"), f.Title, groupIn(l, f.Count), f.Location.Column)
		if f.Location.Table != "" && !strings.HasSuffix(f.Location.Path, f.Location.Table) {
			fmt.Fprintf(&b, " %s %s", labelIn(l, "of_table"), f.Location.Table)
		}
	case f.Location.Table != "":
		fmt.Fprintf(&b, labelIn(l, "msg_table"), f.Title, f.Location.Table)
	default:
		fmt.Fprintf(&b, labelIn(l, "msg_file"), f.Title, f.Location.Path)
	}
	if f.Estimated {
		b.WriteString(" (" + labelIn(l, "estimated") + ")")
	}
	if len(f.Columns) > 0 {
		fmt.Fprintf(&b, "; %s: %s", strings.ToLower(labelIn(l, "column")), strings.Join(f.Columns, ", "))
	}
	if len(f.Samples) > 0 && !r.Scan.ShowValues {
		fmt.Fprintf(&b, "; %s %s", labelIn(l, "eg"), strings.Join(f.Samples, "  "))
	}
	b.WriteString(". " + labelIn(l, "ap_steps") + " " + stepsOf(f) + ".")
	return b.String()
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// uniq drops repeated strings, keeping the first of each (SARIF tags are a
// set).
func uniq(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
