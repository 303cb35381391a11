package copycheck

import (
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/testenv"
)

// One name spelled two ways, single words included.
func TestSurnameSpelledTwoWays(t *testing.T) {
	tests := []struct {
		name string
		s    *news.Story
		want string // the rarer spelling reported; "" for none
	}{
		{"English", story("en", "Rate held",
			"Central bank governor Elvira Nabiullina said the rate would stay at 16%.",
			"Nabiullina said inflation was slowing.", "Nabiulina added that the bank would act if needed."), "Nabiulina"},
		{"Russian", story("ru", "Ставка сохранена",
			"Председатель Банка России Эльвира Набиуллина заявила, что ставка сохранится.",
			"Набиуллина отметила замедление инфляции.", "По словам Набиулиной, банк готов действовать."), "Набиулиной"},
		{"country and its people", story("en", "Talks",
			"Russia and Russian officials met Austria's envoy.", "Russia said talks went well."), ""},
		{"inflected Russian surname", story("ru", "Ставка",
			"Эльвира Набиуллина выступила.", "Набиуллиной задали вопрос.", "Набиуллину поддержали."), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(Check(tt.s, news.Entities{}, nil, Options{}), KindNameSpelling)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("findings %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0].Message, `"`+tt.want+`"`) || got[0].Paragraph != 3 {
				t.Errorf("findings %+v, want one for %q in paragraph 3", got, tt.want)
			}
		})
	}
}

// Typos next to proper names are caught and a correction suggested.
func TestTyposInNames(t *testing.T) {
	dict := NewDictionary("en", []string{"the", "talks", "on", "islands", "will", "resume", "delegation", "sent", "a", "Korea", "Oliver", "said", "so"})
	s := story("en", "Talks", "The talks on the Kuril Islandsm will resume.", "North Kore sent a delegation.", "Martín Olivera said so.")
	got := only(Check(s, news.Entities{}, dict, Options{}), KindSpelling)
	want := map[string]string{"Islandsm": `"Islands"?`, "Kore": `"Korea"?`}
	for _, f := range got {
		for w, sug := range want {
			if strings.HasPrefix(f.Message, `"`+w+`"`) && strings.HasSuffix(f.Message, sug) {
				delete(want, w)
			}
		}
		if strings.HasPrefix(f.Message, `"Olivera"`) || strings.HasPrefix(f.Message, `"Martín"`) {
			t.Errorf("a name taken for a slip: %+v", f)
		}
	}
	if len(want) > 0 {
		t.Errorf("not caught with a suggestion: %v; findings %+v", want, got)
	}
}

// The same with Debian's hunspell lists.
func TestTyposInNamesHunspell(t *testing.T) {
	testenv.File(t, DefaultDictionaryDir+"/en_US.dic", "apt-get install hunspell-en-us hunspell-ru")
	d := LoadDictionaries(DefaultDictionaryDir, DefaultDictionaries)
	s := story("en", "Talks on the islands", "Talks on the southern Kuril Islandsm will resume in March, Ingrid Solheim said.",
		"North Kore sent a delegation led by Martín Olivera.")
	got := only(Check(s, news.Entities{}, d, Options{}), KindSpelling)
	var msgs []string
	for _, f := range got {
		msgs = append(msgs, f.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`"Islandsm" is not in the en dictionary: "Islands"?`, `"Kore" is not in the en dictionary: "Korea"?`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %s; findings:\n%s", want, all)
		}
	}
	for _, name := range []string{"Solheim", "Olivera", "Kuril", "Ingrid"} {
		if strings.Contains(all, `"`+name+`"`) {
			t.Errorf("the name %s reported:\n%s", name, all)
		}
	}
}
