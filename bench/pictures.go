package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/pictures/picturetest"
)

// pictureTarget uploads a 24-megapixel JPEG through the newsroom API,
// timing the upload processing (metadata, decode, JPEG and WebP
// renditions, storing), publishes it and returns the rendition-serving
// target: its 1280 px JPEG, which nginx serves from a copy of the same
// bytes.
func (b *bench) pictureTarget(base string) *target {
	t := &target{name: "picture rendition (1280 px JPEG)"}
	if b.editorToken == "" {
		t.skip = "skipped: no newsroom token (`dateline token add` failed)"
		return t
	}
	data := picturetest.JPEG(picturetest.Photo{Width: 6000, Height: 4000, Orientation: 1, GPS: true,
		Caption: "Benchmark picture", Credit: "Dateline bench", Copyright: "© Dateline"})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("alt", "A drawn test picture")
	fw, _ := mw.CreateFormFile("file", "bench-24mp.jpg")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/pictures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+b.editorToken)
	start := time.Now()
	resp, err := client.Do(req)
	took := time.Since(start)
	if err != nil {
		t.skip = "skipped: picture upload failed: " + err.Error()
		return t
	}
	defer resp.Body.Close()
	var pic struct {
		ID         string `json:"id"`
		Renditions []struct {
			Href        string `json:"href"`
			Width       int    `json:"width"`
			ContentType string `json:"content_type"`
		} `json:"renditions"`
	}
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&pic) != nil {
		t.skip = fmt.Sprintf("skipped: picture upload answered %d", resp.StatusCode)
		return t
	}
	b.setupNotes = append(b.setupNotes, fmt.Sprintf("Upload processing of a 24-megapixel JPEG (%.1f MB; 6000x4000, EXIF and IPTC; JPEG and WebP renditions at 320-2048 px, stored): %.2f s for the whole request.",
		float64(len(data))/1e6, took.Seconds()))
	preq, _ := http.NewRequest("POST", base+"/api/v1/pictures/"+pic.ID+"/publish", strings.NewReader("{}"))
	preq.Header.Set("Content-Type", "application/json")
	preq.Header.Set("Authorization", "Bearer "+b.editorToken)
	if presp, err := client.Do(preq); err != nil || presp.StatusCode != http.StatusOK {
		t.skip = "skipped: the picture could not be published"
		return t
	} else {
		presp.Body.Close()
	}
	for _, r := range pic.Renditions {
		if r.Width == 1280 && r.ContentType == "image/jpeg" {
			if u, err := url.Parse(r.Href); err == nil {
				t.paths = []string{u.Path}
			}
		}
	}
	if len(t.paths) == 0 {
		t.skip = "skipped: no 1280 px JPEG rendition"
	}
	return t
}
