package app

import (
	"fmt"
	"io"

	"github.com/dateline-news/dateline/internal/extract/conll"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/publish"
)

// EvalEntities files each document of a CoNLL-2003 file as a story, runs
// the extraction Dateline runs on publish and prints precision, recall
// and F1 of people, places and organisations found per document. With
// verbose, each document's misses and wrong names are listed first.
func EvalEntities(w io.Writer, path string, verbose bool) error {
	g, err := gazetteer.Load()
	if err != nil {
		return fmt.Errorf("loading the gazetteer: %w", err)
	}
	opt := conll.Options{PlaceNames: func(form string) []string {
		var names []string
		for _, p := range g.Lookup(form) {
			names = append(names, p.Name)
		}
		return names
	}}
	if verbose {
		opt.Verbose = w
	}
	_, err = conll.RunFile(w, path, publish.Extractor(g), opt)
	return err
}
