package gazetteer

import (
	"testing"
	"time"
)

func TestLookup(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, context string
		want          string
		country       string
		kind          Kind
		matched       string
	}{
		{"TOKYO", "", "Tokyo", "JP", City, "Tokyo"},
		{"Tokyo", "", "Tokyo", "JP", City, "Tokyo"},
		{"Kyiv", "", "Kyiv", "UA", City, "Kyiv"},
		{"Киев", "", "Kyiv", "UA", City, "Киев"},
		{"Москва", "", "Moscow", "RU", City, "Москва"},
		{"Москве", "", "Moscow", "RU", City, "Москва"},
		{"Москвы", "", "Moscow", "RU", City, "Москва"},
		{"МОСКВА", "", "Moscow", "RU", City, "Москва"},
		{"Россия", "", "Russia", "RU", Country, "Россия"},
		{"России", "", "Russia", "RU", Country, "Россия"},
		{"Японии", "", "Japan", "JP", Country, "Япония"},
		{"Санкт-Петербурге", "", "Saint Petersburg", "RU", City, "Санкт-Петербург"},
		{"Соединенных Штатах", "", "United States", "US", Country, "Соединенные Штаты"},
		{"Japan", "", "Japan", "JP", Country, "Japan"},
		{"U.S.", "", "United States", "US", Country, "U.S."},
		{"Britain", "", "United Kingdom", "GB", Country, "Britain"},
		{"Paris", "", "Paris", "FR", City, "Paris"},
		{"Washington", "", "Washington", "US", City, "Washington"},
		{"Georgia", "US", "Georgia", "GE", Country, "Georgia"},
		{"Texas", "", "Texas", "US", Region, "Texas"},
		{"Santiago", "", "Santiago", "CL", City, "Santiago"},
		{"Georgia", "", "Georgia", "GE", Country, "Georgia"},
		{"Китая", "", "China", "CN", Country, "Китай"},
		{"Индии", "", "India", "IN", Country, "Индия"},
		{"Дальнем Востоке", "", "Russian Far East", "RU", Region, "Дальний Восток"},
		{"Valparaiso", "", "Valparaíso", "CL", City, "Valparaiso"},
		{"NEW YORK", "", "New York City", "US", City, "New York"},
		{"North America", "", "North America", "", Continent, "North America"},
		{"Ближнем Востоке", "", "Middle East", "", Continent, "Ближний Восток"},
	}
	for _, tt := range tests {
		p, ok := g.Find(tt.name, tt.context)
		if !ok {
			t.Errorf("Find(%q): not found", tt.name)
			continue
		}
		if p.Name != tt.want || p.Country != tt.country || p.Kind != tt.kind || p.Matched != tt.matched {
			t.Errorf("Find(%q, %q) = %s/%s/%s matched %q; want %s/%s/%s matched %q",
				tt.name, tt.context, p.Name, p.Country, p.Kind, p.Matched, tt.want, tt.country, tt.kind, tt.matched)
		}
	}
	for _, name := range []string{"", "Герман", "the", "Xyzzyville", "!!!"} {
		if p, ok := g.Find(name, ""); ok {
			t.Errorf("Find(%q) = %+v; want not found", name, p)
		}
	}
}

func TestDemonym(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]string{
		"Japanese": "JP", "Russian": "RU", "american": "US", "российского": "RU",
		"японский": "JP", "Chilean": "CL", "китайской": "CN",
	} {
		got, ok := g.Demonym(word)
		if !ok || got != want {
			t.Errorf("Demonym(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	if _, ok := g.Demonym("table"); ok {
		t.Error(`Demonym("table") found`)
	}
}

func TestStem(t *testing.T) {
	for _, tt := range [][2]string{
		{"москве", "москв"}, {"москвой", "москв"}, {"путина", "путин"}, {"путин", "путин"},
		{"захаровой", "захаров"}, {"лавров", "лавров"}, {"сша", "сша"}, {"tokyo", "tokyo"},
	} {
		if got := Stem(tt[0]); got != tt[1] {
			t.Errorf("Stem(%q) = %q; want %q", tt[0], got, tt[1])
		}
	}
}

func TestLoadTime(t *testing.T) {
	start := time.Now()
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load: %v, %d entries, longest name %d words", time.Since(start), len(g.places), g.MaxWords())
	if len(g.places) < 15000 {
		t.Errorf("only %d entries", len(g.places))
	}
}

func BenchmarkLookup(b *testing.B) {
	g, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g.Find("Москве", "RU")
		g.Find("TOKYO", "")
	}
}

func TestRussianName(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"РФ", "России", "Russia", "Российской Федерации"} {
		if p, ok := g.Find(name, ""); !ok || p.Russian != "Россия" {
			t.Errorf("Find(%q).Russian = %q; want Россия", name, p.Russian)
		}
	}
}

func FuzzLookup(f *testing.F) {
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Москве", "TOKYO", "Соединенных Штатах", "", "а б в г д е", "\xff"} {
		f.Add(s, "RU")
	}
	f.Fuzz(func(t *testing.T, name, context string) {
		for _, p := range g.LookupIn(name, context) {
			if p.Name == "" || p.Kind == "" {
				t.Errorf("LookupIn(%q) gave an empty entry %+v", name, p)
			}
		}
		g.Demonym(name)
	})
}
