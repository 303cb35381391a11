package news

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what an item is. Stories and pictures share one life cycle
// (versions, publish, correct, kill, withhold, embargo) and one change log,
// so a picture's kill reaches subscribers exactly as a story's does.
type Kind string

const (
	KindStory   Kind = ""        // a text story (the zero value, as stored before pictures existed)
	KindPicture Kind = "picture" // a photo with caption, credit and renditions
)

// Limits on picture fields.
const (
	MaxCaption   = 2000
	MaxCredit    = 300
	MaxAlt       = 500
	MaxCopyright = 500
)

// Point is a position in a picture, as fractions of its width and height
// from the top left (0..1).
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Rect is a crop, as fractions of the oriented original (0..1).
type Rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Rendition is one stored, public-safe scaled copy of a picture. Hash is
// the SHA-256 of its bytes (hex): the blob's key and part of its URL.
type Rendition struct {
	Hash        string `json:"hash"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Picture is what a picture item carries besides the story fields it
// shares (headline, language, section, tags, byline). The original file is
// kept as a private blob (it may hold GPS); only renditions are served.
type Picture struct {
	Caption   string `json:"caption"`
	Credit    string `json:"credit"`
	Alt       string `json:"alt"`
	Creator   string `json:"creator,omitempty"`
	Copyright string `json:"copyright,omitempty"`
	City      string `json:"city,omitempty"`
	Country   string `json:"country,omitempty"`
	// TakenAt is when the photo was taken (EXIF DateTimeOriginal).
	TakenAt *time.Time `json:"taken_at,omitempty"`
	// Width and Height are of the original with its orientation applied.
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Original string `json:"original"` // hash of the uploaded file's blob (private)
	Format   string `json:"format"`   // jpeg, png, webp
	Focal    *Point `json:"focal,omitempty"`
	Crop     *Rect  `json:"crop,omitempty"`
	// Renditions are ordered by content type, then width ascending.
	Renditions []Rendition `json:"renditions"`
}

// Clone returns a deep copy of p (nil stays nil).
func (p *Picture) Clone() *Picture {
	if p == nil {
		return nil
	}
	c := *p
	c.TakenAt = cloneTime(p.TakenAt)
	if p.Focal != nil {
		f := *p.Focal
		c.Focal = &f
	}
	if p.Crop != nil {
		r := *p.Crop
		c.Crop = &r
	}
	c.Renditions = append([]Rendition(nil), p.Renditions...)
	return &c
}

// Largest returns the widest rendition of content type ct (any type when
// ct is empty); ok is false when there is none.
func (p *Picture) Largest(ct string) (r Rendition, ok bool) {
	for _, x := range p.Renditions {
		if (ct == "" || x.ContentType == ct) && x.Width > r.Width {
			r, ok = x, true
		}
	}
	return r, ok
}

// IsPicture reports whether the item is a picture.
func (s *Story) IsPicture() bool { return s.Kind == KindPicture }

// validatePicture adds the picture's wrong fields.
func (p *Picture) validate(add func(field, reason string)) {
	text := func(field, v string, max int) {
		switch {
		case !utf8.ValidString(v):
			add(field, "is not valid UTF-8")
		case utf8.RuneCountInString(v) > max:
			add(field, fmt.Sprintf("is %d characters long; the limit is %d", utf8.RuneCountInString(v), max))
		}
	}
	text("caption", p.Caption, MaxCaption)
	text("credit", p.Credit, MaxCredit)
	text("alt", p.Alt, MaxAlt)
	text("creator", p.Creator, MaxCredit)
	text("copyright", p.Copyright, MaxCopyright)
	text("city", p.City, MaxSection)
	text("country", p.Country, MaxSection)
	unit := func(v float64) bool { return v >= 0 && v <= 1 }
	if f := p.Focal; f != nil && (!unit(f.X) || !unit(f.Y)) {
		add("focal", "x and y are fractions of the picture from 0 to 1")
	}
	if c := p.Crop; c != nil && (!unit(c.X) || !unit(c.Y) || c.W <= 0 || c.H <= 0 || c.X+c.W > 1.0000001 || c.Y+c.H > 1.0000001) {
		add("crop", "x, y, w and h are fractions of the picture: the crop must lie inside it and not be empty")
	}
}

// readyToPublish lists what a picture lacks before it may be published:
// readers and subscribers always get a caption, a credit and alt text.
func (p *Picture) readyToPublish() error {
	var fe []FieldError
	for _, f := range []struct{ name, v string }{{"caption", p.Caption}, {"credit", p.Credit}, {"alt", p.Alt}} {
		if strings.TrimSpace(f.v) == "" {
			fe = append(fe, FieldError{f.name, "is required before a picture is published"})
		}
	}
	if len(p.Renditions) == 0 {
		fe = append(fe, FieldError{"renditions", "the picture has no renditions"})
	}
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	return nil
}

func (p *Picture) normalize() {
	p.Caption = strings.TrimSpace(CleanText(p.Caption))
	p.Credit = strings.TrimSpace(CleanText(p.Credit))
	p.Alt = strings.TrimSpace(CleanText(p.Alt))
	p.Creator = strings.TrimSpace(CleanText(p.Creator))
	p.Copyright = strings.TrimSpace(CleanText(p.Copyright))
	p.City = strings.TrimSpace(CleanText(p.City))
	p.Country = strings.TrimSpace(CleanText(p.Country))
}

// Path is the rendition's immutable URL path: its content hash names it,
// so a changed picture gets new URLs and caches never serve stale bytes.
func (r Rendition) Path() string {
	ext := ".jpg"
	if r.ContentType == "image/webp" {
		ext = ".webp"
	}
	return "/media/" + r.Hash + ext
}
