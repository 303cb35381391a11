package wirecopy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Pages copied from agency sites in a browser, written by the team in the
// shape such pages take: furniture before and after the headline, time
// stamps in many forms, odd spaces.
func TestCopiedPageFurniture(t *testing.T) {
	const nb, thin, narrow, zw, ideo = "\u00a0", "\u2009", "\u202f", "\u200b", "\u3000"
	en := "TOKYO, November 23. /TASS/. The island council voted on Monday to reopen the ferry pier."
	ru := "МОСКВА, 23 ноября. /ТАСС/. Городской совет в понедельник решил вновь открыть паромный причал."
	tests := []struct {
		name, copy, headline, lead string
	}{
		{"en empty value after no-break space", "All news\nUpdated at:" + nb + "\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en month name and time", "All news\nUpdated at: November 23, 19:40\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en month name without time", "Updated at: November 23\n\nIsland council reopens ferry pier\n" + en, "Island council reopens ferry pier", en},
		{"en numeric date and time", "All" + nb + "news\nUpdated" + nb + "at:" + nb + "23.11.2026" + nb + "19:40\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en ISO date", "Updated: 2026-11-23T19:40\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en time only with zone", "Last updated 19:40 GMT\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en value on its own line", "All news\nUpdated at:\nNovember 23, 19:40\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en date line before headline", "November 23, 19:40 UTC+3\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en thin and zero-width spaces", zw + "All" + thin + "news" + zw + "\n" + ideo + "Updated" + narrow + "at:" + thin + "Nov" + nb + "23," + narrow + "7:40" + nb + "pm\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"en furniture after the headline", "Island council reopens ferry pier\nUpdated at:" + nb + "\n\n" + en + "\n\nShare\n", "Island council reopens ferry pier", en},
		{"en published stamp", "Published: 23 Nov 2026, 19:40\nIsland council reopens ferry pier\n\n" + en, "Island council reopens ferry pier", en},
		{"ru empty value", "Все новости\nОбновлено:" + nb + "\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru month name and time", "Все новости\nОбновлено: 23 ноября, 19:40\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru without colon and with year", "Обновлено 23 ноября 2026 г., 19:40 мск\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru numeric date", "Обновлено:" + nb + "23.11.2026" + nb + "19:40\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru month name without time", "Обновлено: 23 ноября\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru publication stamp", "Опубликовано в 19:40\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru value on its own line", "Обновлено:\n23 ноября, 19:40\nСовет острова вновь открыл причал\n\n" + ru, "Совет острова вновь открыл причал", ru},
		{"ru no-break spaces inside", "Все" + nb + "новости\nОбновлено:" + nb + "23" + nb + "ноября," + nb + "19:40\nСовет" + nb + "острова вновь открыл причал\n\n" + ru, "Совет" + nb + "острова вновь открыл причал", ru},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.copy), Options{Year: 2026})
			if err != nil {
				t.Fatal(err)
			}
			if s.Headline != tt.headline {
				t.Errorf("headline = %q, want %q", s.Headline, tt.headline)
			}
			if s.Standfirst != "" {
				t.Errorf("standfirst = %q, want none", s.Standfirst)
			}
			if s.Dateline.IsZero() {
				t.Errorf("no dateline found")
			}
			if len(s.Body) != 1 || !strings.HasSuffix(tt.lead, s.Body[0].Text) {
				t.Errorf("body = %+v, want the lead paragraph only", s.Body)
			}
		})
	}
}

// A date with a clock time is dropped only before the headline or under
// a label; in the body it stays.
func TestDateLineInBodyKept(t *testing.T) {
	s, err := Parse([]byte("Pier timetable\n\nThe ferry leaves at:\n\nNovember 23, 19:40\n\nand returns the next day."), Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Body) != 3 || s.Body[1].Text != "November 23, 19:40" {
		t.Errorf("body = %+v, want the date line kept", s.Body)
	}
}

// FuzzFurniture checks that recognising furniture never panics, that it
// does not depend on which Unicode spaces the line is written with, and
// that a page with furniture above the headline parses to the same story
// as the bare copy.
func FuzzFurniture(f *testing.F) {
	for _, s := range []string{"Updated at:\u00a0", "Обновлено: 23 ноября, 19:40", "All news", "Updated at: November 23, 19:40", "23.11.2026 19:40", "Share prices", "Обновлено в\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) || strings.ContainsAny(line, "\r\n\x00") {
			return
		}
		got := isBoilerplate(line)
		spaced := strings.ReplaceAll(line, " ", "\u00a0\u200b")
		if isBoilerplate(spaced) != got {
			t.Fatalf("isBoilerplate(%q) = %v but with no-break spaces %v", line, got, !got)
		}
		if !got {
			return
		}
		copy := "Island council reopens ferry pier\n\nTOKYO, November 23. /TASS/. The council voted."
		bare, err := Parse([]byte(copy), Options{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		page, err := Parse([]byte(line+"\n"+copy), Options{Year: 2026})
		if err != nil {
			t.Fatalf("with furniture %q: %v", line, err)
		}
		if d := storyDiff(bare, page); d != "" {
			t.Fatalf("furniture %q changed the story: %s", line, d)
		}
	})
}
