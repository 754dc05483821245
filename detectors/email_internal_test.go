package detectors

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// emailSpanReference is emailSpan as first written, a byte and a bound
// check at a time: the faster one must agree with it.
func emailSpanReference(cell []byte, at, floor int) (start, end int, ok bool) {
	// Local part: expand left over dot-atom bytes.
	ls := at
	for ls > floor && emailLocal[cell[ls-1]] && at-ls <= emailMaxLocal {
		ls--
	}
	if ls > floor && emailLocal[cell[ls-1]] {
		return 0, 0, false // longer than 64 bytes
	}
	if ls > 0 && (cell[ls-1] >= 0x80 || cell[ls-1] == '@') {
		return 0, 0, false // glued to a non-ASCII letter or another address
	}
	// Drop leading punctuation (quotes, dots) that belongs to the text.
	for ls < at && !isAlnum(cell[ls]) && cell[ls] != '_' {
		ls++
	}
	if ls == at || at-ls > emailMaxLocal || cell[at-1] == '.' {
		return 0, 0, false
	}
	for i := ls + 1; i < at; i++ {
		if cell[i] == '.' && cell[i-1] == '.' {
			return 0, 0, false
		}
	}

	// Domain: labels of letters, digits and inner hyphens.
	p := at + 1
	labels := 0
	var tldStart, tldEnd int
	for {
		s := p
		for p < len(cell) && (isAlnum(cell[p]) || cell[p] == '-') {
			p++
			if p-s > emailMaxLabel {
				return 0, 0, false
			}
		}
		if p == s || cell[s] == '-' || cell[p-1] == '-' {
			return 0, 0, false
		}
		labels++
		tldStart, tldEnd = s, p
		if p+1 < len(cell) && cell[p] == '.' && isAlnum(cell[p+1]) {
			p++
			continue
		}
		break
	}
	if labels < 2 || p-ls > emailMaxLen {
		return 0, 0, false
	}
	if p < len(cell) && (cell[p] >= 0x80 || cell[p] == '@' || cell[p] == '_') {
		return 0, 0, false
	}
	if !validTLD(cell[tldStart:tldEnd]) {
		return 0, 0, false
	}
	return ls, p, true
}

// TestEmailSpanAgrees holds emailSpan to emailSpanReference on random
// cells around an '@': dot-atoms, labels, hyphens, dots, long runs that
// pass the length limits, non-ASCII bytes and a floor.
func TestEmailSpanAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	const junk = "aZ09._-+@..--'\"\x80\xc3 ,"
	word := func(n int, from string) string {
		var b strings.Builder
		for k := 0; k < n; k++ {
			b.WriteByte(from[r.IntN(len(from))])
		}
		return b.String()
	}
	size := func() int {
		if r.IntN(10) == 0 {
			return 55 + r.IntN(20) // about the local-part and label limits
		}
		return 1 + r.IntN(12)
	}
	addresses := 0
	for i := 0; i < 400000; i++ {
		// An address, sometimes in text or cut short, then a byte or two
		// changed to anything that matters.
		local := word(size(), "abcxyz0189._-+'")
		domain := word(size(), "abcxyz0189-")
		for k := r.IntN(3); k > 0; k-- {
			domain += "." + word(size(), "abcxyz0189-")
		}
		cell := []byte(word(r.IntN(4), "ab ,.") + local + "@" + domain + "." + word(r.IntN(7), "abcnlNL0-") + word(r.IntN(4), "ab ,.@_\x80"))
		if r.IntN(4) == 0 {
			cell = append(cell, word(300*r.IntN(2), "abc.")...) // past the address limit
		}
		for k := r.IntN(3); k > 0; k-- {
			cell[r.IntN(len(cell))] = junk[r.IntN(len(junk))]
		}
		ats := []int{}
		for k, c := range cell {
			if c == '@' {
				ats = append(ats, k)
			}
		}
		if len(ats) == 0 {
			continue
		}
		at := ats[r.IntN(len(ats))]
		floor := 0
		if r.IntN(4) == 0 {
			floor = r.IntN(at + 1)
		}
		s, e, ok := emailSpan(cell, at, floor)
		rs, re, rok := emailSpanReference(cell, at, floor)
		if s != rs || e != re || ok != rok {
			t.Fatalf("%q at %d floor %d: %d %d %v, reference %d %d %v", cell, at, floor, s, e, ok, rs, re, rok)
		}
		if ok {
			addresses++
		}
	}
	if addresses < 20000 {
		t.Errorf("only %d of the cells held an address: the test does not reach the domain's checks", addresses)
	}
}

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
