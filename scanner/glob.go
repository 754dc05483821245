package scanner

import (
	"path"
	"strings"
)

// matchGlob reports whether a slash-separated relative path matches a
// pattern. A pattern without a slash matches the base name (`*.csv`); one
// with a slash matches the whole relative path, where `**` stands for any
// number of folders (`exports/**/*.csv`). A malformed pattern matches
// nothing (it is checked when the flags are parsed).
func matchGlob(pattern, rel string) bool {
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(rel))
		return ok
	}
	return matchSegs(strings.Split(strings.Trim(pattern, "/"), "/"), strings.Split(rel, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// ValidGlob reports whether a pattern is well formed.
func ValidGlob(pattern string) error {
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// filter applies --include and --exclude to a file's relative path.
type filter struct {
	include, exclude []string
}

func (f filter) excluded(rel string) bool {
	for _, p := range f.exclude {
		if matchGlob(p, rel) {
			return true
		}
	}
	return false
}

func (f filter) wanted(rel string) bool {
	if f.excluded(rel) {
		return false
	}
	if len(f.include) == 0 {
		return true
	}
	for _, p := range f.include {
		if matchGlob(p, rel) {
			return true
		}
	}
	return false
}
