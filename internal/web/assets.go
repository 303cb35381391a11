package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed assets/site.css
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

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
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
