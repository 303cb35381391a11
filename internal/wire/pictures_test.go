package wire

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/pictures/picturetest"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/testenv"
)

// A story's lead picture goes out as its featuremedia association with
// renditions subscribers fetch with their key; the picture's kill reaches
// a subscriber whose filter the picture itself does not pass, and its
// renditions stop being served.
func TestPicturesOnTheWire(t *testing.T) {
	e := newEnv(t, Config{})
	pics := publish.NewPictures(e.svc, e.db, pictures.DefaultLimits, false)
	up, err := pics.Create(e.ctx, publish.Upload{Data: picturetest.JPEG(picturetest.Photo{Width: 1400, Height: 900, GPS: true,
		Caption: "Night trams wait at the depot.", Credit: "Dateline/Ana Ferreira", Copyright: "© 2026 Dateline"}),
		Alt: "Three trams under depot lights"}, "reporter")
	if err != nil {
		t.Fatal(err)
	}
	picID := up.Picture.ID
	e.publish(picID, nil)
	s := e.draft(section("politics"))
	in := s.Clone()
	in.LeadPicture = picID
	if _, err := e.svc.Save(e.ctx, s.ID, 0, in, "editor"); err != nil {
		t.Fatal(err)
	}
	e.publish(s.ID, nil)

	politics := e.subscriber("politics desk", false, "section:politics")
	items, raws, next := pullAll(t, politics, "", 50)
	var storyRaw []byte
	for i, it := range items {
		if it.ID() == picID {
			t.Errorf("the picture itself (no section) passed the politics filter")
		}
		if it.ID() == s.ID {
			storyRaw = raws[i]
		}
	}
	if storyRaw == nil {
		t.Fatalf("the story was not delivered: %v", items)
	}
	if err := ninjs.Validate(storyRaw, ninjs.Profile31); err != nil {
		t.Fatalf("story with association: %v\n%s", err, storyRaw)
	}
	href := ""
	for _, part := range strings.Split(string(storyRaw), `"href":"`)[1:] {
		href = part[:strings.Index(part, `"`)]
		break
	}
	if !strings.Contains(string(storyRaw), `"name":"featuremedia"`) || !strings.HasPrefix(href, testBaseURL+"/api/v1/renditions/") {
		t.Fatalf("no featuremedia association with subscriber renditions:\n%s", storyRaw)
	}
	path := strings.TrimPrefix(href, testBaseURL)
	get := func(key string) (int, []byte) {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	key, err := AddSubscriber(e.ctx, e.db, "fetcher", false, "")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := get(""); st != http.StatusUnauthorized {
		t.Errorf("rendition without a key: %d", st)
	}
	st, body := get(key)
	if st != http.StatusOK {
		t.Fatalf("rendition with a key: %d %s", st, body)
	}
	if m, err := pictures.ReadMeta(body); err != nil || m.HasGPS || m.Credit != "Dateline/Ana Ferreira" {
		t.Errorf("rendition meta %+v %v", m, err)
	}
	// NewsML-G2 of the story links the picture; the picture's own item has remoteContent.
	g2, err := politics.ItemAs(context.Background(), s.ID, 0, client.NewsML)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(g2), testBaseURL+"/pictures/"+picID) {
		t.Errorf("story NewsML-G2 does not link its picture:\n%s", g2)
	}
	pg2, err := politics.ItemAs(context.Background(), picID, 0, client.NewsML)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(pg2), "<remoteContent") || !strings.Contains(string(pg2), "ninat:picture") {
		t.Errorf("picture NewsML-G2:\n%s", pg2)
	}
	{
		lint := testenv.Command(t, "xmllint", "install libxml2-utils to validate NewsML-G2 output")
		dir := t.TempDir()
		for name, b := range map[string][]byte{"story.xml": g2, "picture.xml": pg2} {
			_ = os.WriteFile(filepath.Join(dir, name), b, 0o600)
		}
		xsd := filepath.Join(testenv.Data(t, "newsml-g2/schema"), "NewsML-G2_2.35-spec-All-Power.xsd")
		if out, err := exec.Command(lint, "--noout", "--nonet", "--schema", xsd, filepath.Join(dir, "story.xml"), filepath.Join(dir, "picture.xml")).CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
	}

	// Kill the picture.
	if _, err := e.svc.Kill(e.ctx, picID, 0, "rights not cleared", "", "editor"); err != nil {
		t.Fatal(err)
	}
	items, _, _ = pullAll(t, politics, next, 50)
	killed := false
	for _, it := range items {
		if it.ID() == picID && it.PubStatus == "canceled" {
			killed = true
		}
	}
	if !killed {
		t.Errorf("the picture's kill did not reach the politics subscriber: %v", items)
	}
	if st, _ := get(key); st != http.StatusNotFound {
		t.Errorf("rendition of a killed picture: %d", st)
	}
	raw, err := politics.Item(context.Background(), s.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "featuremedia") || strings.Contains(string(raw), "/renditions/") {
		t.Errorf("the story still offers the killed picture:\n%s", raw)
	}
	_ = news.KindPicture
}
