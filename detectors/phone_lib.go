package detectors

import (
	"strings"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// phoneNoLibrary is set only by the test that pins the NL/BE fast path's
// own verdicts against the library's (atomic: a parallel test may read it).
var phoneNoLibrary atomic.Bool

// DefaultCountry is the region national numbers are read in when the
// context names none: crmscan is built for Dutch organisations.
const DefaultCountry = "NL"

// phoneLib decides a number the NL/BE fast path leaves open with the
// numbering plans of libphonenumber (github.com/nyaruka/phonenumbers): an
// international number (intl: d starts with the country code) of any
// country, or a national number d of region. It returns the E.164 form.
//
// The library parses with regular expressions and allocates, so it only
// ever sees tokens the zero-allocation finder has already read as a
// plausible number: digits with phone separators, starting with + or 00,
// or standing in a phone column.
func phoneLib(d []byte, intl bool, region string) (string, bool) {
	if len(d) < 3 || len(d) > phoneMaxDigits {
		return "", false
	}
	if len(region) != 2 {
		region = DefaultCountry
	}
	// The cache key: the region, then the digits as written with a + for
	// an international number.
	var key [2 + 1 + phoneMaxDigits]byte
	n := copy(key[:], region)
	if intl {
		key[n] = '+'
		n++
	}
	n += copy(key[n:], d)
	slot := &phoneCache[phoneHash(key[:n])%uint32(len(phoneCache))]
	if v := slot.Load(); v != nil && v.key == string(key[:n]) {
		return v.norm, v.ok
	}
	v := &phoneVerdict{key: string(key[:n])}
	var num phonenumbers.PhoneNumber
	if err := phonenumbers.ParseToNumber(v.key[2:], region, &num); err == nil && phonenumbers.IsValidNumber(&num) {
		v.norm, v.ok = phonenumbers.Format(&num, phonenumbers.E164), true
	}
	slot.Store(v)
	return v.norm, v.ok
}

// phoneVerdict is the library's verdict on one written number in one
// region.
type phoneVerdict struct {
	key  string // region + number
	norm string // E.164 when ok
	ok   bool
}

// phoneCache remembers the library's latest verdicts, one per slot chosen
// by a hash of the number: a column repeats its numbers (a company's
// switchboard on every contact), and a hit costs no allocation. Slots are
// replaced whole, so workers share the cache without a lock.
var phoneCache [4096]atomic.Pointer[phoneVerdict]

// phoneHash is FNV-1a.
func phoneHash(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// CountryReader is implemented by a detector whose Find reads
// Context.Country, so that the scanner can hand it a row's own country
// (a country column beside a phone column).
type CountryReader interface {
	ReadsCountry() bool
}

// ReadsCountry implements CountryReader: national numbers in a phone
// column are read in the context's country.
func (Phone) ReadsCountry() bool { return true }

// countryNames maps country names as CRMs hold them (English, Dutch,
// German, French, and the ISO alpha-3 codes) to ISO 3166 alpha-2, for the
// countries a Dutch organisation's customers mostly live in. Two-letter
// codes are read directly.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for cc, names := range map[string]string{
		"NL": "nld|netherlands|the netherlands|nederland|holland|niederlande|pays-bas",
		"BE": "bel|belgium|belgie|belgië|belgique|belgien",
		"DE": "deu|germany|duitsland|deutschland|allemagne",
		"FR": "fra|france|frankrijk|frankreich",
		"GB": "gbr|united kingdom|uk|great britain|england|verenigd koninkrijk|groot-brittannie|groot-brittannië|engeland",
		"US": "usa|united states|united states of america|verenigde staten|amerika",
		"CA": "can|canada",
		"ES": "esp|spain|spanje|espana|españa|spanien",
		"IT": "ita|italy|italie|italië|italia|italien",
		"PT": "prt|portugal",
		"LU": "lux|luxembourg|luxemburg",
		"AT": "aut|austria|oostenrijk|osterreich|österreich",
		"CH": "che|switzerland|zwitserland|schweiz|suisse",
		"DK": "dnk|denmark|denemarken|danmark",
		"SE": "swe|sweden|zweden|sverige",
		"NO": "nor|norway|noorwegen|norge",
		"PL": "pol|poland|polen|polska",
		"IE": "irl|ireland|ierland",
		"TR": "tur|turkey|turkije|türkiye|turkiye",
		"MA": "mar|morocco|marokko|maroc",
		"SR": "sur|suriname",
		"AU": "aus|australia|australie|australië",
		"IN": "ind|india",
		"CN": "chn|china",
	} {
		for _, n := range strings.Split(names, "|") {
			m[n] = cc
		}
	}
	return m
}()

// CountryOf reads a country cell (NL, nl, Nederland, Germany, USA) as an
// ISO 3166 alpha-2 code, or "" when it is none the library knows. It does
// not allocate.
func CountryOf(cell []byte) string {
	s, e := trimBlank(cell)
	cell = cell[s:e]
	if len(cell) < 2 || len(cell) > 32 {
		return ""
	}
	var buf [32]byte
	for i, c := range cell {
		buf[i] = lowerByte(c)
	}
	if len(cell) == 2 {
		a, b := upperByte(cell[0]), upperByte(cell[1])
		if a-'A' < 26 && b-'A' < 26 {
			if cc, ok := regionCodes[int(a-'A')*26+int(b-'A')]; ok {
				return cc
			}
		}
		if string(buf[:2]) != "uk" {
			return ""
		}
	}
	return countryNames[string(buf[:len(cell)])]
}

// regionCodes are the two-letter regions the numbering-plan library knows,
// by index (a-'A')*26 + b-'A', as strings that CountryOf can return
// without allocating.
var regionCodes = func() map[int]string {
	m := map[int]string{}
	for r := range phonenumbers.GetSupportedRegions() {
		if len(r) == 2 && r[0]-'A' < 26 && r[1]-'A' < 26 {
			m[int(r[0]-'A')*26+int(r[1]-'A')] = r
		}
	}
	return m
}()
