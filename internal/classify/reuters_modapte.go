package classify

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// This file is a minimal reader for the Reuters-21578 collection, just
// enough to build the ModApte split for evaluating the classifier. The
// full importer lives in internal/importer/reuters.

// reutersRecord is one <REUTERS> element, reduced to what the evaluation
// needs.
type reutersRecord struct {
	NewID      string
	LewisSplit string // TRAIN, TEST or NOT-USED
	HasTopics  bool   // TOPICS="YES"
	Topics     []string
	Text       string // title and body, entities decoded
}

// LoadModApte reads dir/reut2-*.sgm.gz and returns the ModApte split:
// train holds every LEWISSPLIT="TRAIN" TOPICS="YES" story (9,603), test every
// LEWISSPLIT="TEST" TOPICS="YES" story (3,299), each with its TOPICS as
// labels (possibly none). cats are the categories with at least one
// training and one test story (90), sorted.
func LoadModApte(dir string) (train, test []Doc, cats []string, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm.gz"))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, nil, fmt.Errorf("classify: no reut2-*.sgm.gz files in %s", dir)
	}
	sort.Strings(files)
	for _, name := range files {
		recs, err := readReutersFile(name)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, r := range recs {
			if !r.HasTopics {
				continue
			}
			d := Doc{Text: r.Text, Labels: r.Topics}
			switch r.LewisSplit {
			case "TRAIN":
				train = append(train, d)
			case "TEST":
				test = append(test, d)
			}
		}
	}
	trainCount := labelCounts(train)
	testCount := labelCounts(test)
	for c := range trainCount {
		if testCount[c] > 0 {
			cats = append(cats, c)
		}
	}
	sort.Strings(cats)
	return train, test, cats, nil
}

// WithCategories returns the documents that carry at least one of cats,
// the conventional ModApte setting (7,769 training and 3,019 test
// stories for the 90 categories).
func WithCategories(docs []Doc, cats []string) []Doc {
	want := make(map[string]bool, len(cats))
	for _, c := range cats {
		want[c] = true
	}
	var out []Doc
	for _, d := range docs {
		for _, l := range d.Labels {
			if want[l] {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

func labelCounts(docs []Doc) map[string]int {
	n := make(map[string]int)
	for _, d := range docs {
		for _, l := range d.Labels {
			n[l]++
		}
	}
	return n
}

func readReutersFile(name string) ([]reutersRecord, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", name, err)
	}
	recs, err := parseReutersSGML(data)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", name, err)
	}
	return recs, nil
}

// parseReutersSGML splits an SGML file into <REUTERS> elements. It is
// tolerant: unknown tags are ignored and a missing element gives an empty
// field. An unterminated <REUTERS> element is an error naming its line.
func parseReutersSGML(data []byte) ([]reutersRecord, error) {
	var recs []reutersRecord
	open := []byte("<REUTERS")
	closeTag := []byte("</REUTERS>")
	pos := 0
	for {
		i := bytes.Index(data[pos:], open)
		if i < 0 {
			return recs, nil
		}
		start := pos + i
		end := bytes.Index(data[start:], closeTag)
		if end < 0 {
			line := 1 + bytes.Count(data[:start], []byte("\n"))
			return recs, fmt.Errorf("line %d: <REUTERS> element without </REUTERS>", line)
		}
		elem := data[start : start+end]
		pos = start + end + len(closeTag)

		tagEnd := bytes.IndexByte(elem, '>')
		if tagEnd < 0 {
			line := 1 + bytes.Count(data[:start], []byte("\n"))
			return recs, fmt.Errorf("line %d: unterminated <REUTERS tag", line)
		}
		attrs := string(elem[len(open):tagEnd])
		inner := elem[tagEnd+1:]
		r := reutersRecord{
			NewID:      sgmlAttr(attrs, "NEWID"),
			LewisSplit: sgmlAttr(attrs, "LEWISSPLIT"),
			HasTopics:  sgmlAttr(attrs, "TOPICS") == "YES",
		}
		for _, d := range splitD(element(inner, "TOPICS")) {
			r.Topics = append(r.Topics, decodeEntities(d))
		}
		text := element(inner, "TEXT")
		title := element(text, "TITLE")
		body := element(text, "BODY")
		switch {
		case title == nil && body == nil:
			// TYPE="UNPROC": the text has no inner structure.
			r.Text = decodeEntities(string(text))
		default:
			r.Text = decodeEntities(string(title)) + "\n" + decodeEntities(string(body))
		}
		recs = append(recs, r)
	}
}

// sgmlAttr returns the value of name="value" in an attribute list.
func sgmlAttr(attrs, name string) string {
	key := name + `="`
	for i := 0; ; {
		j := strings.Index(attrs[i:], key)
		if j < 0 {
			return ""
		}
		k := i + j
		if k == 0 || attrs[k-1] == ' ' || attrs[k-1] == '\t' || attrs[k-1] == '\n' {
			v := attrs[k+len(key):]
			if e := strings.IndexByte(v, '"'); e >= 0 {
				return v[:e]
			}
			return ""
		}
		i = k + len(key)
	}
}

// element returns the content of the first <name ...>...</name> in b, or
// nil when there is none.
func element(b []byte, name string) []byte {
	open := []byte("<" + name)
	for i := 0; ; {
		j := bytes.Index(b[i:], open)
		if j < 0 {
			return nil
		}
		k := i + j + len(open)
		if k < len(b) && (b[k] == '>' || b[k] == ' ') {
			gt := bytes.IndexByte(b[k:], '>')
			if gt < 0 {
				return nil
			}
			content := b[k+gt+1:]
			if e := bytes.Index(content, []byte("</"+name+">")); e >= 0 {
				return content[:e]
			}
			return content
		}
		i = k
	}
}

// splitD returns the values of the <D>...</D> items in b.
func splitD(b []byte) []string {
	var out []string
	for {
		i := bytes.Index(b, []byte("<D>"))
		if i < 0 {
			return out
		}
		b = b[i+3:]
		j := bytes.Index(b, []byte("</D>"))
		if j < 0 {
			return out
		}
		out = append(out, strings.TrimSpace(string(b[:j])))
		b = b[j+4:]
	}
}

// decodeEntities decodes &lt; &gt; &amp; &quot; and numeric references.
// Control characters (the wire's &#2; &#3; markers) become spaces; an
// unknown or malformed reference is kept as written.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '&' {
			b.WriteByte(s[i])
			i++
			continue
		}
		semi := strings.IndexByte(s[i:], ';')
		if semi < 0 || semi > 10 {
			b.WriteByte('&')
			i++
			continue
		}
		ref := s[i+1 : i+semi]
		switch {
		case ref == "lt":
			b.WriteByte('<')
		case ref == "gt":
			b.WriteByte('>')
		case ref == "amp":
			b.WriteByte('&')
		case ref == "quot":
			b.WriteByte('"')
		case len(ref) > 1 && ref[0] == '#':
			n, err := strconv.Atoi(ref[1:])
			if err != nil || n < 0 || n > 0x10FFFF {
				b.WriteString(s[i : i+semi+1])
				break
			}
			if n < 32 || n == 127 {
				b.WriteByte(' ')
			} else {
				b.WriteRune(rune(n))
			}
		default:
			b.WriteString(s[i : i+semi+1])
		}
		i += semi + 1
	}
	return b.String()
}
