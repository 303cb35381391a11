package importer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

func extractor(t *testing.T) func(*news.Story) news.Entities {
	t.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	return publish.Extractor(g)
}

// names lists the people and places of e by name.
func names(e news.Entities) map[string]bool {
	m := map[string]bool{}
	for _, p := range e.People {
		m[p.Name] = true
	}
	for _, p := range e.Places {
		m[p.Name] = true
	}
	return m
}

// A single file is extracted while it is stored: the working copy, the
// first version and the public story all carry the entities.
func TestImportSingleFileExtracts(t *testing.T) {
	db := openStore(t)
	path := write(t, t.TempDir(), "ferry.txt", []byte(goodCopy))
	ctx := context.Background()
	opt := importer.Options{Publish: true, Extract: extractor(t), Now: func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }}
	res, err := importer.Run(ctx, db, []string{path}, opt)
	if err != nil || res.Imported != 1 || res.Failed() {
		t.Fatalf("import: %+v %v", res, err)
	}
	if len(res.Pending) != 0 {
		t.Errorf("a single file left %d stories for a second pass", len(res.Pending))
	}
	list, err := db.ListStories(ctx, store.DeskQuery{})
	if err != nil || len(list) != 1 {
		t.Fatalf("stories: %v %v", list, err)
	}
	id := list[0].ID
	pub, err := db.PublicStory(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.Version(ctx, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	for what, e := range map[string]news.Entities{"working copy": list[0].Entities, "public story": pub.Entities, "version 1": v.Story.Entities} {
		if !names(e)["Ingrid Holm"] || !names(e)["Oslo"] {
			t.Errorf("%s: entities %+v, want Ingrid Holm and Oslo", what, e)
		}
	}
	if len(pub.Entities.Quotes) != 1 || pub.Entities.Quotes[0].Speaker != "Ingrid Holm" {
		t.Errorf("quotes = %+v, want one of Ingrid Holm", pub.Entities.Quotes)
	}
}

// A bulk import stores first and lists the stories; the second pass
// fills their entities in on the working copy and the public story.
func TestImportBulkExtractsInSecondPass(t *testing.T) {
	db := openStore(t)
	dir := t.TempDir()
	towns := []struct{ place, name string }{{"BERGEN", "Bergen"}, {"TRONDHEIM", "Trondheim"}, {"STAVANGER", "Stavanger"}}
	for i, town := range towns {
		copy := fmt.Sprintf("Ferry service %d approved\n\n%s, November 17. /TASS/. The harbour board approved the service on Tuesday.\n\n\"We waited ten years,\" said board chair Ingrid Holm.\n", i, town.place)
		write(t, dir, fmt.Sprintf("ferry%d.txt", i), []byte(copy))
	}
	ctx := context.Background()
	extract := extractor(t)
	opt := importer.Options{Publish: true, Extract: extract, Now: func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }}
	res, err := importer.Run(ctx, db, []string{dir}, opt)
	if err != nil || res.Imported != 3 || res.Failed() {
		t.Fatalf("import: %+v %v", res, err)
	}
	if len(res.Pending) != 3 {
		t.Fatalf("pending = %v, want the 3 stories", res.Pending)
	}
	for _, id := range res.Pending {
		if s, err := db.Story(ctx, id); err != nil || !s.Entities.IsZero() {
			t.Fatalf("story %s before the pass: %+v %v", id, s, err)
		}
	}
	var calls []int
	pass, err := importer.ExtractPass(ctx, db, res.Pending, extract, func(done, total int) {
		if total != 3 {
			t.Errorf("progress total %d, want 3", total)
		}
		calls = append(calls, done)
	})
	if err != nil || pass.Stories != 3 {
		t.Fatalf("pass: %+v %v", pass, err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != 3 {
		t.Errorf("progress calls %v, want to end at 3", calls)
	}
	seen := map[string]bool{}
	for _, id := range res.Pending {
		for _, get := range []func(context.Context, string) (*news.Story, error){db.Story, db.PublicStory} {
			s, err := get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !names(s.Entities)["Ingrid Holm"] || len(s.Entities.Places) == 0 {
				t.Errorf("story %s: entities %+v", id, s.Entities)
			}
			for _, p := range s.Entities.Places {
				seen[p.Name] = true
			}
		}
	}
	for _, town := range towns {
		if !seen[town.name] {
			t.Errorf("place %s not found in any story (seen %v)", town.name, seen)
		}
	}
}
