package extract

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

var loadGazetteer = sync.OnceValues(gazetteer.Load)

func gaz(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// score counts true positives, false positives and false negatives.
type score struct{ tp, fp, fn int }

func (s *score) add(got, want []string) (missing, extra []string) {
	w := map[string]int{}
	for _, x := range want {
		w[x]++
	}
	for _, x := range got {
		if w[x] > 0 {
			w[x]--
			s.tp++
		} else {
			s.fp++
			extra = append(extra, x)
		}
	}
	for _, x := range want {
		if w[x] > 0 {
			w[x]--
			s.fn++
			missing = append(missing, x)
		}
	}
	return missing, extra
}

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

// normQuote compares quotes by speaker and text, ignoring end punctuation
// and spacing.
func normQuote(speaker, text string) string {
	text = strings.Join(strings.Fields(text), " ")
	text = strings.TrimRight(text, ".,;:!? ")
	return speaker + " | " + text
}

func TestGoldenPrecisionRecall(t *testing.T) {
	measure(t, goldens, 0.95, 0.95)
}

// measure runs Extract on stories and asserts minimum precision and recall
// for people, organisations, places and quotes (speaker and text).
func measure(t *testing.T, stories []golden, minP, minR float64) {
	g := gaz(t)
	var people, orgs, places, quotes score
	rolesOK, rolesAll := 0, 0
	for _, gd := range stories {
		r := Extract(gd.story, g)
		var got, want []string

		got, want = nil, nil
		gotRole := map[string]string{}
		for _, p := range r.People {
			got = append(got, p.Name)
			gotRole[p.Name] = p.Role
		}
		for _, p := range gd.people {
			want = append(want, p.Name)
			if role, ok := gotRole[p.Name]; ok {
				rolesAll++
				if strings.Contains(strings.ToLower(role), strings.ToLower(p.Role)) {
					rolesOK++
				} else {
					t.Logf("%s: role of %s = %q; want %q", gd.name, p.Name, role, p.Role)
				}
			}
		}
		logDiff(t, gd.name, "people", &people, got, want)

		got, want = nil, nil
		for _, o := range r.Organisations {
			got = append(got, o.Name)
		}
		logDiff(t, gd.name, "organisations", &orgs, got, gd.orgs)

		got, want = nil, nil
		for _, p := range r.Places {
			got = append(got, p.Name+" ("+p.Country+")")
		}
		for _, p := range gd.places {
			want = append(want, p.Name+" ("+p.Country+")")
		}
		logDiff(t, gd.name, "places", &places, got, want)

		got, want = nil, nil
		for _, q := range r.Quotes {
			got = append(got, normQuote(q.Speaker, q.Text))
		}
		for _, q := range gd.quotes {
			want = append(want, normQuote(q.Speaker, q.Text))
		}
		logDiff(t, gd.name, "quotes", &quotes, got, want)
	}
	for _, c := range []struct {
		name string
		s    score
		p, r float64
	}{
		{"people", people, minP, minR},
		{"organisations", orgs, minP, minR},
		{"places", places, minP, minR},
		{"quotes", quotes, minP, minR},
	} {
		t.Logf("%-14s precision %.3f recall %.3f (tp %d, fp %d, fn %d)", c.name, c.s.precision(), c.s.recall(), c.s.tp, c.s.fp, c.s.fn)
		if c.s.precision() < c.p || c.s.recall() < c.r {
			t.Errorf("%s: precision %.3f (want >= %.2f), recall %.3f (want >= %.2f)", c.name, c.s.precision(), c.p, c.s.recall(), c.r)
		}
	}
	t.Logf("roles right for %d of %d people found", rolesOK, rolesAll)
	if rolesAll == 0 || float64(rolesOK)/float64(rolesAll) < minR {
		t.Errorf("roles right for %d of %d people found; want at least 80%%", rolesOK, rolesAll)
	}
}

func logDiff(t *testing.T, story, what string, s *score, got, want []string) {
	t.Helper()
	missing, extra := s.add(got, want)
	if len(missing) > 0 {
		t.Logf("%s: %s missing: %s", story, what, fmt.Sprintf("%q", missing))
	}
	if len(extra) > 0 {
		t.Logf("%s: %s extra: %s", story, what, fmt.Sprintf("%q", extra))
	}
}

func TestHeldOutPrecisionRecall(t *testing.T) {
	measure(t, heldOut, 0.9, 0.9)
}

func TestHeldOut2PrecisionRecall(t *testing.T) {
	measure(t, heldOut2, 0.9, 0.9)
}
