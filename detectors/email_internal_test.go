package detectors

import (
	"bytes"
	"strings"
	"testing"
)

// emailTestDomainReference is emailTestDomain as first written, on a
// lower-cased copy of the domain: the in-place one must agree with it.
func emailTestDomainReference(addr []byte) bool {
	var buf [256]byte
	dom := addr[bytes.LastIndexByte(addr, '@')+1:]
	if len(dom) > len(buf) {
		return false
	}
	for i, c := range dom {
		buf[i] = lowerByte(c)
	}
	dom = buf[:len(dom)]
	for _, d := range emailTestDomains {
		if string(dom) == d || len(dom) > len(d) && dom[len(dom)-len(d)-1] == '.' && string(dom[len(dom)-len(d):]) == d {
			return true
		}
	}
	tld := dom[bytes.LastIndexByte(dom, '.')+1:]
	for _, t := range emailTestTLDs {
		if string(tld) == t {
			return true
		}
	}
	return false
}

func TestEmailTestDomainAgrees(t *testing.T) {
	var addrs []string
	for _, d := range append(append([]string{}, emailTestDomains...), emailTestTLDs...) {
		for _, dom := range []string{d, strings.ToUpper(d), "mail." + d, "mail" + d, d[1:], "x." + d + ".nl", "a.b." + strings.ToUpper(d[:1]) + d[1:], "." + d} {
			addrs = append(addrs, "jan@"+dom, dom)
		}
	}
	addrs = append(addrs, "jan@kpnmail.nl", "a@b", "@", "", "jan@test", "jan@x.TEST", "jan@x.tests", "x@"+strings.Repeat("a", 300)+".example")
	for _, a := range addrs {
		if got, want := emailTestDomain([]byte(a)), emailTestDomainReference([]byte(a)); got != want {
			t.Errorf("emailTestDomain(%q) = %v, want %v", a, got, want)
		}
	}
}
