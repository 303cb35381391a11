package classify

import (
	"math/rand/v2"
	"strings"
)

// Invented word pools for a small synthetic archive. Every story draws
// from the pools of its tags plus common filler words.
var topicWords = map[string][]string{
	"football": {"striker", "goal", "league", "coach", "penalty", "midfielder", "stadium", "referee", "derby", "keeper"},
	"markets":  {"shares", "index", "investors", "bond", "yields", "trading", "stocks", "broker", "futures", "dividend"},
	"weather":  {"storm", "rainfall", "forecast", "flooding", "temperatures", "drought", "hurricane", "snowfall", "winds", "meteorologists"},
	"politics": {"parliament", "minister", "election", "senator", "coalition", "ballot", "opposition", "cabinet", "legislation", "campaign"},
}

var fillerWords = []string{"city", "week", "reported", "officials", "people", "early", "later", "statement", "local", "news", "monday", "friday", "group", "plan"}

// syntheticDocs returns n invented stories with one or two tags each.
func syntheticDocs(n int, seed uint64) []Doc {
	rng := rand.New(rand.NewPCG(seed, 1))
	tags := []string{"football", "markets", "weather", "politics"}
	docs := make([]Doc, n)
	for i := range docs {
		labels := []string{tags[rng.IntN(len(tags))]}
		if rng.IntN(4) == 0 {
			if other := tags[rng.IntN(len(tags))]; other != labels[0] {
				labels = append(labels, other)
			}
		}
		var words []string
		for range 40 {
			if rng.IntN(3) == 0 {
				words = append(words, fillerWords[rng.IntN(len(fillerWords))])
				continue
			}
			pool := topicWords[labels[rng.IntN(len(labels))]]
			words = append(words, pool[rng.IntN(len(pool))])
		}
		docs[i] = Doc{Text: strings.Join(words, " ") + ".", Labels: labels}
	}
	return docs
}
