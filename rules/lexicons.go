package rules

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed lexicons.toml
var defaultLexicons []byte

// Lexicon is one note category's vocabulary (rules/lexicons.toml): the
// words and phrases that reveal a special category of personal data or a
// judgmental remark in free text.
type Lexicon struct {
	// Category is the table name ("health", "judgmental").
	Category string
	// Rule is the rule the category's findings belong to ("special.health").
	Rule string `toml:"rule"`
	// Terms are whole words or phrases, in every form that counts.
	Terms []string `toml:"terms"`
	// Upper are acronyms that match only when written in capitals.
	Upper []string `toml:"upper"`
	// Stems match every word that starts with them (at least six letters).
	Stems []string `toml:"stems"`
	// FalseFriends are phrases that cancel a match lying inside them.
	FalseFriends []string `toml:"false_friends"`
}

// MinStem is the shortest stem a lexicon may list.
const MinStem = 6

var lexicons struct {
	once sync.Once
	m    map[string]Lexicon
	err  error
}

func loadLexicons() {
	var f map[string]Lexicon
	if err := decodeStrict(defaultLexicons, &f); err != nil {
		lexicons.err = fmt.Errorf("embedded lexicons.toml: %w", err)
		return
	}
	for cat, l := range f {
		l.Category = cat
		if l.Rule == "" || len(l.Terms) == 0 {
			lexicons.err = fmt.Errorf("embedded lexicons.toml: category %s: missing rule or terms", cat)
			return
		}
		for _, s := range l.Stems {
			if len(s) < MinStem || strings.ContainsAny(s, " -") {
				lexicons.err = fmt.Errorf("embedded lexicons.toml: category %s: stem %q shorter than %d letters or not one word", cat, s, MinStem)
				return
			}
		}
		f[cat] = l
	}
	lexicons.m = f
}

// Lexicons returns the embedded note lexicons by category. The map is
// shared; callers must not change it.
func Lexicons() (map[string]Lexicon, error) {
	lexicons.once.Do(loadLexicons)
	return lexicons.m, lexicons.err
}
