package newsml

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
)

// A picture is a newsItem of class ninat:picture whose renditions are
// remoteContent; the story's item links it; both validate.
func TestPictureItemValidates(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	pic := &news.Story{ID: "0pic0000000000000000a", Kind: news.KindPicture, Status: news.StatusDraft, Language: "en",
		Headline: "Ice on the bay", Byline: "Mari Tamm", CreatedAt: at, ModifiedAt: at,
		Picture: &news.Picture{Caption: "Ice floes drift past the <old> lighthouse.", Credit: "Dateline/Mari Tamm",
			Alt: "Ice floes and a lighthouse", Copyright: "© 2026 Dateline", Width: 2400, Height: 1600,
			Renditions: []news.Rendition{
				{Hash: strings.Repeat("a", 64), Width: 2048, Height: 1365, ContentType: "image/jpeg", Size: 400000},
				{Hash: strings.Repeat("b", 64), Width: 640, Height: 427, ContentType: "image/webp", Size: 30000},
			}}}
	if _, err := pic.Publish(at, nil, "ed"); err != nil {
		t.Fatal(err)
	}
	story := &news.Story{ID: "0sto0000000000000000a", Status: news.StatusDraft, Language: "en", Headline: "Sea ice closes the bay",
		Body: []news.Block{{Kind: news.Paragraph, Text: "Ferries stayed in port."}}, LeadPicture: pic.ID, CreatedAt: at, ModifiedAt: at}
	if _, err := story.Publish(at.Add(time.Minute), nil, "ed"); err != nil {
		t.Fatal(err)
	}
	m := ninjs.Meta{BaseURL: "https://news.example.org", LeadPicture: pic}
	pb, err := Marshal(pic, m)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Marshal(story, m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "picture.xml"), filepath.Join(dir, "story.xml"), filepath.Join(dir, "killed.xml")}
	for _, w := range []string{`<itemClass qcode="ninat:picture">`, `<copyrightNotice>© 2026 Dateline</copyrightNotice>`,
		`<creditline>Dateline/Mari Tamm</creditline>`, `<description role="drol:caption">Ice floes drift past the &lt;old&gt; lighthouse.</description>`,
		`<remoteContent rendition="rnd:w2048-jpeg" href="https://news.example.org/media/` + strings.Repeat("a", 64) + `.jpg" contenttype="image/jpeg" size="400000" width="2048" height="1365">`} {
		if !strings.Contains(string(pb), w) {
			t.Errorf("picture item lacks %s\n%s", w, pb)
		}
	}
	if !strings.Contains(string(sb), `<link rel="irel:seeAlso" href="https://news.example.org/pictures/`+pic.ID+`">`) {
		t.Errorf("story item does not link its picture\n%s", sb)
	}
	if _, err := pic.Kill(at.Add(time.Hour), "rights", "", nil, "ed"); err != nil {
		t.Fatal(err)
	}
	kb, err := Marshal(pic, ninjs.Meta{BaseURL: "https://news.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(kb), "remoteContent") || strings.Contains(string(kb), "lighthouse") {
		t.Errorf("killed picture item keeps its content\n%s", kb)
	}
	for i, b := range [][]byte{pb, sb, kb} {
		if err := os.WriteFile(files[i], b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	xmllint(t, files...)
}
