package classify

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dateline-news/dateline/internal/importer/reuters"
)

// The ModApte split is read with the importer's Reuters-21578 reader, so
// the evaluation sees the corpus exactly as an import does.

// LoadModApte reads dir/reut2-*.sgm (plain, as the corpus is
// distributed, or gzipped as reut2-*.sgm.gz) and returns the ModApte split:
// train holds every LEWISSPLIT="TRAIN" TOPICS="YES" story (9,603), test every
// LEWISSPLIT="TEST" TOPICS="YES" story (3,299), each with its TOPICS as
// labels (possibly none). cats are the categories with at least one
// training and one test story (90), sorted.
func LoadModApte(dir string) (train, test []Doc, cats []string, err error) {
	files, err := modApteFiles(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, name := range files {
		err := reuters.ReadFile(name, func(r *reuters.Doc) error {
			if r.HasTopics != "YES" {
				return nil
			}
			d := Doc{Text: strings.TrimSpace(r.Title + "\n" + r.Body), Labels: r.Topics}
			switch r.LewisSplit {
			case "TRAIN":
				train = append(train, d)
			case "TEST":
				test = append(test, d)
			}
			return nil
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("classify: %w", err)
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

// modApteFiles lists the corpus files in dir, plain or gzipped; where a
// file is there both ways, the plain one is read.
func modApteFiles(dir string) ([]string, error) {
	plain, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil {
		return nil, err
	}
	gz, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm.gz"))
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, f := range plain {
		have[f] = true
	}
	files := plain
	for _, f := range gz {
		if !have[strings.TrimSuffix(f, ".gz")] {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("classify: no reut2-*.sgm or reut2-*.sgm.gz files in %s", dir)
	}
	sort.Strings(files)
	return files, nil
}
