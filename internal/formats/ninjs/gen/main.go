// Command gen writes mediatopics.tsv, the compact table of IPTC Media
// Topics that package ninjs embeds, from IPTC's cptall-en-GB.json:
//
//	go run ./internal/formats/ninjs/gen ../shared/testdata/iptc-mediatopics/cptall-en-GB.json > internal/formats/ninjs/mediatopics.tsv
//
// Each line is "label<TAB>code<TAB>preferred label": every concept that is
// not retired under its lower-case English preferred label, and, for the
// 17 top-level concepts, each part of a compound label ("politics" and
// "government" of "politics and government") that is not a label of its own.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

type concept struct {
	QCode     string            `json:"qcode"`
	URI       string            `json:"uri"`
	Retired   string            `json:"retired"`
	PrefLabel map[string]string `json:"prefLabel"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen cptall-en-GB.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var doc struct {
		HasTopConcept []string  `json:"hasTopConcept"`
		ConceptSet    []concept `json:"conceptSet"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		fmt.Fprintln(os.Stderr, os.Args[1]+":", err)
		os.Exit(1)
	}
	top := map[string]bool{}
	for _, u := range doc.HasTopConcept {
		top[u] = true
	}
	rows := map[string]string{} // label -> code \t preferred label
	var tops []concept
	for _, c := range doc.ConceptSet {
		label := strings.TrimSpace(c.PrefLabel["en-GB"])
		if c.Retired != "" || label == "" || !strings.HasPrefix(c.QCode, "medtop:") {
			continue
		}
		key := strings.ToLower(label)
		if _, dup := rows[key]; !dup {
			rows[key] = strings.TrimPrefix(c.QCode, "medtop:") + "\t" + label
		}
		if top[c.URI] {
			tops = append(tops, c)
		}
	}
	for _, c := range tops {
		label := c.PrefLabel["en-GB"]
		for _, part := range strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(label), " and ", ","), func(r rune) bool { return r == ',' }) {
			part = strings.TrimSpace(part)
			if _, dup := rows[part]; part != "" && !dup {
				rows[part] = strings.TrimPrefix(c.QCode, "medtop:") + "\t" + label
			}
		}
	}
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("# IPTC Media Topics (http://cv.iptc.org/newscodes/mediatopic/), derived from cptall-en-GB.json.")
	fmt.Println("# Copyright IPTC, International Press Telecommunications Council - https://iptc.org; licensed CC BY 4.0 (http://creativecommons.org/licenses/by/4.0/).")
	fmt.Println("# Changed: retired concepts dropped; only code and English label kept. Columns: lower-case label, code, preferred label.")
	for _, k := range keys {
		fmt.Println(k + "\t" + rows[k])
	}
}
