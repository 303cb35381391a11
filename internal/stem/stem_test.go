package stem

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKeysJoinWordForms(t *testing.T) {
	same := [][]string{
		{"москва", "москве", "москву", "москвы"},
		{"живописец", "живописца", "живописцу", "живописцы"},
		{"подарок", "подарка", "подарки"},
		{"ёлка", "елка"},
		{"ferry", "ferries"},
		{"running", "run", "runs"},
		{"crossing", "crossings"},
	}
	for _, forms := range same {
		want := Key(forms[0])
		for _, f := range forms[1:] {
			if got := Key(f); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q; want the same key", forms[0], want, f, got)
			}
		}
	}
	differ := [][2]string{{"москва", "москвичи"}, {"harbour", "harbor"}, {"живописец", "живопись"}}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) == Key(%q) = %q; want different keys", d[0], d[1], Key(d[0]))
		}
	}
}

func TestKeyLeavesOtherScriptsAlone(t *testing.T) {
	for _, w := range []string{"北京", "2026", "straße", "mосква" /* Latin m */, strings.Repeat("a", MaxWordBytes+1)} {
		if got := Key(w); got != w && scriptOf(w) != latin {
			t.Errorf("Key(%q) = %q, want it unchanged", w, got)
		}
	}
}

func TestWordsAndText(t *testing.T) {
	got := Words("В Москве, 5 мая — FERRIES' \xff crossings!")
	want := []string{"в", "москве", "5", "мая", "ferries", "crossings"}
	if !slices.Equal(got, want) {
		t.Fatalf("Words = %q, want %q", got, want)
	}
	if got, want := Text("Ferries in Москве"), "ferri in москв"; got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
}

func TestVariants(t *testing.T) {
	cases := map[string][]string{
		"живописца": {"живописец", "живописоц"},
		"живописец": {"живописц"},
		"москва":    nil,
		"ferries":   nil,
	}
	for w, want := range cases {
		if got := Variants(w); !slices.Equal(got, want) {
			t.Errorf("Variants(%q) = %q, want %q", w, got, want)
		}
	}
}

// FuzzText checks that any input gives keys made of word characters
// only, separated by single spaces, without panicking.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Москве ferries", "\xff\xfe", "ёЁ", "a-b c_d", strings.Repeat("щ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q is not valid UTF-8", s, out)
		}
		for _, w := range strings.Split(out, " ") {
			if out != "" && (w == "" || strings.IndexFunc(w, isSeparator) >= 0) {
				t.Fatalf("Text(%q) = %q has a bad key %q", s, out, w)
			}
		}
		for _, w := range Words(s) {
			Variants(w)
		}
	})
}
