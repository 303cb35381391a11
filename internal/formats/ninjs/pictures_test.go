package ninjs_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
)

// PictureFixtures returns a published picture and a published story whose
// lead it is, for format tests.
func pictureFixtures(t *testing.T) (pic, story *news.Story) {
	t.Helper()
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	pic = &news.Story{ID: "0pic0000000000000000a", Kind: news.KindPicture, Status: news.StatusDraft, Language: "en",
		Headline: "Ice on the bay", Byline: "Mari Tamm", CreatedAt: at, ModifiedAt: at,
		Picture: &news.Picture{Caption: "Ice floes drift past the lighthouse.", Credit: "Dateline/Mari Tamm",
			Alt: "Ice floes and a lighthouse", Copyright: "© 2026 Dateline", Width: 2400, Height: 1600,
			Renditions: []news.Rendition{
				{Hash: strings.Repeat("a", 64), Width: 2048, Height: 1365, ContentType: "image/jpeg", Size: 400000},
				{Hash: strings.Repeat("b", 64), Width: 640, Height: 427, ContentType: "image/webp", Size: 30000},
			}}}
	if _, err := pic.Publish(at, nil, "ed"); err != nil {
		t.Fatal(err)
	}
	story = &news.Story{ID: "0sto0000000000000000a", Status: news.StatusDraft, Language: "en", Headline: "Sea ice closes the bay",
		Body: []news.Block{{Kind: news.Paragraph, Text: "Ferries stayed in port."}}, LeadPicture: pic.ID, CreatedAt: at, ModifiedAt: at}
	if _, err := story.Publish(at.Add(time.Minute), nil, "ed"); err != nil {
		t.Fatal(err)
	}
	return pic, story
}

func TestPictureItemsValidate(t *testing.T) {
	pic, story := pictureFixtures(t)
	href := func(r news.Rendition) string { return "https://wire.example.org/api/v1/renditions/" + r.Hash }
	for _, p := range []ninjs.Profile{ninjs.Profile31, ninjs.Profile22} {
		b, err := ninjs.Marshal(story, ninjs.Meta{BaseURL: "https://news.example.org", LeadPicture: pic, RenditionHref: href}, p)
		if err != nil {
			t.Fatal(err)
		}
		if err := ninjs.Validate(b, p); err != nil {
			t.Fatalf("%s story with association: %v\n%s", p, err, b)
		}
		var doc map[string]any
		_ = json.Unmarshal(b, &doc)
		as, _ := doc["associations"].([]any)
		if len(as) != 1 {
			t.Fatalf("%s associations: %v", p, doc["associations"])
		}
		a := as[0].(map[string]any)
		rs, _ := a["renditions"].([]any)
		if a["name"] != "featuremedia" || a["type"] != "picture" || a["uri"] != "https://news.example.org/pictures/"+pic.ID || len(rs) != 2 {
			t.Fatalf("%s association: %v", p, a)
		}
		r := rs[0].(map[string]any)
		ct := "contentType"
		if p == ninjs.Profile22 {
			ct = "contenttype"
		}
		if r["href"] != href(pic.Picture.Renditions[0]) || r["width"] != 2048.0 || r["height"] != 1365.0 || r[ct] != "image/jpeg" {
			t.Errorf("%s rendition: %v", p, r)
		}

		b, err = ninjs.Marshal(pic, ninjs.Meta{BaseURL: "https://news.example.org"}, p)
		if err != nil {
			t.Fatal(err)
		}
		if err := ninjs.Validate(b, p); err != nil {
			t.Fatalf("%s picture item: %v\n%s", p, err, b)
		}
		for _, w := range []string{`"type": "picture"`, `"value": "Ice floes drift past the lighthouse."`, `/media/` + strings.Repeat("a", 64) + `.jpg`, "© 2026 Dateline"} {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s picture item lacks %s", p, w)
			}
		}
	}
	// A killed picture carries no renditions, caption or alt text.
	if _, err := pic.Kill(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), "rights", "", nil, "ed"); err != nil {
		t.Fatal(err)
	}
	b, err := ninjs.Marshal(pic, ninjs.Meta{BaseURL: "https://news.example.org"}, ninjs.Profile31)
	if err != nil {
		t.Fatal(err)
	}
	if err := ninjs.Validate(b, ninjs.Profile31); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "renditions") || strings.Contains(string(b), "lighthouse") || !strings.Contains(string(b), `"canceled"`) {
		t.Errorf("killed picture item:\n%s", b)
	}
}
