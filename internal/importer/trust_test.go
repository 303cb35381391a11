package importer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/testenv"
)

func TestDetectNeverReadsMarkupAsText(t *testing.T) {
	const g2 = `xmlns="http://iptc.org/std/nar/2006-10-01/"`
	cases := map[string]string{
		`<?xml version="1.0"?><newsMessage ` + g2 + `><header/></newsMessage>`: "newsml",
		`<?xml version="1.0"?><knowledgeItem ` + g2 + `></knowledgeItem>`:      "",
		`<?xml version="1.0"?><catalog ` + g2 + `></catalog>`:                  "",
		"<!DOCTYPE html>\n<html><body><p>Harbour news</p></body></html>":       "",
		"<p>Councillors voted.</p>":                                            "",
		"  \n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>":   "",
		"<unclosed and broken":    "",
		`{"not": "a ninjs item"}`: "",
		"HARBOUR TRAMS\n\nLISBON, March 2 (Dateline) - Councillors voted <for> it.": "text",
	}
	for in, want := range cases {
		if got := importer.Detect([]byte(in)); got != want {
			t.Errorf("Detect(%.40q) = %q, want %q", in, got, want)
		}
	}
}

// TestImportNewsMLCorpus imports IPTC's NewsML-G2 examples and unit-test
// files with the default format: only text newsItems become stories
// (those inside newsMessages included), everything else is refused with
// its reason, and the result says that the import failed.
func TestImportNewsMLCorpus(t *testing.T) {
	dir := testenv.Data(t, "newsml-g2")
	db := openStore(t)
	ctx := context.Background()
	res, err := importer.Run(ctx, db, []string{dir}, importer.Options{Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Summary())
	if !res.Failed() || res.FailedFiles == 0 {
		t.Fatalf("the corpus holds knowledge items and catalogs, yet nothing was refused: %s", res.Summary())
	}
	if res.Imported == 0 {
		t.Fatal("no newsItem was imported")
	}
	var refusedKinds int
	for _, p := range res.Problems {
		msg := p.Error()
		if !strings.HasPrefix(msg, p.File) || p.Err == nil {
			t.Errorf("problem without file or reason: %v", p)
		}
		if strings.Contains(msg, "knowledgeItem") || strings.Contains(msg, "catalog") || strings.Contains(msg, "conceptItem") {
			refusedKinds++
		}
		if strings.Contains(msg, "News_Message") && p.Line == 0 {
			t.Errorf("an item refused inside a newsMessage has no line: %v", p)
		}
	}
	if refusedKinds == 0 {
		t.Error("no knowledge item, catalog or concept item was refused by name")
	}
	page, err := db.ListPublic(ctx, store.ListQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) == 0 {
		t.Fatalf("no public story for %d imported", res.Imported)
	}
	for _, s := range page.Stories {
		for _, text := range []string{s.Headline, s.Standfirst, s.Text()} {
			if strings.Contains(text, "<?xml") || strings.Contains(text, "<newsItem") || strings.Contains(text, "xmlns") {
				t.Errorf("story %s carries markup as text: %.80q", s.ID, text)
			}
		}
		if strings.HasPrefix(s.Source, "newsml:") {
			continue
		}
		t.Errorf("story %s (%q) did not come from a newsItem: source %q", s.ID, s.Headline, s.Source)
	}
}

// A newsMessage written for this test: two text newsItems and a
// packageItem. The newsItems are imported, the packageItem refused at
// its line.
const message = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
 <header><sent>2026-11-20T09:00:00Z</sent></header>
 <itemSet>
  <newsItem guid="urn:test:tram-1" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
   <itemMeta><itemClass qcode="ninat:text"/><provider literal="Test"/><versionCreated>2026-11-20T08:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
   <contentMeta><headline>Night trams start on the harbour line</headline></contentMeta>
   <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>The first night tram left the depot at midnight.</p></body></html></inlineXML></contentSet>
  </newsItem>
  <packageItem guid="urn:test:pkg" version="1" standard="NewsML-G2" standardversion="2.35"><itemMeta><itemClass qcode="ninat:composite"/></itemMeta></packageItem>
  <newsItem guid="urn:test:ferry-1" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
   <itemMeta><itemClass qcode="ninat:text"/><provider literal="Test"/><versionCreated>2026-11-20T08:30:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
   <contentMeta><headline>Island ferry timetable changes on Monday</headline></contentMeta>
   <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>Boats will leave twenty minutes earlier.</p></body></html></inlineXML></contentSet>
  </newsItem>
 </itemSet>
</newsMessage>
`

func TestImportNewsMessage(t *testing.T) {
	db := openStore(t)
	dir := t.TempDir()
	write(t, dir, "message.xml", []byte(message))
	res, err := importer.Run(context.Background(), db, []string{dir}, importer.Options{Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Rejected != 1 || !res.Failed() {
		t.Fatalf("%s: %v", res.Summary(), res.Problems)
	}
	if p := res.Problems[0]; p.Line != 10 || !strings.Contains(p.Error(), "packageItem") {
		t.Errorf("refused item: %v (line %d)", p, p.Line)
	}
	page, err := db.ListPublic(context.Background(), store.ListQuery{Limit: 10})
	if err != nil || len(page.Stories) != 2 {
		t.Fatalf("%d stories, %v", len(page.Stories), err)
	}
	for _, s := range page.Stories {
		if !strings.HasPrefix(s.Headline, "Night trams") && !strings.HasPrefix(s.Headline, "Island ferry") {
			t.Errorf("unexpected story %q", s.Headline)
		}
	}
}

// TestImportIsQuietUnlessWire: a published import is on the site, and in
// the change log (dense), but its events reach subscribers only with Wire.
func TestImportIsQuietUnlessWire(t *testing.T) {
	db := openStore(t)
	dir := t.TempDir()
	write(t, dir, "ferry.txt", []byte(goodCopy))
	dir2 := t.TempDir()
	write(t, dir2, "tram.txt", []byte(strings.Replace(goodCopy, "Harbour authority approves night ferries", "City approves night trams", 1)))
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	if res, err := importer.Run(ctx, db, []string{dir}, importer.Options{Publish: true, Now: now}); err != nil || res.Imported != 1 {
		t.Fatalf("archive import: %+v %v", res, err)
	}
	if res, err := importer.Run(ctx, db, []string{dir2}, importer.Options{Publish: true, Wire: true, Now: now}); err != nil || res.Imported != 1 {
		t.Fatalf("wire import: %+v %v", res, err)
	}
	evs, err := db.Changes(ctx, 0, 10)
	if err != nil || len(evs) != 2 {
		t.Fatalf("change log: %v %v", evs, err)
	}
	if evs[0].Seq != 1 || evs[1].Seq != 2 || !evs[0].Quiet || evs[1].Quiet {
		t.Fatalf("events: %+v", evs)
	}
	page, err := db.ListPublic(ctx, store.ListQuery{Limit: 10})
	if err != nil || len(page.Stories) != 2 {
		t.Fatalf("both imports are public on the site: %d, %v", len(page.Stories), err)
	}
	audit, err := db.Audit(ctx, store.AuditQuery{Action: "import"})
	if err != nil || len(audit) != 2 || !strings.Contains(audit[1].Detail, "not sent to wire subscribers") {
		t.Fatalf("import audit entries: %+v %v", audit, err)
	}
}
