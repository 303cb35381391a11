package classify

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sparseVec is a feature vector: sorted feature indices and their values.
type sparseVec struct {
	idx []int32
	val []float32
}

// tokenize lower-cases text and splits it into runs of letters and digits.
// Stop words, one-letter tokens and numbers are dropped; a number becomes
// no feature because figures in news copy change from story to story.
func tokenize(text string) []string {
	var toks []string
	var cur strings.Builder
	letters := false
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		t := cur.String()
		cur.Reset()
		if letters && utf8.RuneCountInString(t) > 1 && !stopWords[t] {
			toks = append(toks, t)
		}
		letters = false
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			cur.WriteRune(unicode.ToLower(r))
			letters = true
		case unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return toks
}

// titlePrefix marks a word of the first line as a headline word.
const titlePrefix = "t:"

// terms returns the features of a text: its tokens, the tokens of its
// first line again as headline words, and, when bigrams is set, each pair
// of neighbouring tokens joined by a space.
func terms(text string, bigrams bool) []string {
	toks := tokenize(text)
	// The headline (the first line: Reuters' TITLE, a story's headline)
	// says most about the topic; its words are features of their own too.
	if title, _, ok := strings.Cut(text, "\n"); ok {
		for _, t := range tokenize(title) {
			toks = append(toks, titlePrefix+t)
		}
	}
	if !bigrams || len(toks) < 2 {
		return toks
	}
	out := make([]string, 0, 2*len(toks))
	out = append(out, toks...)
	for i := 1; i < len(toks); i++ {
		out = append(out, toks[i-1]+" "+toks[i])
	}
	return out
}

// vectorizer turns text into L2-normalised log-tf × idf vectors over a
// fixed vocabulary.
type vectorizer struct {
	vocab   map[string]int32
	idf     []float32
	bigrams bool
}

// newVectorizer builds the vocabulary from the terms of the training
// documents, keeping terms found in at least minDF of them.
func newVectorizer(docTerms [][]string, minDF int, bigrams bool) *vectorizer {
	df := make(map[string]int)
	seen := make(map[string]bool)
	for _, ts := range docTerms {
		clear(seen)
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	kept := make([]string, 0, len(df))
	for t, n := range df {
		if n >= minDF {
			kept = append(kept, t)
		}
	}
	sort.Strings(kept)
	v := &vectorizer{
		vocab:   make(map[string]int32, len(kept)),
		idf:     make([]float32, len(kept)),
		bigrams: bigrams,
	}
	n := float64(len(docTerms))
	for i, t := range kept {
		v.vocab[t] = int32(i)
		v.idf[i] = float32(math.Log(n / float64(df[t])))
	}
	return v
}

func (v *vectorizer) size() int { return len(v.idf) }

// vector returns the feature vector of a list of terms.
func (v *vectorizer) vector(ts []string) sparseVec {
	tf := make(map[int32]int, len(ts))
	for _, t := range ts {
		if i, ok := v.vocab[t]; ok {
			tf[i]++
		}
	}
	vec := sparseVec{idx: make([]int32, 0, len(tf)), val: make([]float32, 0, len(tf))}
	for i := range tf {
		vec.idx = append(vec.idx, i)
	}
	sort.Slice(vec.idx, func(a, b int) bool { return vec.idx[a] < vec.idx[b] })
	var norm float64
	for _, i := range vec.idx {
		w := (1 + math.Log(float64(tf[i]))) * float64(v.idf[i])
		vec.val = append(vec.val, float32(w))
		norm += w * w
	}
	if norm > 0 {
		inv := 1 / math.Sqrt(norm)
		for k := range vec.val {
			vec.val[k] = float32(float64(vec.val[k]) * inv)
		}
	}
	return vec
}

// stopWords are common English function words, which carry no topic.
var stopWords = func() map[string]bool {
	list := `a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves said says say mr mrs ms one two
three may might must shall per via upon among within without however although yet`
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}()
