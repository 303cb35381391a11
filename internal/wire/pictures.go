package wire

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Pictures on the wire. A picture is an item of its own in the change log
// (type picture, its renditions in ninjs and as NewsML-G2 remoteContent);
// a story carries its lead picture as the ninjs association featuremedia
// while the picture is published. Renditions are fetched with the
// subscriber's key from /api/v1/renditions/{hash}.{jpg|webp}.

// renditionHref is the subscriber URL of a rendition.
func renditionHref(baseURL string) func(news.Rendition) string {
	return func(r news.Rendition) string {
		return baseURL + "/api/v1/renditions/" + strings.TrimPrefix(r.Path(), "/media/")
	}
}

// leadPicture returns the story's lead picture while it is published.
func (f *changeLog) leadPicture(ctx context.Context, s *news.Story) (*news.Story, error) {
	pics, ok := f.st.(store.Pictures)
	if s.LeadPicture == "" || !ok {
		return nil, nil
	}
	p, err := pics.PublicPicture(ctx, s.LeadPicture)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !p.IsPublic(time.Now()) {
		return nil, nil
	}
	return p, nil
}

// itemMeta is what the formats need to write version v for subscribers:
// rendition URLs that take a subscriber key, and the lead picture as it
// is now (a picture killed since the story went out is not offered).
func (f *changeLog) itemMeta(ctx context.Context, v *news.Version) (ninjs.Meta, error) {
	m := metaOf(v, f.baseURL)
	m.RenditionHref = renditionHref(f.baseURL)
	lead, err := f.leadPicture(ctx, &v.Story)
	if err != nil {
		return m, err
	}
	m.LeadPicture = lead
	return m, nil
}

// handleRendition serves a rendition of a published picture to a
// subscriber, with the same immutable caching as the site.
func (wr *Wire) handleRendition(w http.ResponseWriter, r *http.Request) {
	if wr.authenticate(w, r) == nil {
		return
	}
	notFound := func() {
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusNotFound, "no such rendition, or not available to you"))
	}
	hash, ext, ok := strings.Cut(r.PathValue("file"), ".")
	pics, has := wr.st.(store.Pictures)
	if !ok || !has || len(hash) != 64 || (ext != "jpg" && ext != "webp") {
		notFound()
		return
	}
	b, err := pics.PublicBlob(r.Context(), hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (ext == "jpg") != (b.ContentType == "image/jpeg")) {
		notFound()
		return
	}
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", b.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.Data))
}

// isPicture reports whether item id is a picture (its latest version in
// the cache or store says so).
func (f *changeLog) isPicture(ctx context.Context, id string) bool {
	s, err := f.st.Story(ctx, id)
	return err == nil && s.IsPicture()
}
