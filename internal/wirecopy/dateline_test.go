package wirecopy

import (
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

func TestParseDateline(t *testing.T) {
	opt := Options{Now: testNow} // 2026-11-29
	tests := []struct {
		in     string
		ok     bool
		place  string
		credit string
		date   news.Date
		style  news.Style
		text   string
		rest   string
	}{
		{"TOKYO, December 18. /TASS/. Japan said.", true, "TOKYO", "TASS", date(2025, 12, 18), news.StyleTASS, "TOKYO, December 18. /TASS/.", "Japan said."},
		{"МОСКВА, 24 ноября. /ТАСС/. Текст.", true, "МОСКВА", "ТАСС", date(2026, 11, 24), news.StyleTASS, "МОСКВА, 24 ноября. /ТАСС/.", "Текст."},
		{"САНКТ-ПЕТЕРБУРГ, 1 января. /ТАСС/. Текст.", true, "САНКТ-ПЕТЕРБУРГ", "ТАСС", date(2026, 1, 1), news.StyleTASS, "САНКТ-ПЕТЕРБУРГ, 1 января. /ТАСС/.", "Текст."},
		{"TOKYO. /TASS/. Undated.", true, "TOKYO", "TASS", news.Date{}, news.StyleTASS, "TOKYO. /TASS/.", "Undated."},
		{"SANTIAGO, Nov 27 (Reuters) - Chile's", true, "SANTIAGO", "Reuters", date(2026, 11, 27), news.StyleReuters, "SANTIAGO, Nov 27 (Reuters) -", "Chile's"},
		{"NEW YORK, Jan 3 (Reuters) – Stocks", true, "NEW YORK", "Reuters", date(2026, 1, 3), news.StyleReuters, "NEW YORK, Jan 3 (Reuters) –", "Stocks"},
		{"RIO DE JANEIRO, March 3 (Reuters) — Brazil", true, "RIO DE JANEIRO", "Reuters", date(2026, 3, 3), news.StyleReuters, "RIO DE JANEIRO, March 3 (Reuters) —", "Brazil"},
		{"WASHINGTON (AP) — The Senate", true, "WASHINGTON", "AP", news.Date{}, news.StyleAP, "WASHINGTON (AP) —", "The Senate"},
		{"WASHINGTON, D.C. (AP) — The", true, "WASHINGTON, D.C.", "AP", news.Date{}, news.StyleAP, "WASHINGTON, D.C. (AP) —", "The"},
		{"PARIS, Nov 26, 2026 (AFP) - France", true, "PARIS", "AFP", date(2026, 11, 26), news.StyleAFP, "PARIS, Nov 26, 2026 (AFP) -", "France"},
		{"SAN JOSE, Costa Rica, Nov 26, 2024 (AFP) - The", true, "SAN JOSE, Costa Rica", "AFP", date(2024, 11, 26), news.StyleAFP, "SAN JOSE, Costa Rica, Nov 26, 2024 (AFP) -", "The"},
		{"PARIS (AFP) - Undated", true, "PARIS", "AFP", news.Date{}, news.StyleAFP, "PARIS (AFP) -", "Undated"},
		{"BEIJING, Nov. 25 (Xinhua) -- China", true, "BEIJING", "Xinhua", date(2026, 11, 25), news.StyleXinhua, "BEIJING, Nov. 25 (Xinhua) --", "China"},
		{"BEIJING, Sept. 5 (Xinhua) --", true, "BEIJING", "Xinhua", date(2026, 9, 5), news.StyleXinhua, "BEIJING, Sept. 5 (Xinhua) --", ""},
		{"MOSCOW. Nov 24 (Interfax) - Russia", true, "MOSCOW", "Interfax", date(2026, 11, 24), news.StyleInterfax, "MOSCOW. Nov 24 (Interfax) -", "Russia"},
		{"ST. PETERSBURG. Sep 4 (Interfax) - A", true, "ST. PETERSBURG", "Interfax", date(2026, 9, 4), news.StyleInterfax, "ST. PETERSBURG. Sep 4 (Interfax) -", "A"},
		// Unknown credits: the shape decides.
		{"LAGOS, Nov 2, 2026 (Own) - x", true, "LAGOS", "Own", date(2026, 11, 2), news.StyleAFP, "LAGOS, Nov 2, 2026 (Own) -", "x"},
		{"LAGOS. Nov 2 (Own) - x", true, "LAGOS", "Own", date(2026, 11, 2), news.StyleInterfax, "LAGOS. Nov 2 (Own) -", "x"},
		{"LAGOS, Nov. 2 (Own) - x", true, "LAGOS", "Own", date(2026, 11, 2), news.StyleXinhua, "LAGOS, Nov. 2 (Own) -", "x"},
		{"LAGOS (Own) — x", true, "LAGOS", "Own", news.Date{}, news.StyleAP, "LAGOS (Own) —", "x"},
		{"LAGOS, Nov 2 (Own) - x", true, "LAGOS", "Own", date(2026, 11, 2), news.StyleReuters, "LAGOS, Nov 2 (Own) -", "x"},
		// Year inference: the latest date not after Now.
		{"TOKYO, Feb 29 (Reuters) - x", true, "TOKYO", "Reuters", date(2024, 2, 29), news.StyleReuters, "TOKYO, Feb 29 (Reuters) -", "x"},
		// Title case is fine when there is a date.
		{"Moscow, November 24. /TASS/. x", true, "Moscow", "TASS", date(2026, 11, 24), news.StyleTASS, "Moscow, November 24. /TASS/.", "x"},
		{"Toronto, Feb 26 (Reuters) - x", true, "Toronto", "Reuters", date(2026, 2, 26), news.StyleReuters, "Toronto, Feb 26 (Reuters) -", "x"},
		{"Toronto (Reuters) - undated title case is not a dateline", false, "", "", news.Date{}, "", "", ""},
		// Extra spaces are tolerated and kept in Text.
		{"CHICAGO, March  2  (Reuters) - x", true, "CHICAGO", "Reuters", date(2026, 3, 2), news.StyleReuters, "CHICAGO, March  2  (Reuters) -", "x"},
		// No credit (Reuters copy of the 1980s): no style.
		{"PORTLAND, Ore., Feb 26 - Shares rose", true, "PORTLAND, Ore.", "", date(2026, 2, 26), news.StyleNone, "PORTLAND, Ore., Feb 26 -", "Shares rose"},
		{"Toronto, Feb 26 - x", true, "Toronto", "", date(2026, 2, 26), news.StyleNone, "Toronto, Feb 26 -", "x"},
		{"RICHMOND, Va. Feb 26 - x", true, "RICHMOND, Va.", "", date(2026, 2, 26), news.StyleNone, "RICHMOND, Va. Feb 26 -", "x"},
		{"SALVADOR, March 2 -", true, "SALVADOR", "", date(2026, 3, 2), news.StyleNone, "SALVADOR, March 2 -", ""},
		// A dated dateline with an em dash is AP style whatever the credit.
		{"LAGOS, Nov 2 (Own) — x", true, "LAGOS", "Own", date(2026, 11, 2), news.StyleAP, "LAGOS, Nov 2 (Own) —", "x"},
		// A place's first word has two letters or more, dated or not
		// (found by FuzzParse: "A, Nov 1 (AP) -" was read, "A (AP) —" not).
		{"A, Nov 1 (AP) - x", false, "", "", news.Date{}, "", "", ""},
		{"A (AP) — x", false, "", "", news.Date{}, "", "", ""},
		{"A. /TASS/. x", false, "", "", news.Date{}, "", "", ""},
		{"Å, Nov 1 (Reuters) - x", false, "", "", news.Date{}, "", "", ""},
		{"Ås, Nov 1 (Reuters) - x", true, "Ås", "Reuters", date(2026, 11, 1), news.StyleReuters, "Ås, Nov 1 (Reuters) -", "x"},
		{"ÅS (Reuters) - x", true, "ÅS", "Reuters", news.Date{}, news.StyleReuters, "ÅS (Reuters) -", "x"},
		// Not datelines.
		{"NEW YORK - Stocks fell.", false, "", "", news.Date{}, "", "", ""},
		{"TOKYO, Feb 30 (Reuters) - Impossible date.", false, "", "", news.Date{}, "", "", ""},
		{"TOKYO, 31 апреля. /ТАСС/. x", false, "", "", news.Date{}, "", "", ""},
		{"Officials (who declined) - said", false, "", "", news.Date{}, "", "", ""},
		{"A spokesman (unnamed) - said", false, "", "", news.Date{}, "", "", ""},
		{"The minister said on Sunday.", false, "", "", news.Date{}, "", "", ""},
		{"TOKYO (Reuters)-x", false, "", "", news.Date{}, "", "", ""},
		{"", false, "", "", news.Date{}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			dl, rest, ok := ParseDateline(tt.in, opt)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, dl)
			}
			if !ok {
				if rest != tt.in {
					t.Errorf("rest = %q, want the paragraph unchanged", rest)
				}
				return
			}
			want := news.Dateline{Place: tt.place, Credit: tt.credit, Date: tt.date, Style: tt.style, Text: tt.text}
			if dl != want {
				t.Errorf("dateline = %+v\nwant       %+v", dl, want)
			}
			if rest != tt.rest {
				t.Errorf("rest = %q, want %q", rest, tt.rest)
			}
			if err := dl.Validate(); err != nil {
				t.Errorf("dateline does not validate: %v", err)
			}
		})
	}
}

// TestFormatReadsBack: whatever a house style writes, ParseDateline reads
// back to the same place, date, credit and style, dated or not, in capitals
// or (dated) in title case. A style that is told only by its credit (an
// undated AFP or Interfax dateline looks like Reuters) keeps it with a known
// credit.
func TestFormatReadsBack(t *testing.T) {
	dates := []news.Date{{}, date(2024, 11, 1), date(2019, 5, 31), date(2026, 9, 5), date(1, 11, 1), date(999, 2, 28)}
	for _, style := range news.Styles {
		for _, credit := range append(credits[style], "Own") {
			for _, d := range dates {
				for _, place := range []string{"TOKYO", "RIO DE JANEIRO", "WASHINGTON, D.C.", "МОСКВА", "ST. PETERSBURG", "AL-MUKALLA", "Toronto", "San Jose, Costa Rica"} {
					if d.IsZero() && strings.ToUpper(place) != place {
						continue // undated title case is a sentence, not a dateline
					}
					in := news.Dateline{Place: place, Credit: credit, Date: d, Style: style}
					text := in.Format()
					year := d.Year
					if year == 0 {
						year = 2026
					}
					got, rest, ok := ParseDateline(text+" Text.", Options{Year: year})
					if !ok || rest != "Text." {
						t.Errorf("%+v: Format %q does not read back (ok %v, rest %q)", in, text, ok, rest)
						continue
					}
					if got.Place != in.Place || got.Credit != in.Credit || got.Date != in.Date {
						t.Errorf("%+v: Format %q reads back as %+v", in, text, got)
					}
					if got.Style != in.Style && (credit != "Own" || !d.IsZero()) {
						t.Errorf("%+v: Format %q reads back in style %q", in, text, got.Style)
					}
				}
			}
		}
	}
}

func TestDatelineYear(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  Options
		want news.Date
		ok   bool
	}{
		{"now after the date: last year", "TOKYO, December 18. /TASS/. x", Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}, date(2025, 12, 18), true},
		{"now past the date: this year", "TOKYO, December 18. /TASS/. x", Options{Now: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)}, date(2026, 12, 18), true},
		{"now on the date: this year", "TOKYO, December 18. /TASS/. x", Options{Now: time.Date(2026, 12, 18, 23, 0, 0, 0, time.UTC)}, date(2026, 12, 18), true},
		{"year option wins", "TOKYO, December 18. /TASS/. x", Options{Year: 2016, Now: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)}, date(2016, 12, 18), true},
		{"year option, russian", "МОСКВА, 24 ноября. /ТАСС/. x", Options{Year: 2016}, date(2016, 11, 24), true},
		{"written year beats the option", "PARIS, Nov 26, 2020 (AFP) - x", Options{Year: 2016}, date(2020, 11, 26), true},
		{"29 February in a common year given by option", "TOKYO, Feb 29 (Reuters) - x", Options{Year: 2025}, news.Date{}, false},
		{"29 February found in the last leap year", "TOKYO, Feb 29 (Reuters) - x", Options{Now: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, date(2024, 2, 29), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dl, _, ok := ParseDateline(tt.in, tt.opt)
			if ok != tt.ok || dl.Date != tt.want {
				t.Errorf("date = %v ok %v, want %v ok %v", dl.Date, ok, tt.want, tt.ok)
			}
		})
	}
	// Zero Now means today.
	dl, _, ok := ParseDateline("TOKYO, Jan 1 (Reuters) - x", Options{})
	if !ok || dl.Date.Time().After(time.Now()) || time.Since(dl.Date.Time()) > 367*24*time.Hour {
		t.Errorf("with zero Now, Jan 1 = %v, want the last 1 January", dl.Date)
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The minister said the talks would continue on Monday.", "en"},
		{"Министр заявил, что переговоры продолжатся в понедельник.", "ru"},
		{"МОСКВА, 24 ноября. /ТАСС/. Президент России провёл встречу с губернатором.", "ru"},
		{"Міністр заявив, що переговори продовжаться і в понеділок, і в середу, та є надія.", "uk"},
		{"Le ministre a déclaré que les négociations se poursuivront dans la semaine et que le texte est prêt.", "fr"},
		{"Der Minister sagte, dass die Gespräche am Montag mit den Partnern fortgesetzt werden und die Lage sich nicht ändert.", "de"},
		{"El ministro dijo que las conversaciones continuarán el lunes con los socios de la región.", "es"},
		{"Il ministro ha detto che i colloqui della settimana sono stati utili e che non ci sono problemi.", "it"},
		{"O ministro disse que as conversas não vão parar e que os parceiros também são bem-vindos.", "pt"},
		{"外交部发言人表示，会谈将于星期一继续。", "zh"},
		{"外務大臣は、協議は月曜日に続くと述べた。", "ja"},
		{"장관은 회담이 월요일에 계속될 것이라고 말했다.", "ko"},
		{"1234 5678", "en"},
		{"", "en"},
		// A few Russian words in English copy do not make it Russian.
		{"The newspaper Izvestia (Известия) reported on Tuesday that the ministry had approved the plan for next year.", "en"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBoilerplate(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"All news", true},
		{"ALL NEWS", true},
		{"Все новости", true},
		{"Updated at: 18 Dec 2016, 09:15", true},
		{"Updated: 2026-11-24 14:05", true},
		{"Обновлено: 24 ноября 2026, 14:05", true},
		{"Обновлено 24 ноября 2026, 14:05", true},
		{"Full version", true},
		{"Share", true},
		{"Поделиться", true},
		{"Share prices fell", false},
		{"Published figures showed 5% growth.", false},
		{"Updated guidance is expected on Monday, the bank said in a statement issued late on Friday 12 March.", false},
		{"All news outlets carried the story.", false},
		{"", false},
		{"Updated at:\u00a0", true},
		{"Updated at:", true},
		{"UPDATED AT: NOVEMBER 23, 19:40", true},
		{"Updated at: Nov. 23, 2026 at 7:40 p.m.", true},
		{"Updated on 11/23/2026", true},
		{"Обновлено:", true},
		{"Обновлено", true},
		{"Обновлено:\u202f23.11.2026", true},
		{"Дата публикации: 23 ноября 2026, 19:40", true},
		{"All news about the ferry", false},
		{"All news ›", true},
		{"Updated", false}, // a word alone may be a line of text
		{"Updated plans were approved on 23 November", false},
		{"Обновлено расписание паромов на 23 ноября", false},
		{"Published by the city council", false},
		{"November 23", false},
	}
	for _, tt := range tests {
		if got := isBoilerplate(tt.line); got != tt.want {
			t.Errorf("isBoilerplate(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
