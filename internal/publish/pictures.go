package publish

import (
	"context"
	"fmt"
	"strings"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/store"
)

// PictureStore is what picture uploads need of a store.
type PictureStore interface {
	store.Stories
	store.Pictures
}

// Pictures turns uploads into picture items. Their publish, correct,
// kill and withhold are the Service's, as for stories.
type Pictures struct {
	svc    *Service
	st     PictureStore
	limits pictures.Limits
	webp   bool
	// slots bounds how many uploads are decoded at once: each may take
	// hundreds of megabytes while it is being scaled.
	slots chan struct{}
}

// NewPictures returns the picture use cases. With webp set renditions
// come as WebP as well as JPEG.
func NewPictures(svc *Service, st PictureStore, lim pictures.Limits, webp bool) *Pictures {
	return &Pictures{svc: svc, st: st, limits: lim, webp: webp, slots: make(chan struct{}, 2)}
}

// Limits are the upload limits in force.
func (p *Pictures) Limits() pictures.Limits { return p.limits }

// Upload is an uploaded file and the fields the uploader typed (empty
// ones are filled from the file's own metadata).
type Upload struct {
	Data     []byte
	Filename string
	Caption  string
	Credit   string
	Alt      string
	Headline string
	Language string
}

// UploadResult is the new picture and what the file said.
type UploadResult struct {
	Picture *news.Story
	Meta    pictures.Meta
}

// Create checks, decodes and renders an upload and stores the picture as
// a draft with its original and renditions in one transaction. A refused
// file stores nothing.
func (p *Pictures) Create(ctx context.Context, up Upload, author string) (*UploadResult, error) {
	h, err := pictures.Inspect(up.Data, p.limits)
	if err != nil {
		return nil, err
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	img, err := pictures.Decode(up.Data, h)
	if err != nil {
		return nil, err
	}
	m := h.Meta
	pic := &news.Picture{
		Caption: first(up.Caption, m.Caption), Credit: first(up.Credit, m.Credit), Alt: first(up.Alt, m.Alt),
		Creator: m.Creator, Copyright: m.Copyright, City: m.City, Country: m.Country, TakenAt: m.TakenAt,
		Format: string(h.Format),
	}
	pic.Width, pic.Height = h.Oriented()
	rends, err := pictures.Renditions(img, h, p.renderOptions(pic))
	if err != nil {
		return nil, err
	}
	orig := store.NewBlob("image/"+string(h.Format), up.Data)
	pic.Original = orig.Hash
	blobs := []store.Blob{orig}
	pic.Renditions, blobs = addRenditions(rends, blobs)

	now := p.svc.now().UTC()
	s := &news.Story{Kind: news.KindPicture, Language: first(up.Language, "en"), Headline: first(up.Headline, m.Headline),
		Byline: m.Creator, Tags: m.Keywords, Picture: pic}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s.ID = news.NewID(now)
	s.Status, s.Version, s.Revision = news.StatusDraft, 0, 1
	s.CreatedAt, s.ModifiedAt, s.Author = now, now, author
	if err := p.st.CreateStoryBlobs(ctx, s, nil, blobs); err != nil {
		return nil, err
	}
	return &UploadResult{Picture: s, Meta: m}, nil
}

func (p *Pictures) renderOptions(pic *news.Picture) pictures.Options {
	return pictures.Options{WebP: p.webp, Crop: pic.Crop, Caption: pic.Caption, Creator: pic.Creator,
		Credit: pic.Credit, Copyright: pic.Copyright}
}

func addRenditions(rends []pictures.Rendition, blobs []store.Blob) ([]news.Rendition, []store.Blob) {
	out := make([]news.Rendition, 0, len(rends))
	for _, r := range rends {
		b := store.NewBlob(r.ContentType, r.Data)
		blobs = append(blobs, b)
		out = append(out, news.Rendition{Hash: b.Hash, Width: r.Width, Height: r.Height, ContentType: r.ContentType, Size: int64(len(r.Data))})
	}
	return out, blobs
}

// Save edits a picture's fields (caption, credit, alt, headline, focal
// point and the rest). When the crop, credit, copyright, creator or
// caption change, the renditions are made again from the original, since
// they carry those in their IPTC and XMP, and stored in the same
// transaction.
func (p *Pictures) Save(ctx context.Context, id string, base int, in *news.Story, crop *news.Rect, setCrop bool) (*news.Story, error) {
	cur, err := p.st.Story(ctx, id)
	if err != nil {
		return nil, err
	}
	if !cur.IsPicture() {
		return nil, fmt.Errorf("%w: picture %q", store.ErrNotFound, id)
	}
	want := cur.Picture.Clone()
	if in.Picture != nil {
		want.Caption, want.Credit, want.Creator, want.Copyright = in.Picture.Caption, in.Picture.Credit, in.Picture.Creator, in.Picture.Copyright
	}
	if setCrop {
		want.Crop = crop
	}
	var blobs []store.Blob
	var rends []news.Rendition
	rerender := !sameRect(want.Crop, cur.Picture.Crop) || want.Caption != cur.Picture.Caption || want.Credit != cur.Picture.Credit ||
		want.Creator != cur.Picture.Creator || want.Copyright != cur.Picture.Copyright
	if rerender {
		probe := &news.Story{Kind: news.KindPicture, Language: "en", Picture: want}
		if err := probe.Validate(); err != nil {
			return nil, err
		}
		if rends, blobs, err = p.render(ctx, want); err != nil {
			return nil, err
		}
	}
	return p.st.UpdateStoryBlobs(ctx, id, blobs, func(st *news.Story) (*news.Version, error) {
		if err := checkBase(st, base); err != nil {
			return nil, err
		}
		if err := st.Edit(in, p.svc.now().UTC()); err != nil {
			return nil, err
		}
		if rerender {
			st.Picture.Crop = want.Crop
			st.Picture.Renditions = rends
		}
		return nil, nil
	})
}

// render makes the renditions of a stored picture again from its original.
func (p *Pictures) render(ctx context.Context, pic *news.Picture) ([]news.Rendition, []store.Blob, error) {
	orig, err := p.st.Blob(ctx, pic.Original)
	if err != nil {
		return nil, nil, fmt.Errorf("the picture's original file: %w", err)
	}
	h, err := pictures.Inspect(orig.Data, pictures.Limits{})
	if err != nil {
		return nil, nil, err
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	img, err := pictures.Decode(orig.Data, h)
	if err != nil {
		return nil, nil, err
	}
	rends, err := pictures.Renditions(img, h, p.renderOptions(pic))
	if err != nil {
		return nil, nil, &news.ValidationError{Fields: []news.FieldError{{Field: "crop", Reason: err.Error()}}}
	}
	r, blobs := addRenditions(rends, nil)
	return r, blobs, nil
}

func sameRect(a, b *news.Rect) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func first(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
