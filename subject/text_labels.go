package subject

import (
	"fmt"
	"strings"

	"github.com/crmscan/crmscan/reporters"
)

// textLabels are the words of the masked text summary (-f text), which
// the privacy officer reads, in English and Dutch (--lang nl): the
// [subject_text] area of reporters/labels.toml.
var textLabels = reporters.LabelArea("subject_text")

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
