package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 19: JSON object keys that are personal data ({"contacts":
// {"<e-mail address>": {...}}}) were column paths, printed raw in every
// format, in baselines, diffs and gate --init-policy. The planted keys
// appear in none of them, their data is still found, and subject finds the
// person whose address is only a key.
func TestJSONKeyCanary(t *testing.T) {
	inRepo(t)
	dir := t.TempDir()
	canaries := []string{"canary.key@ziggo.nl", "NL44RABO0123456789", "Canarina Sleutelaar", "canary.two@kpnmail.nl"}
	var people strings.Builder
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&people, `, "Klant Nummer%c": {"plaats": "Utrecht"}`, 'A'+i)
	}
	doc := func(iban bool) string {
		extra := ""
		if iban {
			extra = `, "rekeningen": {"NL44RABO0123456789": {"status": "open"}}`
		}
		return `{"contacts": {"canary.key@ziggo.nl": {"telefoon": "06 38415297", "plaats": "Utrecht"},
		   "canary.two@kpnmail.nl": {"telefoon": "06 12345678"}},
		 "klanten": {"Canarina Sleutelaar": {"plaats": "Utrecht"}` + people.String() + `}` + extra + `}`
	}
	export := filepath.Join(dir, "export.json")
	os.WriteFile(export, []byte(doc(false)), 0o644)

	var all strings.Builder
	old := filepath.Join(dir, "old.json")
	args := []string{"scan", "-q", "-o", old}
	for _, ext := range []string{"sarif", "html", "md", "csv", "txt"} {
		args = append(args, "-o", filepath.Join(dir, "report."+ext))
	}
	_, stdout, stderr := crmscan(t, append(args, export)...)
	all.WriteString(stdout + stderr)
	for _, ext := range []string{"json", "sarif", "html", "md", "csv", "txt"} {
		name := filepath.Join(dir, "report."+ext)
		if ext == "json" {
			name = old
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		all.WriteString(string(b))
	}
	if !strings.Contains(all.String(), "pii.email") {
		t.Fatalf("the e-mail addresses in the keys were not found:\n%s", all.String())
	}

	base := filepath.Join(dir, "baseline.json")
	if code, _, errOut := crmscan(t, "baseline", old, "-o", base); code != exitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(base)
	all.Write(b)

	os.WriteFile(export, []byte(doc(true)), 0o644)
	cur := filepath.Join(dir, "new.json")
	crmscan(t, "scan", "-q", "-o", cur, export)
	b, _ = os.ReadFile(cur)
	if !strings.Contains(string(b), "pii.iban") {
		t.Errorf("the IBAN key was not found")
	}
	all.Write(b)
	var out, errOut string
	for _, f := range []string{"text", "md", "json"} {
		_, out, errOut = crmscan(t, "diff", "-f", f, old, cur)
		all.WriteString(out + errOut)
	}
	_, out, errOut = crmscan(t, "gate", "--init-policy", "-q", export)
	if !strings.Contains(out, "allow") {
		t.Errorf("gate --init-policy printed no policy: %s %s", out, errOut)
	}
	all.WriteString(out + errOut)

	for _, c := range canaries {
		if strings.Contains(all.String(), c) {
			t.Errorf("key %q leaked into a report, baseline, diff or policy", c)
		}
	}

	// subject finds the person whose address is only a key
	code, out, errOut := crmscan(t, "subject", "-q", "--email", "canary.key@ziggo.nl", export)
	if code != exitOK {
		t.Fatalf("subject: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "by email in contacts.{key}") {
		t.Errorf("subject did not find the address in a key:\n%s", out)
	}
}
