package news

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Section is one of the site's sections as the editors manage them: a key
// (what stories carry in Story.Section, lower case) and the name readers
// see in each language. The order of a list of sections is the order of
// the site's menu.
type Section struct {
	Key   string            `json:"key"`
	Names map[string]string `json:"names"` // language -> name; "en" is required
}

// Name is the section's name in lang, the English one when there is none
// for lang, the key when there is neither.
func (s Section) Name(lang string) string {
	if n := s.Names[lang]; n != "" {
		return n
	}
	if primary, _, ok := strings.Cut(lang, "-"); ok {
		if n := s.Names[primary]; n != "" {
			return n
		}
	}
	if n := s.Names["en"]; n != "" {
		return n
	}
	return s.Key
}

// MaxSections is how many sections a site may have.
const MaxSections = 40

// NormalizeSections checks a list of sections and returns it cleaned: keys
// lower case and trimmed, names trimmed, empty names dropped. Errors name
// the section (by position and key) and what is wrong.
func NormalizeSections(list []Section) ([]Section, error) {
	if len(list) > MaxSections {
		return nil, fmt.Errorf("%d sections: at most %d", len(list), MaxSections)
	}
	out := make([]Section, 0, len(list))
	seen := map[string]bool{}
	for i, s := range list {
		key := strings.ToLower(strings.TrimSpace(s.Key))
		where := fmt.Sprintf("section %d (%q)", i+1, key)
		if err := checkSectionKey(key); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if seen[key] {
			return nil, fmt.Errorf("%s: the key is listed twice", where)
		}
		seen[key] = true
		names := map[string]string{}
		for lang, n := range s.Names {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if utf8.RuneCountInString(n) > MaxSection || strings.IndexFunc(n, unicode.IsControl) >= 0 {
				return nil, fmt.Errorf("%s: the %s name is longer than %d characters or has control characters", where, lang, MaxSection)
			}
			names[strings.ToLower(lang)] = n
		}
		if names["en"] == "" {
			return nil, fmt.Errorf("%s: the English name is empty", where)
		}
		out = append(out, Section{Key: key, Names: names})
	}
	return out, nil
}

func checkSectionKey(key string) error {
	if key == "" {
		return fmt.Errorf("the key is empty")
	}
	if utf8.RuneCountInString(key) > MaxSection {
		return fmt.Errorf("the key is longer than %d characters", MaxSection)
	}
	for _, r := range key {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
			return fmt.Errorf("the key may hold only letters, digits and hyphens")
		}
	}
	return nil
}

// HasSection reports whether key is one of list's sections.
func HasSection(list []Section, key string) bool {
	for _, s := range list {
		if s.Key == key {
			return true
		}
	}
	return false
}
