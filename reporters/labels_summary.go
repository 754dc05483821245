package reporters

import "fmt"

// The words of the honest scorecard, the summary in words and the action
// plan (issue 16), kept apart from labels.go so that they read as one
// block; init merges them into the shared label table.
var summaryLabels = map[string]map[string]string{
	"en": {
		"status_pass": "pass", "status_warn": "warn", "status_fail": "fail", "status_manual": "manual",
		"status_not_shown": "not shown by data", "status_not_assessed": "not assessed",
		"mean_pass":         "The rules that can show a problem for this step ran on data they apply to and found nothing.",
		"mean_manual":       "No rule can check this step: answer its questions.",
		"mean_not_shown":    "The data read cannot show whether this step is in order: answer its questions.",
		"mean_not_assessed": "Sources could not be read, so the step was not assessed: this is no pass.",
		"banner_none":       "NOT ASSESSED: no source could be read (%s of %s failed), so no AP step was assessed and none is in order.",
		"banner_partial":    "PARTLY ASSESSED: %s of %s sources could not be read or the scan was interrupted; steps without findings are not assessed rather than in order.",
		"summary_words":     "Summary",
		"top_risks":         "Top risks",
		"action_plan":       "Action plan",
		"action":            "Action",
		"priority":          "Priority",
		"covers":            "Findings",
		"people":            "People",
		"owner":             "Owner",
		"deadline":          "Deadline",
		"prio_1":            "1 (now)", "prio_2": "2 (this quarter)", "prio_3": "3 (plan)",
		"no_risks":     "No risks: the scan found nothing to act on.",
		"also_here":    "Findings listed under another step that concern this step too",
		"see":          "Listed under",
		"action_intro": "One action per problem, rolled up across every source and copy that holds it, in order of priority (severity, then people concerned). People are estimated from keyed hashes of e-mail addresses, phone numbers, IBANs and BSNs (≥: rows, where no such value is involved). Owner and deadline are for you to fill in.",
	},
	"nl": {
		"status_pass": "in orde", "status_warn": "aandacht", "status_fail": "onvoldoende", "status_manual": "handmatig",
		"status_not_shown": "niet uit data af te leiden", "status_not_assessed": "niet beoordeeld",
		"mean_pass":         "De regels die voor deze stap een probleem kunnen aantonen zijn uitgevoerd op gegevens waarop ze van toepassing zijn en vonden niets.",
		"mean_manual":       "Geen regel kan deze stap toetsen: beantwoord de vragen.",
		"mean_not_shown":    "De gelezen gegevens kunnen niet laten zien of deze stap in orde is: beantwoord de vragen.",
		"mean_not_assessed": "Bronnen konden niet worden gelezen, dus de stap is niet beoordeeld: dit is geen 'in orde'.",
		"banner_none":       "NIET BEOORDEELD: geen bron kon worden gelezen (%s van %s mislukt), dus geen AP-stap is beoordeeld en geen enkele is in orde.",
		"banner_partial":    "DEELS BEOORDEELD: %s van %s bronnen konden niet worden gelezen of de scan is onderbroken; stappen zonder bevindingen zijn niet beoordeeld in plaats van in orde.",
		"summary_words":     "Samenvatting",
		"top_risks":         "Grootste risico's",
		"action_plan":       "Actieplan",
		"action":            "Actie",
		"priority":          "Prioriteit",
		"covers":            "Bevindingen",
		"people":            "Personen",
		"owner":             "Eigenaar",
		"deadline":          "Deadline",
		"prio_1":            "1 (nu)", "prio_2": "2 (dit kwartaal)", "prio_3": "3 (plannen)",
		"no_risks":     "Geen risico's: de scan vond niets om op te handelen.",
		"also_here":    "Bevindingen onder een andere stap die ook deze stap raken",
		"see":          "Vermeld onder",
		"action_intro": "Eén actie per probleem, samengevoegd over alle bronnen en kopieën waarin het voorkomt, op volgorde van prioriteit (ernst, dan aantal betrokkenen). Personen zijn geschat met gesleutelde hashes van e-mailadressen, telefoonnummers, IBAN's en BSN's (≥: rijen, waar zulke waarden ontbreken). Eigenaar en deadline vult u zelf in.",
	},
}

func init() {
	for l, m := range summaryLabels {
		for k, v := range m {
			labels[l][k] = v
		}
	}
}

// CoverageBanner is the warning a report shows on its cover when the scan
// did not read everything: "" for a complete scan. A failed scan is never
// shown as in order, in any format.
func CoverageBanner(r *Report) string {
	l := lang(r)
	cov := CoverageOf(r)
	failed, total := groupIn(l, int64(cov.SourcesFailed)), groupIn(l, int64(len(r.Sources)))
	switch {
	case !cov.Rows:
		return fmt.Sprintf(labelIn(l, "banner_none"), failed, total)
	case cov.Partial:
		return fmt.Sprintf(labelIn(l, "banner_partial"), failed, total)
	}
	return ""
}
