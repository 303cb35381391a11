package ninjs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// inDoc is a ninjs 2.x or 3.x document as read. encoding/json matches
// property names without regard to case, so one struct reads both
// generations; only embargoed (2.x) and embargoedUntil (3.x) differ by
// more than case.
type inDoc struct {
	URI            string      `json:"uri"`
	Type           string      `json:"type"`
	Version        string      `json:"version"`
	FirstCreated   string      `json:"firstCreated"`
	VersionCreated string      `json:"versionCreated"`
	ContentCreated string      `json:"contentCreated"`
	EmbargoedUntil string      `json:"embargoedUntil"`
	Embargoed      string      `json:"embargoed"`
	PubStatus      string      `json:"pubStatus"`
	Urgency        json.Number `json:"urgency"`
	EdNote         string      `json:"edNote"`
	Language       string      `json:"language"`
	Title          string      `json:"title"`
	Headlines      []inText    `json:"headlines"`
	Descriptions   []inText    `json:"descriptions"`
	Bodies         []inText    `json:"bodies"`
	By             string      `json:"by"`
	Located        string      `json:"located"`
	Subjects       []inConcept `json:"subjects"`
	Associations   []inAssoc   `json:"associations"`
	Places         []inConcept `json:"places"`
}

type inText struct {
	Role        string `json:"role"`
	ContentType string `json:"contentType"`
	Value       string `json:"value"`
}

type inConcept struct {
	Name    string `json:"name"`
	Rel     string `json:"rel"`
	URI     string `json:"uri"`
	Literal string `json:"literal"`
}

type inAssoc struct {
	Name     string `json:"name"`
	Rel      string `json:"rel"`
	URI      string `json:"uri"`
	Language string `json:"language"`
}

// Generation reports which ninjs generation a decoded document is written
// in, judged by its property names: 3.x uses camelCase (versionCreated,
// contentType, ...), 2.x the same names in lower case. A document whose
// names are the same in both (uri, headlines, ...) counts as 3.x.
func generation(doc any) Profile {
	camel, lower := false, false
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 64 || camel && lower {
			return
		}
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if lowerOnly[k] {
					lower = true
				} else if k != strings.ToLower(k) && lowerOnly[strings.ToLower(k)] {
					camel = true
				}
				walk(x, depth+1)
			}
		case []any:
			for _, x := range v {
				walk(x, depth+1)
			}
		}
	}
	walk(doc, 0)
	if lower && !camel {
		return Profile22
	}
	return Profile31
}

// lowerOnly lists 2.x property names that are spelt differently (camelCase)
// in 3.x.
var lowerOnly = map[string]bool{
	"representationtype": true, "firstcreated": true, "versioncreated": true, "contentcreated": true,
	"embargoed": true, "pubstatus": true, "copyrightholder": true, "copyrightnotice": true,
	"usageterms": true, "ednote": true, "contenttype": true, "charcount": true, "wordcount": true,
	"contactinfo": true, "infosources": true, "altids": true, "trustindicators": true,
	"rightsinfo": true, "digitalsourcetype": true, "geojson": true, "sizeinbytes": true,
	"symboltype": true, "langid": true, "linkedrights": true, "encodedrights": true,
}

// LooksLikeNinjs reports whether data seems to be a ninjs document: a JSON
// object with a "uri" property and at least one other ninjs property. It
// does not validate.
func LooksLikeNinjs(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return false
	}
	if _, ok := m["uri"]; !ok {
		return false
	}
	for _, k := range []string{"headlines", "bodies", "versionCreated", "versioncreated", "pubStatus",
		"pubstatus", "type", "descriptions", "firstCreated", "firstcreated", "renditions", "associations"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// Parse reads a ninjs 2.x or 3.x document into a story. The document is
// first validated against the schema of its generation (3.x against 3.1,
// 2.x against 2.2); a *SchemaError names the offending fields, a
// *SyntaxError the line and column of broken JSON.
//
// The story has no ID: Source is "ninjs:" followed by the item's uri.
// Status follows pubStatus (usable: published, or scheduled when an
// embargo is given; withheld; canceled: killed). The body comes from the
// first HTML body (role main preferred), reduced to blocks by
// BlocksFromHTML, or else from a plain-text body split at blank lines.
func Parse(data []byte) (*news.Story, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	doc, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, fmt.Errorf("not a ninjs document: the JSON value is %s, not an object", jsonKind(doc))
	}
	if err := validateDoc(doc, generation(doc)); err != nil {
		return nil, err
	}
	var in inDoc
	if err := json.Unmarshal(data, &in); err != nil {
		// The schema has already accepted the document, so this is
		// unexpected; still say where.
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			return nil, fmt.Errorf("ninjs field %s: %s is not a valid %s", te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("ninjs: %w", err)
	}
	return in.story()
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

func (in *inDoc) story() (*news.Story, error) {
	s := &news.Story{Language: in.Language, Byline: strings.TrimSpace(in.By), Source: "ninjs:" + in.URI}
	s.Dateline.Place = strings.TrimSpace(in.Located)

	if v, err := strconv.Atoi(strings.TrimSpace(in.Version)); err == nil && v > 0 {
		s.Version = v
	}
	if in.Urgency != "" {
		f, err := in.Urgency.Float64()
		if err == nil && f == math.Trunc(f) && f >= 1 && f <= 9 {
			s.Urgency = int(f)
		}
	}

	times := []struct {
		field string
		value string
		dst   **time.Time
	}{
		{"firstCreated", in.FirstCreated, &s.FirstPublishedAt},
		{"versionCreated", in.VersionCreated, &s.UpdatedAt},
		{"embargoedUntil", in.EmbargoedUntil, &s.EmbargoUntil},
		{"embargoed", in.Embargoed, &s.EmbargoUntil},
	}
	for _, t := range times {
		if t.value == "" {
			continue
		}
		v, perr := parseTime(t.value)
		if perr != nil {
			return nil, fmt.Errorf("ninjs field %s: %v", t.field, perr)
		}
		*t.dst = &v
	}
	switch {
	case s.FirstPublishedAt != nil:
		s.CreatedAt = *s.FirstPublishedAt
	case in.ContentCreated != "":
		if v, perr := parseTime(in.ContentCreated); perr == nil {
			s.CreatedAt = v
		} else {
			return nil, fmt.Errorf("ninjs field contentCreated: %v", perr)
		}
	}
	if s.UpdatedAt != nil {
		s.ModifiedAt = *s.UpdatedAt
	}

	switch in.PubStatus {
	case PubWithheld:
		s.Status = news.StatusWithheld
	case PubCanceled:
		s.Status = news.StatusKilled
	default:
		s.Status = news.StatusPublished
		if s.EmbargoUntil != nil {
			s.Status = news.StatusScheduled
		}
	}

	s.Headline = pick(in.Headlines, roleMain, "")
	if s.Headline == "" {
		s.Headline = in.Title
	}
	s.Headline = oneLine(s.Headline)
	s.Standfirst = oneLine(pick(in.Descriptions, roleSummary, "abstract", "text", "", "caption"))
	s.Body = bodyBlocks(in.Bodies)

	// Media Topics next to other subjects mirror the section and tags (as
	// Dateline writes them); alone they are the document's topics.
	ownSubjects := false
	for _, sub := range in.Subjects {
		if !strings.HasPrefix(sub.URI, MediaTopicURIPrefix) {
			ownSubjects = true
		}
	}
	for _, sub := range in.Subjects {
		if ownSubjects && strings.HasPrefix(sub.URI, MediaTopicURIPrefix) {
			continue
		}
		name := strings.TrimSpace(sub.Name)
		if name == "" {
			name = strings.TrimSpace(sub.Literal)
		}
		if name == "" {
			continue
		}
		if sub.Rel == relSection && s.Section == "" {
			s.Section = name
			continue
		}
		s.Tags = append(s.Tags, name)
	}
	for _, a := range in.Associations {
		if a.Rel != relTranslation && !strings.HasPrefix(a.Name, relTranslation) {
			continue
		}
		if a.Language == "" {
			continue
		}
		// Dateline's own uri gives the story id; another agency's uri is
		// kept whole.
		id, ok := ItemID(a.URI)
		if !ok {
			id = strings.TrimSpace(a.URI)
		}
		if id == "" {
			continue
		}
		s.Translations = append(s.Translations, news.Translation{Language: a.Language, ID: id})
	}

	note := strings.TrimSpace(in.EdNote)
	switch {
	case s.Status == news.StatusKilled:
		s.KillNotice = strings.TrimSpace(strings.TrimPrefix(note, killLabel))
	case strings.HasPrefix(note, correctionLabel):
		c := news.Correction{Version: s.Version, Note: strings.TrimSpace(strings.TrimPrefix(note, correctionLabel))}
		if s.UpdatedAt != nil {
			c.At = *s.UpdatedAt
		}
		s.Corrections = []news.Correction{c}
	}
	s.Normalize()
	return s, nil
}

// pick returns the value of the first entry with the first role found, in
// the order given ("" matches an entry without a role); with none of the
// roles, the first entry. HTML values are reduced to their text.
func pick(items []inText, roles ...string) string {
	value := func(t inText) string {
		if isHTML(t.ContentType) {
			var parts []string
			for _, b := range BlocksFromHTML(t.Value) {
				parts = append(parts, b.Text)
			}
			return strings.Join(parts, " ")
		}
		return t.Value
	}
	for _, r := range roles {
		for _, t := range items {
			if t.Role == r && strings.TrimSpace(t.Value) != "" {
				return value(t)
			}
		}
	}
	if len(items) > 0 {
		return value(items[0])
	}
	return ""
}

func isHTML(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(ct))
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml")
}

func bodyBlocks(bodies []inText) []news.Block {
	var html, text []inText
	for _, b := range bodies {
		ct := strings.ToLower(strings.TrimSpace(b.ContentType))
		switch {
		case isHTML(ct):
			html = append(html, b)
		case ct == "" || strings.HasPrefix(ct, "text/plain"):
			text = append(text, b)
		}
	}
	for _, set := range [][]inText{html, text} {
		if len(set) == 0 {
			continue
		}
		chosen := set[0]
		for _, b := range set {
			if b.Role == roleMain {
				chosen = b
				break
			}
		}
		if isHTML(chosen.ContentType) {
			return BlocksFromHTML(chosen.Value)
		}
		return TextBlocks(chosen.Value)
	}
	return nil
}

// TextBlocks splits plain text into paragraphs at blank lines; single line
// breaks inside a paragraph read as spaces.
func TextBlocks(s string) []news.Block {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []news.Block
	for _, p := range strings.Split(s, "\n\n") {
		if t := strings.Join(strings.Fields(p), " "); t != "" {
			out = append(out, news.Block{Kind: news.Paragraph, Text: t})
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func parseTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time (want RFC 3339, e.g. 2026-11-29T09:30:00Z)", v)
}
