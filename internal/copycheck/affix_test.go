package copycheck

import (
	"os"
	"path/filepath"
	"testing"
)

const testAff = `SET UTF-8
PFX A Y 1
PFX A   0     re         .
PFX E Y 1
PFX E   0     dis        .
SFX S Y 4
SFX S   y     ies        [^aeiou]y
SFX S   0     s          [aeiou]y
SFX S   0     es         [sxzh]
SFX S   0     s          [^sxzhy]
SFX Y Y 1
SFX Y   0     ly         .
SFX R Y 2
SFX R   y     ier        [^aeiou]y
SFX R   0     er         [^ey]
SFX N N 1
SFX N   0     ness       .
PFX U N 1
PFX U   0     un         .
`

const testDic = `7
sort/AS
appear/ESA
on/Y
early/R
city/S
kind/NU
box/S
`

func TestAffixRules(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.aff"), []byte(testAff), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.dic"), []byte(testDic), 0o644); err != nil {
		t.Fatal(err)
	}
	d := LoadDictionaries(dir, map[string][]DictionaryFile{"xx": {{Name: "t"}}})
	if !d.Has("xx") {
		t.Fatal(d.Missing("xx"))
	}
	tests := []struct {
		word  string
		known bool
	}{
		{"sort", true}, {"sorts", true}, {"resort", true}, {"resorts", true}, // prefix, suffix, both
		{"disappears", true}, {"reappear", true}, {"only", true}, {"earlier", true}, {"cities", true},
		{"boxes", true}, {"boxs", false}, {"citys", false}, {"kindness", true}, {"unkind", true},
		{"unkindness", false}, // N and U do not combine
		{"onlyly", false}, {"soort", false}, {"resortly", false},
	}
	for _, tt := range tests {
		// The fallback (common endings) is for lists without rules; test
		// the rules alone here.
		wl := d.langs["xx"]
		got := false
		for _, l := range wl.lists {
			got = got || l.aff.known(l.stems, tt.word)
		}
		if got != tt.known {
			t.Errorf("%q known by the affix rules = %v, want %v", tt.word, got, tt.known)
		}
	}
}

func FuzzAffixes(f *testing.F) {
	f.Add(testAff, "resorts")
	f.Add("SFX A Y 1\nSFX A 0 s [^", "as")
	f.Add("PFX A Y 1\nPFX A x 0 [ab]\nFLAG long", "b")
	f.Fuzz(func(t *testing.T, aff, word string) {
		a, err := parseAffixes(aff, "fuzz.aff")
		if err != nil {
			return
		}
		a.known(map[string]string{"sort": "AS", "b": "AA"}, normWord(word))
	})
}
