package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/pictures/picturetest"
	"github.com/dateline-news/dateline/internal/testenv"
)

var mediaRE = regexp.MustCompile(`/media/[0-9a-f]{64}\.(?:jpg|webp)`)

// TestPictureJourney is the pictures acceptance journey on the real
// binary: an editor uploads a JPEG carrying IPTC caption and credit and
// EXIF GPS, finds the fields prefilled, adds alt text, publishes it,
// makes it a story's lead picture and publishes the story; the article
// shows the figure with its credit, no public rendition has GPS, ninjs
// (3.1 and 2.2) validates with the association and NewsML-G2 validates;
// killing the picture removes it from every surface.
func TestPictureJourney(t *testing.T) {
	ctx := browserContext(t)
	dir := artifactsDir(t)
	var edPW, key string
	srv := siteStart(t, func(bin, db string) {
		edPW = addUser(t, bin, db, "ed", "editor")
		key = siteSubscriberKey(t, bin, db, "picture desk")
	})
	base := srv.base
	const caption = "Ice floes drift past the harbour lighthouse at sunrise."
	const credit = "Dateline/Mari Tamm"
	photo := filepath.Join(t.TempDir(), "ice.jpg")
	if err := os.WriteFile(photo, picturetest.JPEG(picturetest.Photo{Width: 2400, Height: 1600, Orientation: 1, GPS: true,
		TakenAt: "2026:02:27 07:41:00", Headline: "Ice on the bay", Caption: caption, Credit: credit, Byline: "Mari Tamm",
		Copyright: "© 2026 Dateline", City: "Tallinn", Country: "Estonia"}), 0o600); err != nil {
		t.Fatal(err)
	}
	// The browser starts with the first action, on a context of its own:
	// the steps' deadlines below must not end it.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		// A step that waits for what never comes fails instead of hanging.
		sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			var loc, html string
			_ = chromedp.Do(ctx, into(chromedp.Location(), &loc), into(chromedp.OuterHTML(chromedp.CSS("main")), &html))
			t.Fatalf("%s: %v\nthe browser is at %s showing\n%s", what, err, loc, html)
		}
	}

	var gotCaption, gotCredit, picURL string
	run("upload: the fields come from the file",
		login(base, "ed", edPW),
		chromedp.Navigate(base+"/newsroom/pictures"),
		chromedp.WaitVisible(chromedp.CSS("#f-files")),
		chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{photo}),
		follow("#upload"),
		notice("Uploaded."),
		into(chromedp.Value(chromedp.CSS("#f-caption")), &gotCaption),
		into(chromedp.Value(chromedp.CSS("#f-credit")), &gotCredit),
		into(chromedp.Location(), &picURL),
	)
	if gotCaption != caption || gotCredit != credit {
		t.Fatalf("prefilled caption %q, credit %q", gotCaption, gotCredit)
	}
	m := regexp.MustCompile(`/newsroom/pictures/([0-9a-z]+)`).FindStringSubmatch(picURL)
	if m == nil {
		t.Fatalf("after the upload the browser is at %s", picURL)
	}
	picID := m[1]
	var storyURL string
	run("alt text, publish, lead picture of a story, publish the story",
		follow("#publish"), // without alt text: refused, the form comes back
		chromedp.WaitVisible(chromedp.CSS(`#f-alt[aria-invalid="true"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-alt"), "Ice floes and a white lighthouse under a pink sky"),
		follow("#publish"),
		notice("Published."),
		follow("#make-lead"),
		notice("Saved."),
		into(chromedp.Location(), &storyURL),
		follow("#publish"),
		notice("Published."),
	)
	m = regexp.MustCompile(`/newsroom/stories/([0-9a-z]+)`).FindStringSubmatch(storyURL)
	if m == nil {
		t.Fatalf("after making it the lead picture the browser is at %s", storyURL)
	}
	storyID := m[1]

	var figcaption string
	var shot []byte
	var loaded bool
	run("the article shows the figure",
		chromedp.Navigate(base+"/news/"+storyID),
		chromedp.WaitVisible(chromedp.CSS("figure.picture img")),
		into(chromedp.Poll[bool](`document.querySelector("figure.picture img").complete && document.querySelector("figure.picture img").naturalWidth > 0`), &loaded),
		into(chromedp.Text(chromedp.CSS("figure.picture figcaption")), &figcaption),
		into(chromedp.FullScreenshot(100), &shot),
	)
	savePNG(t, dir, "picture-article.png", shot)
	if !strings.Contains(figcaption, caption) || !strings.Contains(figcaption, credit) {
		t.Errorf("figcaption %q lacks the caption or the credit", figcaption)
	}
	_, _, article := siteFetch(t, base+"/news/"+storyID, "")
	renditions := mediaRE.FindAllString(article, -1)
	if len(renditions) < 4 || !strings.Contains(article, `property="og:image"`) || !strings.Contains(article, `"image":[{"@type":"ImageObject"`) {
		t.Fatalf("article: %d renditions, og:image and JSON-LD image expected", len(renditions))
	}
	for _, r := range uniq(renditions) {
		status, h, body := siteFetch(t, base+r, "")
		if status != http.StatusOK || h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("ETag") == "" {
			t.Errorf("%s: %d %v", r, status, h)
			continue
		}
		meta, err := pictures.ReadMeta([]byte(body))
		if err != nil || meta.HasGPS || picturetest.HasEXIF([]byte(body)) {
			t.Errorf("%s carries EXIF or GPS (%+v, %v)", r, meta, err)
		}
		if meta.Credit != credit {
			t.Errorf("%s lost its credit: %+v", r, meta)
		}
	}

	// The wire: ninjs 3.1 and 2.2 with the association, NewsML-G2 of both items.
	for _, p := range []struct {
		q       string
		profile ninjs.Profile
	}{{"", ninjs.Profile31}, {"?profile=ninjs2", ninjs.Profile22}} {
		status, _, body := siteFetch(t, base+"/api/v1/items/"+storyID+p.q, key)
		if status != http.StatusOK {
			t.Fatalf("item %s: %d %s", p.q, status, body)
		}
		if err := ninjs.Validate([]byte(body), p.profile); err != nil {
			t.Errorf("ninjs %s: %v", p.profile, err)
		}
		var doc struct {
			Associations []struct {
				Name       string           `json:"name"`
				Renditions []map[string]any `json:"renditions"`
			} `json:"associations"`
		}
		_ = json.Unmarshal([]byte(body), &doc)
		if len(doc.Associations) != 1 || doc.Associations[0].Name != "featuremedia" || len(doc.Associations[0].Renditions) < 4 {
			t.Fatalf("ninjs %s associations: %s", p.profile, body)
		}
		href, _ := doc.Associations[0].Renditions[0]["href"].(string)
		if st, _, _ := siteFetch(t, href, key); st != http.StatusOK {
			t.Errorf("subscriber rendition %s: %d", href, st)
		}
	}
	lint := testenv.Command(t, "xmllint", "install libxml2-utils to validate NewsML-G2 output")
	xsd := filepath.Join(testenv.Data(t, "newsml-g2/schema"), "NewsML-G2_2.35-spec-All-Power.xsd")
	var files []string
	for _, id := range []string{storyID, picID} {
		status, _, body := siteFetch(t, base+"/api/v1/items/"+id+"?format=newsml", key)
		if status != http.StatusOK {
			t.Fatalf("NewsML-G2 of %s: %d", id, status)
		}
		f := filepath.Join(t.TempDir(), id+".xml")
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if out, err := exec.Command(lint, append([]string{"--noout", "--nonet", "--schema", xsd}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}

	// Kill the picture.
	run("kill the picture",
		chromedp.Navigate(base+"/newsroom/pictures/"+picID),
		chromedp.WaitVisible(chromedp.CSS("#f-reason")),
		chromedp.SendKeys(chromedp.CSS("#f-reason"), "Rights not cleared"),
		follow("#kill"),
		notice("Killed"),
	)
	surfaces := []string{"/news/" + storyID, "/", "/news", "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json",
		"/sitemap-news.xml", "/sitemap.xml"}
	for _, s := range surfaces {
		_, _, body := siteFetch(t, base+s, "")
		if strings.Contains(body, "/media/") || strings.Contains(body, caption) {
			t.Errorf("%s still shows the killed picture", s)
		}
	}
	for _, r := range uniq(renditions) {
		if st, _, _ := siteFetch(t, base+r, ""); st != http.StatusNotFound {
			t.Errorf("%s of the killed picture: %d", r, st)
		}
		if st, _, _ := siteFetch(t, base+"/api/v1/renditions/"+strings.TrimPrefix(r, "/media/"), key); st != http.StatusNotFound {
			t.Errorf("subscriber %s of the killed picture: %d", r, st)
		}
	}
	_, _, item := siteFetch(t, base+"/api/v1/items/"+storyID, key)
	if strings.Contains(item, "featuremedia") || strings.Contains(item, "/renditions/") {
		t.Errorf("the story's ninjs still offers the killed picture:\n%s", item)
	}
	_, _, pic := siteFetch(t, base+"/api/v1/items/"+picID, key)
	if !strings.Contains(pic, `"canceled"`) || strings.Contains(pic, "renditions") {
		t.Errorf("the picture's ninjs after the kill:\n%s", pic)
	}
	// The kill is in the change log every subscriber reads.
	killed := false
	for after := ""; ; {
		status, _, body := siteFetch(t, base+"/api/v1/wire?limit=100&after="+after, key)
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next"`
		}
		if status != http.StatusOK || json.Unmarshal([]byte(body), &page) != nil {
			t.Fatalf("wire: %d %s", status, body)
		}
		for _, it := range page.Items {
			if strings.Contains(string(it), "/pictures/"+picID) && strings.Contains(string(it), `"canceled"`) {
				killed = true
			}
		}
		if len(page.Items) == 0 || page.Next == after {
			break
		}
		after = page.Next
	}
	if !killed {
		t.Errorf("the wire feed has no kill of the picture")
	}
}

func uniq(v []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range v {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
