package gate

import "strings"

// eea are the EU member states and Iceland, Liechtenstein and Norway:
// within the EEA personal data moves freely (GDPR art. 1(3)).
var eea = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO")

// adequate are the countries with an EU adequacy decision (GDPR art. 45),
// with what the decision covers. The United States is adequate only for
// recipients certified under the EU-US Data Privacy Framework (dpf = true).
var adequate = map[string]string{
	"AD": "Andorra", "AR": "Argentina", "CA": "Canada (commercial organisations under PIPEDA)",
	"FO": "Faroe Islands", "GG": "Guernsey", "IL": "Israel", "IM": "Isle of Man", "JP": "Japan",
	"JE": "Jersey", "NZ": "New Zealand", "KR": "Republic of Korea", "CH": "Switzerland",
	"GB": "United Kingdom", "UY": "Uruguay", "US": "United States (Data Privacy Framework only)",
}

// countryAliases are codes people write that ISO 3166-1 spells otherwise.
var countryAliases = map[string]string{"UK": "GB", "EL": "GR"}

// iso3166 are the ISO 3166-1 alpha-2 country codes.
var iso3166 = set(`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE
IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC
MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT
ZA ZM ZW`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// normCountry returns the ISO code for a written one, or "" when unknown.
func normCountry(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if a, ok := countryAliases[c]; ok {
		c = a
	}
	if !iso3166[c] {
		return ""
	}
	return c
}
