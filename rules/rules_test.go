package rules

import (
	"errors"
	"sync"
	"testing"
)

func TestDefault(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	for _, id := range []string{"pii.email", "pii.phone", "pii.iban", "pii.bsn"} {
		r, ok := s.Rule(id)
		if !ok {
			t.Fatalf("rule %s missing", id)
		}
		if r.NL.Title == "" || r.NL.Remediation == "" {
			t.Errorf("rule %s has no Dutch text", id)
		}
	}
	if r, _ := s.Rule("pii.bsn"); r.Severity != High {
		t.Errorf("pii.bsn severity = %v, want high (raised to critical in text and exports)", r.Severity)
	}
	steps := s.Steps()
	if len(steps) != 10 || steps[0].NL.Title != "Bewustwording" || steps[9].NL.Title != "Toestemming" {
		t.Errorf("steps = %+v", steps)
	}
	if s.Evaluable(6) || s.Evaluable(9) {
		t.Error("steps 6 and 9 cannot be evaluated from data")
	}
	if !s.Evaluable(3) {
		t.Error("step 3 (records of processing) should be evaluable")
	}
}

func TestApply(t *testing.T) {
	s, _ := Default()
	err := s.Apply([]byte(`
[rules."pii.phone"]
severity = "low"
min_ratio = 0.8
[rules."pii.email"]
disabled = true
nl.title = "Mailadressen"
[tables."crm.leads"]
retention_years = 2
`))
	if err != nil {
		t.Fatalf("Apply() error: %v", err)
	}
	p, _ := s.Rule("pii.phone")
	e, _ := s.Rule("pii.email")
	if p.Severity != Low || p.MinRatio != 0.8 || !e.Disabled || e.Text("nl").Title != "Mailadressen" {
		t.Errorf("overrides not applied: phone %+v email %+v", p, e)
	}
	if e.Text("nl").Remediation == "" {
		t.Error("a partial Dutch override dropped the remediation")
	}

	tests := []struct {
		name, toml string
		want       error
	}{
		{"unknown rule", `[rules."pii.nope"]` + "\nseverity = \"low\"", ErrUnknownRule},
	}
	for _, tt := range tests {
		s, _ := Default()
		if err := s.Apply([]byte(tt.toml)); !errors.Is(err, tt.want) {
			t.Errorf("%s: Apply() = %v, want %v", tt.name, err, tt.want)
		}
	}
	s, _ = Default()
	if err := s.Apply([]byte(`[rules."pii.email"]` + "\nseverity = \"severe\"")); err == nil {
		t.Error("severity \"severe\" was accepted")
	}
	if err := s.Apply([]byte(`[rules."pii.email"]` + "\nseverty = \"low\"")); err == nil {
		t.Error("a misspelt key in [rules] was accepted")
	}
	if err := s.Apply([]byte(`[rules."pii.email"]` + "\nmin_ratio = 3")); err == nil {
		t.Error("min_ratio 3 was accepted")
	}
}

func TestParseSeverity(t *testing.T) {
	for i, n := range []string{"info", "low", "medium", "high", "critical"} {
		s, err := ParseSeverity(n)
		if err != nil || int(s) != i+1 || s.String() != n {
			t.Errorf("ParseSeverity(%q) = %v, %v", n, s, err)
		}
	}
	if _, err := ParseSeverity("HIGH"); err != nil {
		t.Errorf("ParseSeverity(HIGH) = %v, want case-insensitive", err)
	}
}

func TestEvaluable(t *testing.T) {
	s, _ := Default()
	if !s.Evaluable(10) {
		t.Error("step 10 not evaluable with the consent rules enabled")
	}
	// Consent is evaluated by consent rules only; a birth-date rule that
	// mentions step 10 must not make it pass.
	if err := s.Apply([]byte("[rules.\"consent.missing\"]\ndisabled = true\n[rules.\"consent.default_opt_in\"]\ndisabled = true\n[rules.\"children.minor\"]\ndisabled = true")); err != nil {
		t.Fatal(err)
	}
	if s.Evaluable(10) {
		t.Error("step 10 evaluable without any consent.* or children.* rule")
	}
	if err := s.Apply([]byte(`[rules."pii.email"]` + "\ndisabled = true")); err != nil {
		t.Fatal(err)
	}
	if !s.Evaluable(3) {
		t.Error("step 3 not evaluable although other pii rules are enabled")
	}
}

func TestTablesAndParams(t *testing.T) {
	s, _ := Default()
	err := s.Apply([]byte(`
[rules."retention.expired"]
params = { years = 2.0 }
[tables."crm.leads"]
retention_years = 1
`))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Rule("retention.expired")
	if r.Param("years", 7) != 2 {
		t.Errorf("years = %v, want 2", r.Param("years", 7))
	}
	if s.Table("CRM.Leads").RetentionYears != 1 || s.Table("other").RetentionYears != 0 {
		t.Error("per-table retention not applied")
	}
	if err := s.Apply([]byte("[rules.\"retention.expired\"]\nparams = { yeers = 2.0 }")); err == nil {
		t.Error("an unknown parameter was accepted")
	}
	if len(s.Profiles()) < 6 || s.Profiles()[len(s.Profiles())-1].Name != "generic" {
		t.Errorf("profiles = %d", len(s.Profiles()))
	}
	if NormColumn("Last Modified-Date") != "lastmodifieddate" {
		t.Error("NormColumn")
	}
}

// The column-name table knows the words of the vendors and languages CRM
// data is written in (issue 14): French, German, Spanish, Dutch, English and
// the usual abbreviations.
func TestColumnKindLanguages(t *testing.T) {
	for col, want := range map[string]string{
		"courriel": "email", "email_id": "email", "Telefonnummer": "phone", "tel_portable": "phone", "mob": "phone",
		"celular": "phone", "code_postal": "postcode", "PLZ": "postcode", "cp": "postcode", "localite": "address.city",
		"Wohnort": "address.city", "direccion": "address.street", "addr": "address.street", "date_naiss": "date_of_birth",
		"dob": "date_of_birth", "Familienname": "name.last", "sobrenome": "name.last", "employee_name": "name.full",
		"nombre_completo": "name.full", "raison_sociale": "not_person", "country_name": "not_person",
	} {
		if got := ColumnKind(col); got != want {
			t.Errorf("ColumnKind(%q) = %q, want %q", col, got, want)
		}
	}
}

func TestDigest(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Default()
	if a.Digest() != b.Digest() {
		t.Fatalf("two default sets differ: %s, %s", a.Digest(), b.Digest())
	}
	if err := b.Apply([]byte("[rules.\"pii.email\"]\nseverity = \"critical\"\n")); err != nil {
		t.Fatal(err)
	}
	if a.Digest() == b.Digest() {
		t.Fatalf("a changed severity keeps the digest %s", a.Digest())
	}
}

// A description whose column word is not in normalised form (it would
// never match a column) is rejected, as are one without labels or
// examples; the embedded descriptions all pass.
func TestDetectorSpecValidate(t *testing.T) {
	good := DetectorSpec{ID: "x", Priority: 1, Tags: []string{"contact"}, EN: "x", NL: "x",
		Columns: []string{"email"}, ColumnsWhole: []string{"mail2"}, Examples: Examples{Positives: []string{"a"}}}
	if err := good.validate(); err != nil {
		t.Fatalf("valid description rejected: %v", err)
	}
	for name, change := range map[string]func(*DetectorSpec){
		"upper-case word":  func(d *DetectorSpec) { d.Columns = []string{"Email"} },
		"dash in within":   func(d *DetectorSpec) { d.ColumnsWithin = []string{"e-mail"} },
		"space in word":    func(d *DetectorSpec) { d.ColumnsWord = []string{"e mail"} },
		"empty whole word": func(d *DetectorSpec) { d.ColumnsWhole = []string{""} },
		"no labels":        func(d *DetectorSpec) { d.NL = "" },
		"no examples":      func(d *DetectorSpec) { d.Examples.Positives = nil },
	} {
		d := good
		change(&d)
		if err := d.validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Detectors(); err != nil {
		t.Fatal(err)
	}
}

// TestDefaultSetsAreTheirOwn: the first Default call gets the Set init
// parsed ahead, later calls parse their own; a change to one Set (a
// user's config) never shows in another, whichever came first, even when
// goroutines ask at once.
func TestDefaultSetsAreTheirOwn(t *testing.T) {
	sets := make([]*Set, 8)
	var wg sync.WaitGroup
	for i := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Default()
			if err != nil {
				t.Error(err)
				return
			}
			sets[i] = s
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if err := sets[0].Apply([]byte("[rules.\"pii.phone\"]\nseverity = \"low\"\nmin_ratio = 0.9\n")); err != nil {
		t.Fatal(err)
	}
	want, _ := parseDefault()
	w, _ := want.Rule("pii.phone")
	for i, s := range sets[1:] {
		if s == sets[0] {
			t.Fatalf("set %d is set 0", i+1)
		}
		r, _ := s.Rule("pii.phone")
		if r.Severity != w.Severity || r.MinRatio != w.MinRatio {
			t.Errorf("set %d: pii.phone %v %v after set 0 changed, want %v %v", i+1, r.Severity, r.MinRatio, w.Severity, w.MinRatio)
		}
	}
}
