package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// pictureView is a picture as the templates show it: <picture> with a
// WebP and a JPEG srcset, the intrinsic size (no layout shift) and a
// <figcaption> with caption and credit.
type pictureView struct {
	Src    string // the JPEG fallback
	JPEG   string // srcset
	WebP   string // srcset, "" when there is no WebP rendition
	Sizes  string
	Width  int
	Height int
	Alt    string
	Caption,
	Credit string
	Lazy  bool
	Focal template.CSS // object-position, "" when no focal point is set
}

// minSocialWidth is the width Google News and social networks want of an
// article's image.
const minSocialWidth = 1200

// leadPicture returns the story's lead picture when it is published;
// nil when there is none (or it was killed or withheld).
func (s *Server) leadPicture(ctx context.Context, st *news.Story) (*news.Story, error) {
	if st.LeadPicture == "" || s.pics == nil || !news.ValidID(st.LeadPicture) {
		return nil, nil
	}
	p, err := s.pics.PublicPicture(ctx, st.LeadPicture)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !p.IsPublic(s.now()) || p.Picture == nil || len(p.Picture.Renditions) == 0 {
		return nil, nil
	}
	return p, nil
}

// viewPicture makes the template view of a public picture; sizes is the
// sizes attribute for where it is shown.
func (s *Server) viewPicture(p *news.Story, sizes string, lazy bool) *pictureView {
	pic := p.Picture
	v := &pictureView{Sizes: sizes, Alt: pic.Alt, Caption: pic.Caption, Credit: pic.Credit, Lazy: lazy}
	var jpeg, webp []string
	for _, r := range pic.Renditions {
		entry := r.Path() + fmt.Sprintf(" %dw", r.Width) // same origin: relative, so any host name works
		switch r.ContentType {
		case "image/webp":
			webp = append(webp, entry)
		case "image/jpeg":
			jpeg = append(jpeg, entry)
		}
	}
	v.JPEG, v.WebP = strings.Join(jpeg, ", "), strings.Join(webp, ", ")
	// The fallback src: the smallest JPEG at least 1024 wide, else the largest.
	var best news.Rendition
	for _, r := range pic.Renditions {
		if r.ContentType != "image/jpeg" {
			continue
		}
		if best.Width == 0 || (best.Width < 1024 && r.Width > best.Width) || (r.Width >= 1024 && r.Width < best.Width) {
			best = r
		}
	}
	v.Src, v.Width, v.Height = best.Path(), best.Width, best.Height
	if f := pic.Focal; f != nil {
		v.Focal = template.CSS(fmt.Sprintf("%.0f%% %.0f%%", f.X*100, f.Y*100))
	}
	return v
}

// socialImage is the rendition for og:image and JSON-LD: the smallest
// JPEG at least 1,200 px wide, else the widest there is.
func socialImage(p *news.Story) news.Rendition {
	var best news.Rendition
	for _, r := range p.Picture.Renditions {
		if r.ContentType != "image/jpeg" {
			continue
		}
		if best.Width == 0 || (best.Width < minSocialWidth && r.Width > best.Width) ||
			(r.Width >= minSocialWidth && r.Width < best.Width) {
			best = r
		}
	}
	return best
}

// imageLD is a schema.org ImageObject.
type imageLD struct {
	Type            string `json:"@type"`
	URL             string `json:"url"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	Caption         string `json:"caption,omitempty"`
	CreditText      string `json:"creditText,omitempty"`
	CopyrightNotice string `json:"copyrightNotice,omitempty"`
}

func (s *Server) imageLD(p *news.Story) *imageLD {
	r := socialImage(p)
	return &imageLD{Type: "ImageObject", URL: s.abs(r.Path()), Width: r.Width, Height: r.Height,
		Caption: p.Picture.Caption, CreditText: p.Picture.Credit, CopyrightNotice: p.Picture.Copyright}
}

// media serves a rendition of a published picture: its URL names its
// content hash, so it never changes and may be cached for a year. A
// killed or withheld picture's renditions are 404 at once.
func (s *Server) media(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	hash, ext, ok := strings.Cut(file, ".")
	if !ok || !validHash(hash) || (ext != "jpg" && ext != "webp") || s.pics == nil {
		return errNotFound
	}
	b, ok := s.mediaCache.get(hash)
	if !ok {
		gen := s.mediaCache.generation()
		var err error
		if b, err = s.pics.PublicBlob(r.Context(), hash); err != nil {
			return err
		}
		s.mediaCache.put(gen, b)
	}
	if (ext == "jpg") != (b.ContentType == "image/jpeg") {
		return errNotFound
	}
	h := w.Header()
	h.Set("Content-Type", b.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+hash+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.Data))
	return nil
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// mediaCache keeps recently served renditions in memory. Any public change
// clears it (a kill must stop the files at once), and an entry read from
// the store before a clear is not kept after it.
type mediaCache struct {
	mu    sync.Mutex
	gen   uint64
	items map[string]*store.Blob
	size  int
}

const mediaCacheBytes = 64 << 20

func (c *mediaCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *mediaCache) get(hash string) (*store.Blob, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.items[hash]
	return b, ok
}

func (c *mediaCache) put(gen uint64, b *store.Blob) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || len(b.Data) > mediaCacheBytes/8 {
		return
	}
	if c.items == nil || c.size+len(b.Data) > mediaCacheBytes {
		c.items, c.size = map[string]*store.Blob{}, 0
	}
	c.items[b.Hash] = b
	c.size += len(b.Data)
}

func (c *mediaCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items, c.size = nil, 0
}
