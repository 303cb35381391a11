package wire

import (
	"errors"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

func TestParseFilter(t *testing.T) {
	cases := []struct {
		in      string
		want    string // String() of the result
		errPos  int    // >0: want a *FilterError at this position
		errText string
	}{
		{"", "", 0, ""},
		{"   ", "", 0, ""},
		{"section:politics,economy lang:en,ru urgency<=3 \"free text\"", `section:politics,economy lang:en,ru urgency<=3 "free text"`, 0, ""},
		{"SECTION:Politics section:politics", "section:politics", 0, ""},
		{"lang:EN-gb", "lang:en-GB", 0, ""},
		{"urgency<=5 urgency<=2", "urgency<=2", 0, ""},
		{"tram Harbour", `"tram harbour"`, 0, ""},
		{"\"Центральный банк\" lang:ru", `lang:ru "центральный банк"`, 0, ""},
		{`tag:Japan,"Local  Government" TAGS:japan`, `tag:japan,"local government"`, 0, ""},
		{`section:politics tag:"a,b"`, `section:politics tag:"a,b"`, 0, ""},
		{`tag:`, "", 5, "needs a value"},
		{`tag:"`, "", 5, "not closed"},
		{`tag:" "`, "", 5, "empty value"},
		{`section:"a b"`, "", 9, "no spaces"},
		{"sectoin:politics", "", 1, "unknown field"},
		{"section:", "", 9, "needs a value"},
		{"section:a,,b", "", 11, "empty value"},
		{"lang:en,xx1", "", 9, "not a language tag"},
		{"urgency<=0", "", 10, "1 to 9"},
		{"urgency<=10", "", 10, "1 to 9"},
		{"urgency<=x", "", 10, "1 to 9"},
		{"urgency>3", "", 1, "urgency<=N"},
		{"urgency:3", "", 1, "urgency<=N"},
		{"size<=3", "", 1, "only urgency"},
		{`lang:en "free text`, "", 9, "not closed"},
		{`a"b`, "", 2, "quote must start"},
		{`""`, "", 1, "no words"},
		{"--", "", 1, "no letters"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			f, err := ParseFilter(c.in)
			if c.errPos > 0 {
				var fe *FilterError
				if !errors.As(err, &fe) || fe.Pos != c.errPos || !strings.Contains(fe.Msg, c.errText) {
					t.Fatalf("ParseFilter(%q) = %v; want an error at position %d saying %q", c.in, err, c.errPos, c.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseFilter(%q): %v", c.in, err)
			}
			if got := f.String(); got != c.want {
				t.Fatalf("ParseFilter(%q) = %q, want %q", c.in, got, c.want)
			}
			again, err := ParseFilter(f.String())
			if err != nil || again.String() != f.String() {
				t.Fatalf("String does not round-trip: %q -> %v %v", f.String(), again, err)
			}
		})
	}
}

func TestFilterMatch(t *testing.T) {
	story := &news.Story{Headline: "Night trams for the harbour", Tags: []string{"Transport", "Public  transport"}, Body: []news.Block{{Kind: news.Paragraph, Text: "Council votes; trial starts."}}}
	ev := news.Event{Section: "politics", Language: "en-GB", Urgency: 3}
	cases := []struct {
		filter string
		want   bool
	}{
		{"", true},
		{"section:politics", true},
		{"section:sport,politics", true},
		{"section:sport", false},
		{"lang:en", true}, // a variant matches its language
		{"lang:en-GB", true},
		{"lang:en-US", false},
		{"lang:ru", false},
		{"urgency<=3", true},
		{"urgency<=2", false},
		{"harbour council", true},
		{"\"HARBOUR\" trial", true},
		{"harbour ferry", false},
		{"section:politics lang:en urgency<=4 trams", true},
		{"tag:transport", true},
		{`tag:ferries,"public TRANSPORT"`, true},
		{"tag:ferries", false},
		{"tag:transport ferry", false},
	}
	for _, c := range cases {
		f, err := ParseFilter(c.filter)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.matchEvent(&ev) && f.matchText(story); got != c.want {
			t.Errorf("filter %q matched = %v, want %v", c.filter, got, c.want)
		}
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "section:a,b lang:en urgency<=3 \"x y\"", `"unclosed`, "a:b:c", "urgency<=", "lang:,", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		flt, err := ParseFilter(q)
		if err != nil {
			var fe *FilterError
			if !errors.As(err, &fe) || fe.Pos < 1 {
				t.Fatalf("ParseFilter(%q): error %v without a position", q, err)
			}
			return
		}
		// What it parsed writes back to an equivalent query.
		again, err := ParseFilter(flt.String())
		if err != nil || again.String() != flt.String() {
			t.Fatalf("round trip of %q: %q -> %v, %v", q, flt.String(), again, err)
		}
	})
}

func TestCursor(t *testing.T) {
	for _, seq := range []int64{0, 1, 2, 255, 1 << 40, 1<<63 - 1} {
		c := EncodeCursor(seq)
		got, err := DecodeCursor(c)
		if err != nil || got != seq {
			t.Fatalf("cursor of %d = %q -> %d, %v", seq, c, got, err)
		}
		if EncodeCursor(seq) != c {
			t.Fatal("cursor is not stable")
		}
	}
	for _, start := range []string{"", "0"} {
		if got, err := DecodeCursor(start); err != nil || got != 0 {
			t.Fatalf("cursor %q = %d, %v; want the start", start, got, err)
		}
	}
	for _, bad := range []string{"x", "AQAAAAAAAAA", "AQAAAAAAAAAB=", "AgAAAAAAAAAB", "AYAAAAAAAAAA", "!!!!!!!!!!!!", "123"} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) accepted it", bad)
		}
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add("")
	f.Add(EncodeCursor(42))
	f.Add("AYAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, c string) {
		seq, err := DecodeCursor(c)
		if err != nil {
			return
		}
		if seq < 0 {
			t.Fatalf("DecodeCursor(%q) = %d", c, seq)
		}
		if c != "" && c != "0" && EncodeCursor(seq) != c {
			t.Fatalf("DecodeCursor(%q) = %d, which encodes as %q", c, seq, EncodeCursor(seq))
		}
	})
}
