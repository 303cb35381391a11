// Package conll reads the English CoNLL-2003 named-entity data (one token
// a line as "TOKEN TAG ..." with BIO tags, a blank line between sentences)
// into documents, files each document as a story, and scores what the
// extractor finds in it against the tags, per document: an entity of the
// document counts as found when any of its surface forms is extracted.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"

	"github.com/dateline-news/dateline/internal/news"
)

// Token is one word with its tag.
type Token struct {
	Text string
	Tag  string // O, B-PER, I-LOC ...
}

// Sentence is a run of tokens.
type Sentence []Token

// Document is one story of the data: a headline sentence, usually a
// dateline sentence ("ROME 1996-12-06"), and the body sentences.
type Document struct {
	Line      int // line of the file where it starts
	Sentences []Sentence
}

// Error is a line of the file that is not "TOKEN TAG ...".
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// MaxLine caps one line of input.
const MaxLine = 1 << 16

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Read reads a CoNLL-2003 file into documents. The data has no document
// markers (a "-DOCSTART-" line, where present, is honoured): a document
// starts at the sentence before a dateline sentence, one that ends in an
// ISO date.
func Read(r io.Reader) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxLine)
	type sent struct {
		line int
		toks Sentence
		doc  bool // -DOCSTART- came before it
	}
	var sents []sent
	var cur Sentence
	curLine, n, docMark := 0, 0, false
	flush := func() {
		if len(cur) > 0 {
			sents = append(sents, sent{curLine, cur, docMark})
			docMark = false
		}
		cur = nil
	}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		f := strings.Fields(line)
		if f[0] == "-DOCSTART-" {
			flush()
			docMark = true
			continue
		}
		if len(f) < 2 {
			return nil, &Error{n, fmt.Sprintf("want \"TOKEN TAG\", got %q", line)}
		}
		tag := f[len(f)-1]
		if len(f) >= 3 {
			tag = f[1] // TOKEN TAG 0, as in this copy of the data
			if !validTag(tag) {
				tag = f[len(f)-1] // TOKEN POS CHUNK TAG, as in the original
			}
		}
		if !validTag(tag) {
			return nil, &Error{n, fmt.Sprintf("unknown tag in %q (want O, B-PER, I-ORG ...)", line)}
		}
		if len(cur) == 0 {
			curLine = n
		}
		cur = append(cur, Token{Text: f[0], Tag: tag})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	flush()

	var docs []Document
	for i, s := range sents {
		headline := i+1 < len(sents) && isDatelineSentence(sents[i+1].toks) && !isDatelineSentence(s.toks)
		if headline && isBylineSentence(s.toks) && i > 0 && !isDatelineSentence(sents[i-1].toks) {
			headline = false // the byline between a headline and its dateline
		}
		if i+2 < len(sents) && isBylineSentence(sents[i+1].toks) && isDatelineSentence(sents[i+2].toks) && !isDatelineSentence(s.toks) {
			headline = true
		}
		if i == 0 || s.doc || headline {
			docs = append(docs, Document{Line: s.line})
		}
		d := &docs[len(docs)-1]
		d.Sentences = append(d.Sentences, s.toks)
	}
	return docs, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	if len(t) < 3 || (t[0] != 'B' && t[0] != 'I') || t[1] != '-' {
		return false
	}
	switch t[2:] {
	case "PER", "LOC", "ORG", "MISC":
		return true
	}
	return false
}

// isDatelineSentence reports whether s is a dateline: a place and an ISO
// date ("ROME 1996-12-06", "AL-AIN , United Arab Emirates 1996-12-06").
func isDatelineSentence(s Sentence) bool {
	return len(s) >= 2 && len(s) <= 10 && isoDate.MatchString(s[len(s)-1].Text)
}

// isBylineSentence reports whether s reads as a byline: two to four
// capitalised words ("Adrian Warner").
func isBylineSentence(s Sentence) bool {
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for _, t := range s {
		r := []rune(t.Text)
		if len(r) < 2 || !unicode.IsUpper(r[0]) || strings.ToUpper(t.Text) == t.Text || strings.IndexFunc(t.Text, unicode.IsDigit) >= 0 {
			return false
		}
	}
	return true
}

// Story files a document as a story: the first sentence is the
// headline, a byline standing before the dateline the byline, a dateline
// sentence the dateline, and every other sentence a paragraph of its own
// (the data does not keep paragraphs).
func (d Document) Story() *news.Story {
	s := &news.Story{Language: "en", Status: news.StatusDraft}
	rest := d.Sentences
	if len(rest) > 1 || len(rest) == 1 && !isDatelineSentence(rest[0]) {
		s.Headline = Detokenize(rest[0])
		rest = rest[1:]
	}
	if len(rest) > 1 && isBylineSentence(rest[0]) && isDatelineSentence(rest[1]) {
		s.Byline = Detokenize(rest[0])
		rest = rest[1:]
	}
	if len(rest) > 0 && isDatelineSentence(rest[0]) {
		dl := rest[0]
		place := Detokenize(dl[:len(dl)-1])
		s.Dateline = news.Dateline{Place: place, Text: Detokenize(dl) + " -"}
		if date, err := news.ParseDate(dl[len(dl)-1].Text); err == nil {
			s.Dateline.Date = date
		}
		rest = rest[1:]
	}
	for _, sent := range rest {
		s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: Detokenize(sent)})
	}
	return s
}

// Detokenize writes tokens back as text: no space before closing
// punctuation and after opening brackets, quotation marks paired.
func Detokenize(toks Sentence) string {
	var b strings.Builder
	openQuote := false
	noSpace := true
	for _, t := range toks {
		w := t.Text
		attach := false
		switch {
		case w == "\"":
			if openQuote {
				attach = true
			}
		case w == "," || w == "." || w == ";" || w == ":" || w == "?" || w == "!" || w == ")" || w == "]" || w == "%" || w == "'s" || w == "'S" || w == "n't" || w == "'":
			attach = true
		}
		if !noSpace && !attach {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		noSpace = w == "(" || w == "["
		if w == "\"" {
			if !openQuote {
				noSpace = true
			}
			openQuote = !openQuote
		}
	}
	return b.String()
}
