package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed assets/site.css assets/live.js
var assetFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

// asset is an embedded file served at a content-hashed URL, so it can be
// cached for a year.
type asset struct {
	path string // /assets/site.<hash>.css
	body []byte
	etag string
}

func newCSSAsset() asset {
	b, err := assetFS.ReadFile("assets/site.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])[:12]
	return asset{path: "/assets/site." + h + ".css", body: b, etag: `"` + h + `"`}
}

// staticFile is a file at a fixed address (icons, the manifest, the
// rail's script), cached for a day.
type staticFile struct {
	ctype string
	body  []byte
	etag  string
}

func newStatic(ctype string, body []byte) staticFile {
	sum := sha256.Sum256(body)
	return staticFile{ctype: ctype, body: body, etag: `"` + hex.EncodeToString(sum[:])[:12] + `"`}
}

// staticFiles are the fixed-address files of the site.
func staticFiles(siteName string) map[string]staticFile {
	js, err := assetFS.ReadFile("assets/live.js")
	if err != nil {
		panic(err) // embedded at build time
	}
	icon32 := iconPNG(32)
	return map[string]staticFile{
		"/assets/live.js":       newStatic("text/javascript; charset=utf-8", js),
		"/favicon.svg":          newStatic("image/svg+xml", []byte(faviconSVG)),
		"/favicon.ico":          newStatic("image/x-icon", icoOf(icon32)),
		"/icon-192.png":         newStatic("image/png", iconPNG(192)),
		"/icon-512.png":         newStatic("image/png", iconPNG(512)),
		"/manifest.webmanifest": newStatic("application/manifest+json", manifest(siteName)),
	}
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	f, ok := s.files[r.URL.Path]
	if !ok {
		s.serveError(w, r, errNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	w.Write(f.body)
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.files[r.URL.Path]; ok {
		s.static(w, r)
		return
	}
	if r.URL.Path != s.css.path {
		s.serveError(w, r, errNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", s.css.etag)
	if r.Header.Get("If-None-Match") == s.css.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(s.css.body)))
	w.Write(s.css.body)
}

// pageNames are the templates in templates/, each parsed with layout.html.
var pageNames = []string{"home", "list", "article", "gone", "search", "error", "entity"}

func mustParseTemplates() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.New(name).Funcs(template.FuncMap{"t": func(m map[string]string, k string) string { return m[k] }})
		out[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}
