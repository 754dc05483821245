package subject

import (
	"strings"
	"testing"
)

func TestLoadOrgExample(t *testing.T) {
	o, err := LoadOrg("../testdata/org.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m := o.Missing(); len(m) != 0 {
		t.Errorf("the example leaves %v empty", m)
	}
	if len(o.Purposes) != 3 || o.Controller == "" || o.Complaint != "" {
		t.Errorf("example: %+v", o)
	}
}

func TestParseOrg(t *testing.T) {
	o, err := ParseOrg("org.toml", []byte(`controller = "X"
purposes = "one purpose"
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Purposes) != 1 || !strings.Contains(strings.Join(o.Missing(), ","), "retention") {
		t.Errorf("org %+v, missing %v", o, o.Missing())
	}
	for _, bad := range []string{"purpose = \"typo\"", "controller = 3", "purposes = [1]", "controller = "} {
		if _, err := ParseOrg("org.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "org.toml") {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
}

// FuzzParseOrg: any bytes give an Org or an error naming the file, never
// a panic.
func FuzzParseOrg(f *testing.F) {
	f.Add([]byte("controller = \"X\"\npurposes = [\"a\", \"b\"]\n"))
	f.Add([]byte("[x]\ny = 1\n"))
	f.Add([]byte("purposes = \"a\"\npurposes = \"b\""))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := ParseOrg("f.toml", b)
		if err == nil && o == nil {
			t.Fatal("no Org and no error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.toml: ") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
