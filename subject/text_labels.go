package subject

import (
	"fmt"
	"strings"
)

// textLabels are the words of the masked text summary (-f text), which
// the privacy officer reads, in English and Dutch (--lang nl).
var textLabels = map[string]map[string]string{
	"en": {
		"not_found":        "not found",
		"by":               "by %s in %s",
		"linked_by":        "linked by %s",
		"name_only":        "found by name only",
		"linked_name_only": "linked to a row found by name only",
		"confirm":          " (%s, confirm it is this person: row(s) %s)",
		"location":         "  %s (%s): %d row(s) %s; %s; advised: %s%s\n",
		"found_in":         "  found in %d row(s) of %d table(s) in %d source(s)",
		"and_linked":       ", and %d linked row(s) that refer to them",
		"possible":         "possible matches (similar name; not in the portability export or erasure plan, confirm first):",
		"possible_row":     "    %s (%s): row %d in %s, similarity %.2f\n",
		"note_name_only":   "note: " + NoteNameOnly,
		"capped":           "  more than %d rows found: only the first are kept\n",
		"more":             "… %d more",
		"subject_n":        "subject %s",
	},
	"nl": {
		"not_found":                              "niet gevonden",
		"by":                                     "op %s in %s",
		"linked_by":                              "gekoppeld via %s",
		"name_only":                              "alleen op naam gevonden",
		"linked_name_only":                       "gekoppeld aan een rij die alleen op naam is gevonden",
		"confirm":                                " (%s, bevestig dat het deze persoon is: rij(en) %s)",
		"location":                               "  %s (%s): %d rij(en) %s; %s; advies: %s%s\n",
		"found_in":                               "  gevonden in %d rij(en) van %d tabel(len) in %d bron(nen)",
		"and_linked":                             ", en %d gekoppelde rij(en) die ernaar verwijzen",
		"possible":                               "mogelijke overeenkomsten (gelijkende naam; niet in de export voor overdraagbaarheid of het wisplan, eerst bevestigen):",
		"possible_row":                           "    %s (%s): rij %d in %s, gelijkenis %.2f\n",
		"note_name_only":                         "let op: sommige rijen zijn alleen op naam gevonden (name_only); anderen kunnen dezelfde naam hebben: bevestig dat elk van deze persoon is voordat u het verstuurt of wist",
		"capped":                                 "  meer dan %d rijen gevonden: alleen de eerste zijn bewaard\n",
		"more":                                   "… nog %d",
		"subject_n":                              "betrokkene %s",
		"kind_name":                              "naam",
		"kind_phone":                             "telefoon",
		"kind_email":                             "e-mail",
		"kind_link":                              "koppeling",
		"action_delete":                          "verwijderen (delete)",
		"action_anonymise":                       "anonimiseren (anonymise)",
		"action_purge-from-backup-or-let-expire": "uit de back-up verwijderen of laten verlopen (purge-from-backup-or-let-expire)",
	},
}

// kindWord names an identifier kind in the summary's language.
func kindWord(T map[string]string, kind string) string {
	if s := T["kind_"+kind]; s != "" {
		return s
	}
	return kind
}

// subjectLabel is a subject's label; the default "subject N" in the
// report's language.
func (r *Result) subjectLabel(si int) string {
	l := r.Matcher.Subjects[si].Label
	if n, ok := strings.CutPrefix(l, "subject "); ok {
		return fmt.Sprintf(textLabels[r.lang()]["subject_n"], n)
	}
	return l
}
