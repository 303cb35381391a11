package extract

import (
	"strings"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
)

// Sports copy names teams after their towns, counties and states
// ("Surrey 320-8", "Houston beat Atlanta"); clubs carry words such as
// United, City or Rovers. National sides keep the country's name and stay
// places.

// clubWords mark a run of capitalised words as a club: "Norwich City",
// "Atletico Madrid", "Red Star".
var clubWords = set(`st|united|city|county|rovers|rangers|athletic|athletico|atletico|wanderers|albion|thistle|villa|hotspur|real|
	sporting|dinamo|dynamo|spartak|lokomotiv|fc|afc|cf|sc|inter|olympique|borussia|racing|deportivo|star|orient|palace|
	academicals|argyle|alexandra|rovers|harriers|hearts|juniors|fiorentina|lazio|roma|sparta|slavia|galatasaray|fenerbahce|besiktas`)

// eventWords end names that are neither people nor organisations in a
// story's lists: competitions, wars, streets and grounds.
var eventWords = set(`cup|open|series|games|championship|championships|classic|trophy|prix|war|olympics|olympic|tournament|
	masters|street|square|park|stadium|bridge|road|avenue|wall|airport|trafford|arena|road|lane|grand`)

// sportWords open the headlines of sports copy ("SOCCER - ...").
var sportWords = set(`soccer|football|cricket|tennis|golf|baseball|basketball|rugby|athletics|cycling|boxing|motor racing|
	motorcycling|ice hockey|hockey|nfl|nba|nhl|mlb|skiing|swimming|rowing|sailing|yachting|horse racing|racing|olympics|
	volleyball|handball|badminton|squash|snooker|darts|formula one|alpine skiing|speed skating|figure skating|chess|sport|sports`)

// teamSports are the sports whose results list teams, not people.
var teamSports = set(`soccer|football|cricket|baseball|basketball|rugby|ice hockey|hockey|nfl|nba|nhl|mlb|volleyball|handball`)

// sportOf returns the sport of sports copy ("sport" when only the
// section says so), or "": the headline opens with a sport and a dash
// ("CRICKET - ...").
func sportOf(s *news.Story) string {
	head, _, ok := strings.Cut(s.Headline, " - ")
	if !ok {
		head, _, ok = strings.Cut(s.Headline, "-")
	}
	if h := strings.ToLower(strings.TrimSpace(head)); ok && sportWords[h] {
		return h
	}
	switch strings.ToLower(s.Section) {
	case "sport", "sports", "спорт":
		return "sport"
	}
	return ""
}

// findClubs claims runs of capitalised words that hold a club word as
// organisations, before people and places are looked for.
func (x *extractor) findClubs() {
	for ui := range x.units {
		u := &x.units[ui]
		for k := 0; k < len(u.toks); k++ {
			t := u.toks[k]
			if !t.word || !t.cap || t.cyr || t.claim != free || lex.stopCaps[t.key] {
				continue
			}
			end := k
			for end+1 < len(u.toks) && end-k < 3 {
				n := u.toks[end+1]
				if !n.word || !n.cap || n.claim != free || lex.stopCaps[n.key] {
					break
				}
				end++
			}
			if end == k {
				continue
			}
			club := false
			for j := k; j <= end; j++ {
				if clubWords[u.toks[j].key] {
					club = true
				}
			}
			phrase := stripPossessive(u.phrase(k, end))
			if x.sports && x.isPlaceExact(phrase) && !hasClubWord(u, k, end) {
				k = end
				continue // "New York", "Hong Kong"
			}
			if !club || !x.sports && x.isPlaceExact(phrase) {
				k = end
				continue
			}
			i := x.addOrg(phrase)
			x.claim(u, k, end, claimOrg, i)
			k = end
		}
	}
}

// teamPlace reports whether a place found at tokens k..end of sports copy
// names a team: a town, county or state (not a country) that no
// locative introduces.
func (x *extractor) teamPlace(u *unit, k, end int, p gazetteer.Place) bool {
	if !x.sports || p.Kind == gazetteer.Country || p.Kind == gazetteer.Continent || homeNations[gazetteer.Key(u.phrase(k, end))] {
		return false
	}
	if k > 0 && (locatives[u.toks[k-1].key] || u.toks[k-1].key == "of") {
		return false
	}
	return true
}

// homeNations field national sides though they are no countries.
var homeNations = set(`england|scotland|wales|northern ireland|faroe islands|faroes`)

// findTeams, in sports copy, takes for teams the capitalised names that
// results and tables give with scores: a line opening with a name and a
// number ("Hyundai 57 5 49 .536"), a name between numbers ("Lotte 6
// Hyundai 2"), a name after "v" ("May 18 v Worcestershire"). Names that
// read as people's (a given name or an initial first, or someone already
// named) are left alone.
func (x *extractor) findTeams() {
	if !teamSports[x.sport] {
		return
	}
	isNum := func(u *unit, j int) bool {
		return j >= 0 && j < len(u.toks) && u.toks[j].word && !u.toks[j].letters
	}
	for ui := range x.units {
		u := &x.units[ui]
		for k := 0; k < len(u.toks); k++ {
			t := u.toks[k]
			if !t.word || !t.cap || !t.letters || t.cyr || t.claim != free || lex.stopCaps[t.key] || givenNames[t.key] || len([]rune(t.s)) < 3 {
				continue
			}
			end := k
			for end+1 < len(u.toks) && end-k < 2 && u.toks[end+1].word && u.toks[end+1].cap && u.toks[end+1].letters && u.toks[end+1].claim == free {
				end++
			}
			opens := k == 0 || !u.toks[k-1].word && u.toks[k-1].s != "(" && k == 1
			prev := ""
			if k > 0 {
				prev = u.toks[k-1].key
			}
			team := opens && isNum(u, end+1) || isNum(u, k-1) && isNum(u, end+1) || prev == "v" || prev == "vs"
			var words []string
			for j := k; j <= end; j++ {
				words = append(words, u.toks[j].s)
			}
			if team && x.matchPerson(words) < 0 {
				i := x.addOrg(stripPossessive(u.phrase(k, end)))
				x.claim(u, k, end, claimOrg, i)
			}
			k = end
		}
	}
}

func hasClubWord(u *unit, k, end int) bool {
	for j := k; j <= end; j++ {
		if clubWords[u.toks[j].key] {
			return true
		}
	}
	return false
}
