package ninjs

import (
	_ "embed"
	"strings"
	"sync"
)

// mediatopics.tsv is derived from IPTC's Media Topics vocabulary
// (cptall-en-GB.json, CC BY 4.0, IPTC) by gen/main.go; see its header.
//
//go:embed mediatopics.tsv
var mediaTopicsTSV string

// MediaTopicURIPrefix starts the URI of every IPTC Media Topic.
const MediaTopicURIPrefix = "http://cv.iptc.org/newscodes/mediatopic/"

// MediaTopic is a concept of the IPTC Media Topics vocabulary.
type MediaTopic struct {
	Code  string // "11000000"
	Label string // English preferred label, "politics and government"
}

// QCode is the topic's qualified code, "medtop:11000000".
func (t MediaTopic) QCode() string { return "medtop:" + t.Code }

// URI is the topic's URI.
func (t MediaTopic) URI() string { return MediaTopicURIPrefix + t.Code }

// mediaTopics is the parsed table; it is read-only once built.
var mediaTopics = sync.OnceValue(func() map[string]MediaTopic {
	m := map[string]MediaTopic{}
	for line := range strings.SplitSeq(mediaTopicsTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) == 3 {
			m[f[0]] = MediaTopic{Code: f[1], Label: f[2]}
		}
	}
	return m
})

// LookupMediaTopic finds the Media Topic a tag or section name stands for:
// the concept whose English preferred label is the name (case and
// surrounding spaces ignored, hyphens and underscores read as spaces, a
// plural "s" dropped when only the singular is a label), or, for a
// top-level topic with a compound label, one of its parts ("politics" is
// "politics and government").
func LookupMediaTopic(name string) (MediaTopic, bool) {
	k := strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(strings.ToLower(name))), " ")
	if k == "" {
		return MediaTopic{}, false
	}
	m := mediaTopics()
	if t, ok := m[k]; ok {
		return t, true
	}
	if s, ok := strings.CutSuffix(k, "s"); ok && len(s) > 2 {
		t, ok := m[s]
		return t, ok
	}
	return MediaTopic{}, false
}

// mediaTopicsOf lists the distinct topics the section and tags map to, in
// that order.
func mediaTopicsOf(section string, tags []string) []MediaTopic {
	var out []MediaTopic
	seen := map[string]bool{}
	for _, n := range append([]string{section}, tags...) {
		if t, ok := LookupMediaTopic(n); ok && !seen[t.Code] {
			seen[t.Code] = true
			out = append(out, t)
		}
	}
	return out
}
