package newsroom_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/pictures/picturetest"
)

// testPictureLimits are small so that the limits can be tested cheaply.
var testPictureLimits = pictures.Limits{MaxBytes: 2 << 20, MaxPixels: 4_000_000, MaxSide: 4000}

func photo() []byte {
	return picturetest.JPEG(picturetest.Photo{Width: 1600, Height: 1000, Orientation: 1, GPS: true,
		TakenAt: "2026:02:27 07:41:00", Headline: "Ice on the bay", Caption: "Ice floes drift past the old lighthouse at sunrise.",
		Credit: "Dateline/Mari Tamm", Byline: "Mari Tamm", Copyright: "© 2026 Dateline", City: "Tallinn", Country: "Estonia"})
}

// upload posts a file (and fields) to the pictures API.
func (e *env) upload(user, filename string, data []byte, fields map[string]string) resp {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/pictures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	return e.do(http.DefaultClient, req)
}

func TestPictureUploadPublishKill(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	r := e.upload("rita", "bay.jpg", photo(), map[string]string{"alt": ""})
	want(t, "upload", r, http.StatusCreated)
	p := r.json(t)
	id := p["id"].(string)
	// The file's IPTC prefilled the fields; its GPS was noticed and dropped.
	if p["caption"] != "Ice floes drift past the old lighthouse at sunrise." || p["credit"] != "Dateline/Mari Tamm" ||
		p["headline"] != "Ice on the bay" || p["copyright"] != "© 2026 Dateline" || p["city"] != "Tallinn" || p["status"] != "draft" {
		t.Fatalf("upload answer: %v", p)
	}
	if md := p["metadata"].(map[string]any); md["gps_removed"] != true {
		t.Errorf("metadata = %v, want gps_removed", md)
	}
	if num(p["width"]) != 1600 || num(p["height"]) != 1000 {
		t.Errorf("size %vx%v", p["width"], p["height"])
	}
	rends := p["renditions"].([]any)
	var widths []int
	for _, x := range rends {
		m := x.(map[string]any)
		if m["content_type"] == "image/jpeg" {
			widths = append(widths, num(m["width"]))
		}
	}
	if len(rends) != 8 || len(widths) != 4 || widths[0] != 1600 {
		t.Fatalf("renditions: %v", rends)
	}
	// Not public yet.
	href := rends[0].(map[string]any)["href"].(string)
	path := urlPath(href)
	want(t, "draft rendition", e.get(path), http.StatusNotFound)

	// Alt text is required before publishing.
	r = e.api("POST", "/api/v1/pictures/"+id+"/publish", "ed", map[string]any{})
	want(t, "publish without alt", r, http.StatusUnprocessableEntity)
	if f := problemField(t, r); f != "alt" {
		t.Errorf("problem names %q, want alt", f)
	}
	r = e.api("PUT", "/api/v1/pictures/"+id, "rita", map[string]any{"revision": 1, "alt": "Ice floes and a white lighthouse under a pink sky", "focal": map[string]any{"x": 0.7, "y": 0.3}})
	want(t, "set alt", r, http.StatusOK)
	r = e.api("POST", "/api/v1/pictures/"+id+"/publish", "ed", map[string]any{})
	want(t, "publish picture", r, http.StatusOK)
	if m := r.json(t); m["status"] != "published" || num(m["version"]) != 1 {
		t.Fatalf("published picture: %v", m)
	}

	// A story takes it as lead picture.
	s := sample("Sea ice closes the bay to ferries")
	s["lead_picture"] = id
	r = e.api("POST", "/api/v1/stories", "ed", s)
	want(t, "create story with lead", r, http.StatusCreated)
	story := r.json(t)
	if story["lead_picture"] != id {
		t.Fatalf("lead_picture = %v", story["lead_picture"])
	}
	sid := story["id"].(string)
	want(t, "publish story", e.api("POST", "/api/v1/stories/"+sid+"/publish", "ed", map[string]any{}), http.StatusOK)
	bad := sample("A story with a lead that is a story")
	bad["lead_picture"] = sid
	r = e.api("POST", "/api/v1/stories", "ed", bad)
	want(t, "lead picture that is a story", r, http.StatusUnprocessableEntity)

	page := e.get("/news/" + sid)
	want(t, "article", page, http.StatusOK)
	html := string(page.body)
	for _, w := range []string{"<figure", "<picture>", `type="image/webp"`, "srcset=", `sizes="`, `width="1280"`, `height="800"`,
		"<figcaption>Ice floes drift past the old lighthouse at sunrise. <span class=\"credit\">Dateline/Mari Tamm</span>",
		`property="og:image"`, `"image":[{"@type":"ImageObject"`, `"width":1280`, "object-position: 70% 30%"} {
		if !strings.Contains(html, w) {
			t.Errorf("article page lacks %q", w)
		}
	}
	// Every public rendition: immutable caching, no GPS, credit kept.
	for _, x := range rends {
		m := x.(map[string]any)
		path := urlPath(m["href"].(string))
		r := e.get(path)
		want(t, "rendition "+path, r, http.StatusOK)
		if r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" || r.header.Get("ETag") == "" ||
			r.header.Get("Content-Type") != m["content_type"] {
			t.Errorf("%s headers: %v", path, r.header)
		}
		meta, err := pictures.ReadMeta(r.body)
		if err != nil || meta.HasGPS || picturetest.HasEXIF(r.body) || meta.Credit != "Dateline/Mari Tamm" {
			t.Errorf("%s: meta %+v, err %v", path, meta, err)
		}
	}
	// A conditional request is answered 304.
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("If-None-Match", `"`+strings.TrimSuffix(strings.TrimPrefix(path, "/media/"), ".jpg")+`"`)
	if r := e.do(http.DefaultClient, req); r.status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.status)
	}

	// Kill the picture: gone from the article and its files.
	want(t, "kill picture", e.api("POST", "/api/v1/pictures/"+id+"/kill", "ed", map[string]any{"reason": "rights not cleared"}), http.StatusOK)
	want(t, "killed rendition", e.get(path), http.StatusNotFound)
	page = e.get("/news/" + sid)
	if strings.Contains(string(page.body), "<figure") || strings.Contains(string(page.body), "og:image") ||
		strings.Contains(string(page.body), "/media/") {
		t.Errorf("the article still shows the killed picture")
	}
}

func urlPath(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		panic(err)
	}
	return u.Path
}

func TestPictureUploadRefused(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	big := make([]byte, 3<<20)
	_, _ = io.ReadFull(rand.Reader, big)
	copy(big, []byte{0xFF, 0xD8, 0xFF})
	good := photo()
	huge := picturetest.JPEG(picturetest.Photo{Width: 2100, Height: 2000})
	cases := []struct {
		name   string
		data   []byte
		status int
		msg    string
	}{
		{"too large", big, http.StatusRequestEntityTooLarge, "too large"},
		{"too many pixels", huge, http.StatusUnprocessableEntity, "too many pixels"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00"), http.StatusUnsupportedMediaType, "GIF"},
		{"text", []byte("just some words"), http.StatusUnsupportedMediaType, "unknown type"},
		{"truncated", good[:len(good)/3], http.StatusUnprocessableEntity, "broken"},
		{"empty", nil, http.StatusUnsupportedMediaType, "empty file"},
	}
	for _, c := range cases {
		r := e.upload("rita", c.name+".jpg", c.data, nil)
		if r.status != c.status || !strings.Contains(string(r.body), c.msg) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, r.status, r.body, c.status, c.msg)
			continue
		}
		if f := problemField(t, r); f != "file" {
			t.Errorf("%s: problem names %q", c.name, f)
		}
	}
	r := e.api("GET", "/api/v1/pictures", "rita", nil)
	want(t, "list", r, http.StatusOK)
	if items := r.json(t)["items"].([]any); len(items) != 0 {
		t.Errorf("refused files left %d pictures", len(items))
	}
	// Not multipart at all.
	r = e.api("POST", "/api/v1/pictures", "rita", map[string]any{"file": "x"})
	want(t, "json body", r, http.StatusUnsupportedMediaType)
}
