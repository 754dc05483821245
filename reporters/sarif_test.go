package reporters

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// validateSARIF checks a decoded SARIF log against the required properties,
// types and enumerations of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json)
// for the objects crmscan writes, and against what GitHub code scanning
// reads (security-severity, ruleIndex, partialFingerprints). It returns
// every problem, each with its JSON path.
func validateSARIF(v any) []string {
	var c checker
	log := c.object("$", v)
	if log == nil {
		return c.errs
	}
	c.required("$", log, "version", "runs")
	if s := c.str("$.version", log["version"]); s != "" && s != "2.1.0" {
		c.fail("$.version", "is %q, want 2.1.0", s)
	}
	if s, ok := log["$schema"]; ok {
		c.uri("$.$schema", s, true)
	}
	runs := c.array("$.runs", log["runs"])
	for i, rv := range runs {
		c.run(fmt.Sprintf("$.runs[%d]", i), rv)
	}
	return c.errs
}

type checker struct{ errs []string }

func (c *checker) fail(path, format string, a ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, a...))
}

func (c *checker) object(path string, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "is %T, want object", v)
		return nil
	}
	return m
}

func (c *checker) array(path string, v any) []any {
	a, ok := v.([]any)
	if !ok {
		c.fail(path, "is %T, want array", v)
	}
	return a
}

func (c *checker) str(path string, v any) string {
	s, ok := v.(string)
	if !ok {
		c.fail(path, "is %T, want string", v)
	}
	return s
}

func (c *checker) integer(path string, v any, minimum float64) {
	n, ok := v.(float64)
	if !ok || n != math.Trunc(n) {
		c.fail(path, "is %v, want integer", v)
		return
	}
	if n < minimum {
		c.fail(path, "is %v, want >= %v", n, minimum)
	}
}

func (c *checker) boolean(path string, v any) {
	if _, ok := v.(bool); !ok {
		c.fail(path, "is %T, want boolean", v)
	}
}

func (c *checker) enum(path string, v any, allowed ...string) {
	s := c.str(path, v)
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.fail(path, "is %q, want one of %v", s, allowed)
}

func (c *checker) required(path string, m map[string]any, keys ...string) {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			c.fail(path, "lacks required property %q", k)
		}
	}
}

// uri checks a "format": "uri" or "uri-reference" string.
func (c *checker) uri(path string, v any, absolute bool) {
	s := c.str(path, v)
	u, err := url.Parse(s)
	switch {
	case err != nil:
		c.fail(path, "%q is not a URI: %v", s, err)
	case absolute && !u.IsAbs():
		c.fail(path, "%q is not an absolute URI", s)
	case strings.Contains(s, `\`):
		c.fail(path, "%q has a backslash", s)
	}
}

func (c *checker) message(path string, v any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	if _, ok := m["text"]; !ok {
		if _, ok := m["id"]; !ok {
			c.fail(path, "message has neither text nor id")
		}
	}
	for _, k := range []string{"text", "markdown", "id"} {
		if x, ok := m[k]; ok {
			c.str(path+"."+k, x)
		}
	}
}

// multiformat is a multiformatMessageString: text required.
func (c *checker) multiformat(path string, v any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	c.required(path, m, "text")
	for _, k := range []string{"text", "markdown"} {
		if x, ok := m[k]; ok {
			c.str(path+"."+k, x)
		}
	}
}

func (c *checker) properties(path string, v any) map[string]any {
	m := c.object(path, v)
	if m == nil {
		return nil
	}
	if tags, ok := m["tags"]; ok {
		seen := map[string]bool{}
		for i, t := range c.array(path+".tags", tags) {
			s := c.str(fmt.Sprintf("%s.tags[%d]", path, i), t)
			if seen[s] {
				c.fail(path+".tags", "%q is not unique", s)
			}
			seen[s] = true
		}
	}
	return m
}

func (c *checker) artifactLocation(path string, v any, baseIDs map[string]any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	if u, ok := m["uri"]; ok {
		c.uri(path+".uri", u, false)
		if s, _ := u.(string); strings.HasPrefix(s, "/") || strings.HasPrefix(s, "../") {
			c.fail(path+".uri", "%q is not relative to the scan root", s)
		}
	}
	if b, ok := m["uriBaseId"]; ok {
		id := c.str(path+".uriBaseId", b)
		if u, _ := url.Parse(fmt.Sprint(m["uri"])); u != nil && u.IsAbs() {
			c.fail(path, "an absolute uri may not have a uriBaseId")
		}
		if _, ok := baseIDs[id]; !ok && baseIDs != nil && !strings.HasPrefix(id, "%") {
			c.fail(path+".uriBaseId", "%q is not in run.originalUriBaseIds", id)
		}
	}
}

func (c *checker) location(path string, v any, baseIDs map[string]any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	if p, ok := m["physicalLocation"]; ok {
		pm := c.object(path+".physicalLocation", p)
		if pm != nil {
			// physicalLocation: anyOf address or artifactLocation.
			if _, ok := pm["artifactLocation"]; !ok {
				if _, ok := pm["address"]; !ok {
					c.fail(path+".physicalLocation", "has neither artifactLocation nor address")
				}
			}
			if a, ok := pm["artifactLocation"]; ok {
				c.artifactLocation(path+".physicalLocation.artifactLocation", a, baseIDs)
			}
			if r, ok := pm["region"]; ok {
				rm := c.object(path+".physicalLocation.region", r)
				for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
					if x, ok := rm[k]; ok {
						c.integer(path+".physicalLocation.region."+k, x, 1)
					}
				}
			}
		}
	}
	if ls, ok := m["logicalLocations"]; ok {
		for i, l := range c.array(path+".logicalLocations", ls) {
			lp := fmt.Sprintf("%s.logicalLocations[%d]", path, i)
			lm := c.object(lp, l)
			for _, k := range []string{"name", "fullyQualifiedName", "decoratedName", "kind"} {
				if x, ok := lm[k]; ok {
					c.str(lp+"."+k, x)
				}
			}
		}
	}
}

func (c *checker) run(path string, v any) {
	run := c.object(path, v)
	if run == nil {
		return
	}
	c.required(path, run, "tool")
	tool := c.object(path+".tool", run["tool"])
	if tool == nil {
		return
	}
	c.required(path+".tool", tool, "driver")
	driver := c.object(path+".tool.driver", tool["driver"])
	if driver == nil {
		return
	}
	c.required(path+".tool.driver", driver, "name")
	c.str(path+".tool.driver.name", driver["name"])
	if u, ok := driver["informationUri"]; ok {
		c.uri(path+".tool.driver.informationUri", u, true)
	}
	var ruleIDs []string
	if rs, ok := driver["rules"]; ok {
		seen := map[string]bool{}
		for i, rv := range c.array(path+".tool.driver.rules", rs) {
			rp := fmt.Sprintf("%s.tool.driver.rules[%d]", path, i)
			rule := c.object(rp, rv)
			if rule == nil {
				continue
			}
			c.required(rp, rule, "id", "shortDescription", "fullDescription", "help", "properties")
			id := c.str(rp+".id", rule["id"])
			if seen[id] {
				c.fail(rp+".id", "%q is not unique", id)
			}
			seen[id] = true
			ruleIDs = append(ruleIDs, id)
			if n, ok := rule["name"]; ok {
				c.str(rp+".name", n)
			}
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if x, ok := rule[k]; ok {
					c.multiformat(rp+"."+k, x)
				}
			}
			if dc, ok := rule["defaultConfiguration"]; ok {
				m := c.object(rp+".defaultConfiguration", dc)
				if l, ok := m["level"]; ok {
					c.enum(rp+".defaultConfiguration.level", l, "none", "note", "warning", "error")
				}
			}
			if p, ok := rule["properties"]; ok {
				props := c.properties(rp+".properties", p)
				ss, ok := props["security-severity"].(string)
				if f, err := strconv.ParseFloat(ss, 64); !ok || err != nil || f < 0 || f > 10 {
					c.fail(rp+".properties.security-severity", "is %v, want a number 0.0-10.0 as a string", props["security-severity"])
				}
				if len(c.array(rp+".properties.tags", props["tags"])) == 0 {
					c.fail(rp+".properties.tags", "is empty")
				}
			}
		}
	}
	baseIDs := map[string]any{}
	if b, ok := run["originalUriBaseIds"]; ok {
		m := c.object(path+".originalUriBaseIds", b)
		for k, a := range m {
			ap := path + ".originalUriBaseIds." + k
			c.artifactLocation(ap, a, nil)
			am := c.object(ap, a)
			if u, _ := am["uri"].(string); !strings.HasSuffix(u, "/") {
				c.fail(ap+".uri", "%q does not end with a slash", u)
			}
			if pu, _ := url.Parse(fmt.Sprint(am["uri"])); pu != nil && !pu.IsAbs() && am["uriBaseId"] == nil {
				c.fail(ap, "a relative base uri needs a uriBaseId")
			}
			baseIDs[k] = a
		}
	}
	if invs, ok := run["invocations"]; ok {
		for i, iv := range c.array(path+".invocations", invs) {
			ip := fmt.Sprintf("%s.invocations[%d]", path, i)
			inv := c.object(ip, iv)
			if inv == nil {
				continue
			}
			c.required(ip, inv, "executionSuccessful")
			c.boolean(ip+".executionSuccessful", inv["executionSuccessful"])
			if ns, ok := inv["toolExecutionNotifications"]; ok {
				for j, nv := range c.array(ip+".toolExecutionNotifications", ns) {
					np := fmt.Sprintf("%s.toolExecutionNotifications[%d]", ip, j)
					n := c.object(np, nv)
					c.required(np, n, "message")
					c.message(np+".message", n["message"])
					if l, ok := n["level"]; ok {
						c.enum(np+".level", l, "none", "note", "warning", "error")
					}
					if ls, ok := n["locations"]; ok {
						for k, l := range c.array(np+".locations", ls) {
							c.location(fmt.Sprintf("%s.locations[%d]", np, k), l, baseIDs)
						}
					}
				}
			}
		}
	}
	results, ok := run["results"]
	if !ok {
		return
	}
	for i, rv := range c.array(path+".results", results) {
		rp := fmt.Sprintf("%s.results[%d]", path, i)
		res := c.object(rp, rv)
		if res == nil {
			continue
		}
		c.required(rp, res, "message", "ruleId", "locations")
		c.message(rp+".message", res["message"])
		id := c.str(rp+".ruleId", res["ruleId"])
		if idx, ok := res["ruleIndex"]; ok {
			c.integer(rp+".ruleIndex", idx, -1)
			if n, _ := idx.(float64); int(n) >= 0 && (int(n) >= len(ruleIDs) || ruleIDs[int(n)] != id) {
				c.fail(rp+".ruleIndex", "%v does not point at rule %q", idx, id)
			}
		}
		if l, ok := res["level"]; ok {
			c.enum(rp+".level", l, "none", "note", "warning", "error")
		}
		if k, ok := res["kind"]; ok {
			c.enum(rp+".kind", k, "notApplicable", "pass", "fail", "review", "open", "informational")
		}
		if b, ok := res["baselineState"]; ok {
			c.enum(rp+".baselineState", b, "new", "unchanged", "updated", "absent")
		}
		locs := c.array(rp+".locations", res["locations"])
		if len(locs) == 0 {
			c.fail(rp+".locations", "is empty")
		}
		for j, l := range locs {
			c.location(fmt.Sprintf("%s.locations[%d]", rp, j), l, baseIDs)
		}
		if pf, ok := res["partialFingerprints"]; ok {
			for k, x := range c.object(rp+".partialFingerprints", pf) {
				c.str(rp+".partialFingerprints."+k, x)
			}
		}
		if ss, ok := res["suppressions"]; ok {
			for j, sv := range c.array(rp+".suppressions", ss) {
				sp := fmt.Sprintf("%s.suppressions[%d]", rp, j)
				s := c.object(sp, sv)
				c.required(sp, s, "kind")
				c.enum(sp+".kind", s["kind"], "inSource", "external")
				if st, ok := s["status"]; ok {
					c.enum(sp+".status", st, "accepted", "underReview", "rejected")
				}
			}
		}
		if p, ok := res["properties"]; ok {
			c.properties(rp+".properties", p)
		}
	}
}

func decodeSARIF(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	return v
}

func TestSARIFValid(t *testing.T) {
	for _, lang := range []string{"en", "nl"} {
		t.Run(lang, func(t *testing.T) {
			v := decodeSARIF(t, encode(t, "sarif", fixture(t, lang)))
			for _, e := range validateSARIF(v) {
				t.Error(e)
			}
		})
	}
}

// TestSARIFValidator makes sure the validator itself catches what it
// should, so that a passing TestSARIFValid means something.
func TestSARIFValidator(t *testing.T) {
	good := encode(t, "sarif", fixture(t, "en"))
	tests := []struct {
		name    string
		mutate  func(m map[string]any)
		wantErr string
	}{
		{"valid", func(map[string]any) {}, ""},
		{"no version", func(m map[string]any) { delete(m, "version") }, `"version"`},
		{"wrong version", func(m map[string]any) { m["version"] = "2.0.0" }, "want 2.1.0"},
		{"no driver name", func(m map[string]any) { driver(m)["name"] = 5 }, "want string"},
		{"bad level", func(m map[string]any) { result(m)["level"] = "critical" }, "want one of"},
		{"no message", func(m map[string]any) { delete(result(m), "message") }, `"message"`},
		{"bad start line", func(m map[string]any) {
			loc := result(m)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"] = map[string]any{"artifactLocation": map[string]any{"uri": "a.csv"}, "region": map[string]any{"startLine": 0.0}}
		}, "want >= 1"},
		{"rule index", func(m map[string]any) { result(m)["ruleIndex"] = 999.0 }, "does not point"},
		{"security severity", func(m map[string]any) {
			driver(m)["rules"].([]any)[0].(map[string]any)["properties"].(map[string]any)["security-severity"] = 9.5
		}, "security-severity"},
		{"absolute uri", func(m map[string]any) {
			loc := result(m)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"] = map[string]any{"artifactLocation": map[string]any{"uri": "/abs/a.csv", "uriBaseId": "SCANROOT"}}
		}, "not relative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := decodeSARIF(t, good)
			tt.mutate(m)
			errs := strings.Join(validateSARIF(m), "\n")
			if tt.wantErr == "" && errs != "" {
				t.Errorf("validateSARIF(valid) = %s", errs)
			}
			if tt.wantErr != "" && !strings.Contains(errs, tt.wantErr) {
				t.Errorf("validateSARIF = %q, want an error with %q", errs, tt.wantErr)
			}
		})
	}
}

func driver(m map[string]any) map[string]any {
	return m["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)
}

func result(m map[string]any) map[string]any {
	return m["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

// TestSARIFContent checks what code scanning shows: levels, locations
// relative to the scan root, the header line for CSV columns, the logical
// location of a database column, fingerprints and baseline state.
func TestSARIFContent(t *testing.T) {
	r := fixture(t, "nl")
	var log sarifLog
	if err := json.Unmarshal([]byte(encode(t, "sarif", r)), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "crmscan" || len(run.Results) != len(r.Findings) {
		t.Fatalf("driver %q, %d results for %d findings", run.Tool.Driver.Name, len(run.Results), len(r.Findings))
	}
	rules := map[string]bool{}
	for _, f := range r.Findings {
		rules[f.Rule] = true
	}
	if len(run.Tool.Driver.Rules) != len(rules) {
		t.Errorf("%d rules, want %d (one per rule that fired)", len(run.Tool.Driver.Rules), len(rules))
	}
	for _, rule := range run.Tool.Driver.Rules {
		tags := strings.Join(rule.Properties.Tags, " ")
		if !strings.Contains(tags, "ap-step-") || !strings.Contains(tags, "Art.") || rule.Help.Text == "" {
			t.Errorf("rule %s: tags %q, help %q", rule.ID, tags, rule.Help.Text)
		}
	}
	for i, res := range run.Results {
		f := &r.Findings[i]
		if want := map[string]string{"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}[f.Severity]; res.Level != want {
			t.Errorf("%s: level %q for %s, want %q", f.ID, res.Level, f.Severity, want)
		}
		if res.PartialFingerprints[fingerprintKey] != f.Fingerprint {
			t.Errorf("%s: partial fingerprint %v", f.ID, res.PartialFingerprints)
		}
		loc := res.Locations[0]
		switch {
		case strings.HasPrefix(f.Location.Path, "postgres://"):
			if len(loc.LogicalLocations) == 0 || loc.LogicalLocations[0].FullyQualifiedName != "crm/public/contacts/"+f.Location.Column {
				t.Errorf("%s: logical locations %+v", f.ID, loc.LogicalLocations)
			}
		case f.Location.Column != "":
			if loc.PhysicalLocation == nil || loc.PhysicalLocation.Region == nil || loc.PhysicalLocation.Region.StartLine != 1 {
				t.Errorf("%s: a CSV column finding must point at the header line: %+v", f.ID, loc.PhysicalLocation)
			}
			if u := loc.PhysicalLocation.ArtifactLocation.URI; strings.Contains(u, "/") || !strings.HasSuffix(f.Location.Path, u) {
				t.Errorf("%s: uri %q is not relative to the target folder", f.ID, u)
			}
		}
		if f.Baseline != (res.BaselineState == "unchanged") || f.Baseline != (len(res.Suppressions) == 1) {
			t.Errorf("%s: baseline %v, state %q, suppressions %v", f.ID, f.Baseline, res.BaselineState, res.Suppressions)
		}
	}
	if b := run.OriginalURIBaseIDs["SCANROOT"]; b.URI != "testdata/crm/nl/" || b.URIBaseID != "%SRCROOT%" {
		t.Errorf("SCANROOT = %+v", b)
	}
	if n := run.Invocations[0].ToolExecutionNotifications; len(n) != 1 || !strings.Contains(n[0].Message.Text, "unterminated quote") {
		t.Errorf("notifications = %+v", n)
	}
}

func TestScanRoots(t *testing.T) {
	tests := []struct {
		targets         []string
		path, root, rel string
	}{
		{[]string{"exports"}, "exports/a.csv", "exports", "a.csv"},
		{[]string{"exports/"}, "exports/sub/a b.csv", "exports", "sub/a b.csv"},
		{[]string{"./exports"}, "exports/a.csv", "exports", "a.csv"},
		{[]string{"exports/a.csv"}, "exports/a.csv", "exports", "a.csv"},
		{[]string{"."}, "exports/a.csv", ".", "exports/a.csv"},
		{[]string{"/data"}, "/data/x/a.csv", "/data", "x/a.csv"},
		{[]string{"exports", "exports/nested"}, "exports/nested/a.csv", "exports/nested", "a.csv"},
		{nil, "elsewhere/a.csv", "elsewhere", "a.csv"},
	}
	for _, tt := range tests {
		root, rel := newScanRoots(tt.targets).split(tt.path)
		if root != tt.root || rel != tt.rel {
			t.Errorf("split(%v, %q) = %q, %q, want %q, %q", tt.targets, tt.path, root, rel, tt.root, tt.rel)
		}
	}
	for in, want := range map[string]string{"a b.csv": "a%20b.csv", "c:x.csv": "c%3Ax.csv", "x/ü.csv": "x/%C3%BC.csv", "#1.csv": "%231.csv"} {
		if got := uriPath(in); got != want {
			t.Errorf("uriPath(%q) = %q, want %q", in, got, want)
		}
	}
}
