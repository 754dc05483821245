package detectors

import (
	"strings"
)

// Nationality finds a person's nationality: an ISO 3166 country code (NL,
// NLD), a country name or a demonym in Dutch, English, French, German or
// Spanish (Nederlandse, Dutch, française, deutsch, Marokkaans). Country
// names and codes are everywhere in a CRM (the country of an address, a
// language), so they count only as the whole cell of a column whose name
// says nationality (nationaliteit, nationality, Staatsangehörigkeit,
// citizenship: rules/default.toml).
type Nationality struct{}

var _ Detector = Nationality{}

func init() { Register(Nationality{}) }

// ID returns "nationality".
func (Nationality) ID() string { return "nationality" }

// Priority ranks nationality low: a value of another kind in the same
// column wins.
func (Nationality) Priority() int { return priorityOf("nationality") }

var nationalityHint = specHint("nationality")

// ColumnHint reports names such as nationaliteit, nationality,
// nationalite, citizenship.
func (Nationality) ColumnHint(column string) bool { return nationalityHint.match(column) }

// Prefilter implements Detector: two letters, in a nationality column.
func (Nationality) Prefilter() Prefilter {
	return Prefilter{MinLen: 2, Any: ShapeLetter, HintOnly: true}
}

// iso3166 are the ISO 3166-1 alpha-2 codes, upper case.
const iso3166 = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV " +
	"BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ " +
	"FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR " +
	"IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML " +
	"MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR " +
	"PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ " +
	"TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW UK EL XK"

// iso3166a3 are the alpha-3 codes of the countries a Dutch or Belgian CRM
// sees most, and those a passport's machine-readable zone writes.
const iso3166a3 = "NLD BEL DEU FRA GBR USA ESP ITA PRT POL TUR MAR SUR CUW ABW ANT IDN CHN IND IRL LUX AUT CHE " +
	"DNK SWE NOR FIN GRC ROU BGR HUN CZE SVK SVN HRV SRB UKR RUS SYR IRQ IRN AFG ERI SOM ETH EGY DZA TUN " +
	"NGA GHA ZAF BRA ARG COL VEN MEX CAN AUS NZL JPN KOR VNM THA PHL PAK BGD LTU LVA EST CYP MLT ISL"

// nationalityWords are country names and demonyms, folded to ASCII lower
// case (diacritics kept as written in UTF-8).
var nationalityWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(""+
		"nederland,nederlands,nederlandse,nederlander,netherlands,the netherlands,holland,dutch,néerlandais,neerlandais,"+
		"niederlande,niederländisch,holländisch,"+
		"belgië,belgie,belgisch,belgische,belg,belgium,belgian,belgique,belge,belgien,"+
		"duitsland,duits,duitse,germany,german,allemagne,allemand,allemande,deutschland,deutsch,deutsche,alemania,alemán,"+
		"frankrijk,frans,franse,france,french,français,française,francais,francaise,frankreich,französisch,"+
		"verenigd koninkrijk,brits,britse,united kingdom,british,uk,britannique,engeland,engels,engelse,english,"+
		"verenigde staten,amerikaans,amerikaanse,united states,american,usa,américain,"+
		"spanje,spaans,spaanse,spain,spanish,espagne,espagnol,españa,español,spanien,spanisch,"+
		"italië,italie,italiaans,italiaanse,italy,italian,italien,italienne,"+
		"portugal,portugees,portugese,portuguese,portugais,"+
		"polen,pools,poolse,poland,polish,pologne,polonais,polnisch,"+
		"turkije,turks,turkse,turkey,türkiye,turkish,turc,turque,türkisch,"+
		"marokko,marokkaans,marokkaanse,morocco,moroccan,maroc,marocain,marocaine,"+
		"suriname,surinaams,surinaamse,surinamese,"+
		"curaçao,curacao,curaçaos,antilliaans,antilliaanse,aruba,arubaans,"+
		"indonesië,indonesie,indonesisch,indonesische,indonesia,indonesian,"+
		"china,chinees,chinese,chinois,india,indiaas,indiase,indian,"+
		"syrië,syrie,syrisch,syrische,syria,syrian,irak,iraaks,iraakse,iraq,iraqi,iran,iraans,iraanse,iranian,"+
		"afghanistan,afghaans,afghaanse,afghan,eritrea,eritrees,eritrese,eritrean,somalië,somalie,somalisch,somali,"+
		"oekraïne,oekraine,oekraïens,oekraiens,oekraïense,ukraine,ukrainian,rusland,russisch,russische,russia,russian,"+
		"roemenië,roemenie,roemeens,roemeense,romania,romanian,bulgarije,bulgaars,bulgaarse,bulgaria,bulgarian,"+
		"hongarije,hongaars,hongaarse,hungary,hungarian,griekenland,grieks,griekse,greece,greek,"+
		"oostenrijk,oostenrijks,oostenrijkse,austria,austrian,österreich,zwitserland,zwitsers,zwitserse,switzerland,swiss,schweiz,suisse,"+
		"luxemburg,luxemburgs,luxemburgse,luxembourg,ierland,iers,ierse,ireland,irish,"+
		"denemarken,deens,deense,denmark,danish,zweden,zweeds,zweedse,sweden,swedish,noorwegen,noors,noorse,norway,norwegian,"+
		"finland,fins,finse,finnish,ghana,ghanees,ghanese,ghanaian,nigeria,nigeriaans,nigeriaanse,nigerian,"+
		"brazilië,brazilie,braziliaans,braziliaanse,brazil,brazilian,canada,canadees,canadese,canadian,"+
		"australië,australie,australisch,australische,australia,australian,japan,japans,japanse,japanese,"+
		"egypte,egyptisch,egyptische,egypt,egyptian,algerije,algerijns,algerijnse,algeria,algerian,"+
		"tunesië,tunesie,tunesisch,tunesische,tunisia,tunisian,pakistan,pakistaans,pakistaanse,pakistani,"+
		"vietnam,vietnamees,vietnamese,thailand,thais,thaise,thai,filipijnen,filipijns,filipijnse,filipino,"+
		"kaapverdië,kaapverdisch,kaapverdische,marruecos,marroquí,turquía,turco,",
		",") {
		if w != "" {
			m[w] = true
		}
	}
	return m
}()

// Find returns the nationality in a nationality column's cell.
func (Nationality) Find(cell []byte, ctx Context, out []Match) []Match {
	if !ctx.Hint {
		return out
	}
	start, end, ok := wholeValue(cell, 32)
	if !ok {
		return out
	}
	v := cell[start:end]
	var buf [32]byte
	w := foldInto(buf[:], v)
	found := nationalityWords[string(w)]
	if !found && (len(v) == 2 || len(v) == 3) && v[0]-'A' < 26 && v[1]-'A' < 26 && (len(v) == 2 || v[2]-'A' < 26) {
		// A code only in capitals: "nl" or "be" is more often a language
		// or a word than a nationality.
		found = len(v) == 2 && codeIn(iso3166, v) || len(v) == 3 && codeIn(iso3166a3, v)
	}
	if !found {
		return out
	}
	return append(out, Match{Start: start, End: end, Normalized: ctx.lower(v), Confidence: High, WholeCell: true})
}

// codeIn reports whether the upper-case code v is a word of the
// space-separated list of codes as long as v, without allocating.
func codeIn(list string, v []byte) bool {
	for i := 0; i+len(v) <= len(list); i += len(v) + 1 {
		if list[i:i+len(v)] == string(v) {
			return true
		}
	}
	return false
}

// Mask shows nothing: a nationality is short, and any letter of it gives
// it away.
func (Nationality) Mask(string) string { return "**" }
