package conll

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dateline-news/dateline/internal/news"
)

// Kinds scored, in the order printed.
var Kinds = []string{"PER", "LOC", "ORG"}

var kindNames = map[string]string{"PER": "people", "LOC": "places", "ORG": "organisations"}

// Entity is one entity of a document with every surface form it has.
type Entity struct {
	Kind  string
	Forms []string // as written, first mention first
	keys  map[string]bool
}

// Gold returns the tagged entities of a document, one per entity: for
// people, mentions that share a last word are one person ("C. Cairns" and
// "Cairns"); otherwise mentions written the same are one entity. MISC is
// not scored.
func (d Document) Gold() []Entity {
	var out []Entity
	byKey := map[string]int{}
	for _, s := range d.Sentences {
		for _, m := range mentions(s) {
			if m.kind == "MISC" {
				continue
			}
			form := Detokenize(m.toks)
			k := m.kind + "\x00" + Key(form)
			if m.kind == "PER" {
				k = m.kind + "\x00" + Key(m.toks[len(m.toks)-1].Text)
			}
			i, ok := byKey[k]
			if !ok {
				i = len(out)
				byKey[k] = i
				out = append(out, Entity{Kind: m.kind, keys: map[string]bool{}})
			}
			e := &out[i]
			if !e.keys[Key(form)] {
				e.keys[Key(form)] = true
				e.Forms = append(e.Forms, form)
			}
		}
	}
	return out
}

type mention struct {
	kind string
	toks Sentence
}

// mentions reads the BIO tags of a sentence into mentions; an I- tag that
// does not continue a mention of its kind starts one.
func mentions(s Sentence) []mention {
	var out []mention
	for i, t := range s {
		if t.Tag == "O" {
			continue
		}
		kind := t.Tag[2:]
		if t.Tag[0] == 'I' && i > 0 && s[i-1].Tag != "O" && s[i-1].Tag[2:] == kind && len(out) > 0 {
			out[len(out)-1].toks = append(out[len(out)-1].toks, t)
			continue
		}
		out = append(out, mention{kind: kind, toks: Sentence{t}})
	}
	return out
}

// Key is the form names are compared in: lower case, without full stops
// and possessive endings, hyphens as spaces, spaces collapsed.
func Key(s string) string {
	s = strings.ToLower(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	s = strings.NewReplacer(".", "", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Count is what was scored for one kind.
type Count struct {
	Gold      int // entities in the documents
	Found     int // of those, found
	Extracted int // distinct names the extractor gave
	Correct   int // of those, naming an entity of the kind
}

// Precision, Recall and F1 of a count; 0 when undefined.
func (c Count) Precision() float64 { return ratio(c.Correct, c.Extracted) }
func (c Count) Recall() float64    { return ratio(c.Found, c.Gold) }
func (c Count) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (c *Count) add(o Count) {
	c.Gold += o.Gold
	c.Found += o.Found
	c.Extracted += o.Extracted
	c.Correct += o.Correct
}

// Report sums the per-document scores of a file.
type Report struct {
	Documents int
	Kinds     map[string]Count // by PER, LOC, ORG
}

// All is the three kinds together.
func (r Report) All() Count {
	var c Count
	for _, k := range Kinds {
		c.add(r.Kinds[k])
	}
	return c
}

// Options tune Evaluate.
type Options struct {
	// PlaceNames, if set, gives the names a place written in the copy is
	// known by (the gazetteer's), so that "U.S." counts as found when the
	// extractor says "United States".
	PlaceNames func(form string) []string
	// Verbose, if set, gets one line per document with its counts and
	// the names missed and wrongly given.
	Verbose io.Writer
}

// Evaluate files each document as a story, runs extract on it and scores
// the people, places and organisations it gives against the tags.
func Evaluate(docs []Document, extract func(*news.Story) news.Entities, opt Options) Report {
	r := Report{Documents: len(docs), Kinds: map[string]Count{}}
	for _, d := range docs {
		st := d.Story()
		e := extract(st)
		got := map[string][]string{}
		for _, p := range e.People {
			got["PER"] = append(got["PER"], p.Name)
		}
		for _, p := range e.Places {
			got["LOC"] = append(got["LOC"], p.Name)
		}
		for _, o := range e.Organisations {
			got["ORG"] = append(got["ORG"], o.Name)
		}
		gold := d.Gold()
		if opt.PlaceNames != nil {
			for i := range gold {
				if gold[i].Kind != "LOC" {
					continue
				}
				for _, f := range gold[i].Forms {
					for _, n := range opt.PlaceNames(f) {
						gold[i].keys[Key(n)] = true
					}
				}
			}
		}
		var line strings.Builder
		for _, kind := range Kinds {
			c, missed, wrong := score(kind, gold, got[kind])
			cur := r.Kinds[kind]
			cur.add(c)
			r.Kinds[kind] = cur
			if opt.Verbose != nil && (len(missed) > 0 || len(wrong) > 0) {
				fmt.Fprintf(&line, "  %s missed %q wrong %q", kind, missed, wrong)
			}
		}
		if opt.Verbose != nil {
			fmt.Fprintf(opt.Verbose, "line %d %q:%s\n", d.Line, st.Headline, line.String())
		}
	}
	return r
}

// score compares the names extracted for one kind with the gold entities.
func score(kind string, gold []Entity, names []string) (c Count, missed, wrong []string) {
	seen := map[string]bool{}
	var keys []string
	for _, n := range names {
		k := Key(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		c.Extracted++
		ok := false
		for _, g := range gold {
			if g.Kind == kind && g.keys[k] {
				ok = true
				break
			}
		}
		if ok {
			c.Correct++
		} else {
			wrong = append(wrong, n)
		}
	}
	for _, g := range gold {
		if g.Kind != kind {
			continue
		}
		c.Gold++
		found := false
		for _, k := range keys {
			if g.keys[k] {
				found = true
				break
			}
		}
		if found {
			c.Found++
		} else {
			missed = append(missed, g.Forms[0])
		}
	}
	return c, missed, wrong
}

// Print writes the table of a report.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%d documents; an entity counts as found when any of its names in the document is extracted\n", r.Documents)
	fmt.Fprintf(w, "%-14s %6s %6s %9s %7s %9s %7s %6s\n", "kind", "gold", "found", "extracted", "correct", "precision", "recall", "F1")
	row := func(name string, c Count) {
		fmt.Fprintf(w, "%-14s %6d %6d %9d %7d %9.3f %7.3f %6.3f\n", name, c.Gold, c.Found, c.Extracted, c.Correct, c.Precision(), c.Recall(), c.F1())
	}
	for _, k := range Kinds {
		row(kindNames[k], r.Kinds[k])
	}
	row("all", r.All())
}

// RunFile reads a CoNLL-2003 file, evaluates extract on it and prints the
// table to w.
func RunFile(w io.Writer, path string, extract func(*news.Story) news.Entities, opt Options) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, err
	}
	defer f.Close()
	docs, err := Read(f)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(docs) == 0 {
		return Report{}, fmt.Errorf("%s: no documents (want CoNLL-2003 lines \"TOKEN TAG\")", path)
	}
	r := Evaluate(docs, extract, opt)
	r.Print(w)
	return r, nil
}
