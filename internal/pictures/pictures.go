// Package pictures turns an uploaded photo into what Dateline stores and
// serves: it recognises the file, checks its limits before decoding it,
// reads its IPTC, XMP and EXIF metadata, applies its orientation and crop
// and makes scaled JPEG and WebP renditions that carry the credit and
// copyright but no EXIF (so no GPS and no camera serial numbers). It does
// no I/O and knows nothing of HTTP.
package pictures

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"slices"

	"github.com/gen2brain/webp"
	"golang.org/x/image/draw"
	xwebp "golang.org/x/image/webp"

	"github.com/dateline-news/dateline/internal/news"
)

// Format is a recognised file format.
type Format string

const (
	FormatJPEG Format = "jpeg"
	FormatPNG  Format = "png"
	FormatWebP Format = "webp"
)

// Errors a refused file wraps; the message says what exactly is wrong.
var (
	ErrUnknownFormat = errors.New("not a JPEG, PNG or WebP picture")
	ErrTooLarge      = errors.New("the file is too large")
	ErrTooManyPixels = errors.New("the picture has too many pixels")
	ErrBroken        = errors.New("the picture is broken")
)

// Limits bound what an upload may make the server spend.
type Limits struct {
	MaxBytes  int64 // size of the file
	MaxPixels int64 // width x height, checked from the header before decoding
	MaxSide   int   // longest side in pixels
}

// DefaultLimits fit a 50-megapixel camera file.
var DefaultLimits = Limits{MaxBytes: 40 << 20, MaxPixels: 60_000_000, MaxSide: 16384}

// DefaultWidths are the rendition widths; none is larger than the picture.
var DefaultWidths = []int{320, 640, 1280, 2048}

// Content types of renditions.
const (
	TypeJPEG = "image/jpeg"
	TypeWebP = "image/webp"
)

// sniff recognises a format by its first bytes; "" when unknown.
func sniff(b []byte) Format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return FormatJPEG
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return FormatPNG
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return FormatWebP
	}
	return ""
}

// describe names a format Dateline does not take, for the error message.
func describe(b []byte) string {
	switch {
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		brand := string(b[8:12])
		switch brand {
		case "avif", "avis":
			return "an AVIF file"
		case "heic", "heix", "mif1", "msf1", "hevc":
			return "a HEIC file"
		}
		return "an ISO media file (" + brand + ")"
	case len(b) >= 6 && (string(b[:6]) == "GIF87a" || string(b[:6]) == "GIF89a"):
		return "a GIF file"
	case len(b) >= 4 && (string(b[:4]) == "II*\x00" || string(b[:4]) == "MM\x00*"):
		return "a TIFF file"
	case len(b) == 0:
		return "an empty file"
	}
	return "a file of unknown type"
}

// Header is what the file says about itself before any pixel is decoded.
type Header struct {
	Format Format
	Width  int // as stored, before orientation
	Height int
	Meta   Meta
}

// Inspect recognises the file and checks its size and pixel count against
// lim, reading only headers and metadata.
func Inspect(data []byte, lim Limits) (*Header, error) {
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes; the limit is %d bytes", ErrTooLarge, len(data), lim.MaxBytes)
	}
	f := sniff(data)
	if f == "" {
		return nil, fmt.Errorf("%w: this is %s", ErrUnknownFormat, describe(data))
	}
	var cfg image.Config
	var err error
	switch f {
	case FormatJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case FormatPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case FormatWebP:
		cfg, err = xwebp.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: its %s header cannot be read (%v)", ErrBroken, f, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: its header says %dx%d pixels", ErrBroken, cfg.Width, cfg.Height)
	}
	if lim.MaxSide > 0 && max(cfg.Width, cfg.Height) > lim.MaxSide {
		return nil, fmt.Errorf("%w: %dx%d; the longest side may be %d pixels", ErrTooManyPixels, cfg.Width, cfg.Height, lim.MaxSide)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); lim.MaxPixels > 0 && px > lim.MaxPixels {
		return nil, fmt.Errorf("%w: %dx%d is %.1f megapixels; the limit is %.1f", ErrTooManyPixels,
			cfg.Width, cfg.Height, float64(px)/1e6, float64(lim.MaxPixels)/1e6)
	}
	meta, err := ReadMeta(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBroken, err)
	}
	return &Header{Format: f, Width: cfg.Width, Height: cfg.Height, Meta: meta}, nil
}

// Oriented returns the picture's size with its EXIF orientation applied.
func (h *Header) Oriented() (w, h2 int) {
	if h.Meta.Orientation >= 5 {
		return h.Height, h.Width
	}
	return h.Width, h.Height
}

// Options say which renditions to make and what they carry.
type Options struct {
	Widths []int      // default DefaultWidths
	WebP   bool       // WebP renditions besides the JPEG ones
	Crop   *news.Rect // of the oriented picture; nil: all of it
	// Embedded in every rendition as IPTC and XMP (never EXIF).
	Caption, Creator, Credit, Copyright string
	Quality                             int // JPEG and WebP quality; default 82
}

// Rendition is one encoded rendition.
type Rendition struct {
	Data        []byte
	Width       int
	Height      int
	ContentType string
}

// Decode decodes the picture after Inspect has accepted it.
func Decode(data []byte, h *Header) (image.Image, error) {
	var img image.Image
	var err error
	switch h.Format {
	case FormatJPEG:
		img, err = jpeg.Decode(bytes.NewReader(data))
	case FormatPNG:
		img, err = png.Decode(bytes.NewReader(data))
	case FormatWebP:
		img, err = xwebp.Decode(bytes.NewReader(data))
	default:
		return nil, ErrUnknownFormat
	}
	if err != nil {
		return nil, fmt.Errorf("%w: its %s data cannot be decoded (%v)", ErrBroken, h.Format, err)
	}
	return img, nil
}

// Renditions scales img (decoded from a file with header h) to each
// width no larger than the (cropped) picture, orientation applied, and
// encodes each as JPEG (and WebP with o.WebP), widest first.
func Renditions(img image.Image, h *Header, o Options) ([]Rendition, error) {
	widths := o.Widths
	if len(widths) == 0 {
		widths = DefaultWidths
	}
	q := o.Quality
	if q <= 0 {
		q = 82
	}
	orient := h.Meta.Orientation
	src := img.Bounds()
	if o.Crop != nil {
		src = cropRect(src, orient, *o.Crop)
		if src.Empty() {
			return nil, errors.New("the crop leaves no pixels")
		}
	}
	// Oriented size of what is kept.
	ow, oh := src.Dx(), src.Dy()
	if orient >= 5 {
		ow, oh = oh, ow
	}
	var targets []int
	for _, w := range widths {
		if w < ow {
			targets = append(targets, w)
		}
	}
	if len(targets) == 0 || (ow <= slices.Max(widths) && !slices.Contains(targets, ow)) {
		targets = append(targets, ow) // the picture itself, never upscaled
	}
	slices.Sort(targets)
	slices.Reverse(targets)
	targets = slices.Compact(targets)

	xmp := XMPPacket(o.Caption, o.Creator, o.Credit, o.Copyright)
	iptc := IPTCSegment(o.Caption, o.Creator, o.Credit, o.Copyright)
	// Downscale in steps of at most half, so every step filters well and
	// a 24-megapixel photo is not filtered in full for each width.
	var base image.Image = img
	baseRect := src
	var out []Rendition
	for _, tw := range targets {
		th := max(1, int(math.Round(float64(tw)*float64(oh)/float64(ow))))
		sw, sh := tw, th // in stored orientation
		if orient >= 5 {
			sw, sh = th, tw
		}
		for baseRect.Dx() > 2*sw {
			hw, hh := baseRect.Dx()/2, baseRect.Dy()/2
			half := image.NewRGBA(image.Rect(0, 0, hw, hh))
			draw.ApproxBiLinear.Scale(half, half.Bounds(), base, baseRect, draw.Src, nil)
			base, baseRect = half, half.Bounds()
		}
		dst := image.NewRGBA(image.Rect(0, 0, sw, sh))
		if !opaque(img) {
			draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
			draw.CatmullRom.Scale(dst, dst.Bounds(), base, baseRect, draw.Over, nil)
		} else {
			draw.CatmullRom.Scale(dst, dst.Bounds(), base, baseRect, draw.Src, nil)
		}
		// The next, smaller target starts from this one.
		base, baseRect = dst, dst.Bounds()
		final := orientRGBA(dst, orient)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, final, &jpeg.Options{Quality: q}); err != nil {
			return nil, fmt.Errorf("encode %dpx JPEG: %w", tw, err)
		}
		out = append(out, Rendition{Data: withJPEGMeta(buf.Bytes(), iptc, xmp), Width: tw, Height: th, ContentType: TypeJPEG})
		if o.WebP {
			buf.Reset()
			if err := webp.Encode(&buf, final, webp.Options{Quality: q, Method: 2}); err != nil {
				return nil, fmt.Errorf("encode %dpx WebP: %w", tw, err)
			}
			data, err := withWebPXMP(buf.Bytes(), tw, th, xmp)
			if err != nil {
				return nil, err
			}
			out = append(out, Rendition{Data: data, Width: tw, Height: th, ContentType: TypeWebP})
		}
	}
	return out, nil
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return true
}

// cropRect maps a crop given in fractions of the oriented picture to
// pixels of the stored one.
func cropRect(b image.Rectangle, orient int, c news.Rect) image.Rectangle {
	m := func(fx, fy float64) (float64, float64) {
		switch orient {
		case 2:
			return 1 - fx, fy
		case 3:
			return 1 - fx, 1 - fy
		case 4:
			return fx, 1 - fy
		case 5:
			return fy, fx
		case 6:
			return fy, 1 - fx
		case 7:
			return 1 - fy, 1 - fx
		case 8:
			return 1 - fy, fx
		}
		return fx, fy
	}
	x0, y0 := m(c.X, c.Y)
	x1, y1 := m(c.X+c.W, c.Y+c.H)
	w, h := float64(b.Dx()), float64(b.Dy())
	r := image.Rect(b.Min.X+int(math.Round(min(x0, x1)*w)), b.Min.Y+int(math.Round(min(y0, y1)*h)),
		b.Min.X+int(math.Round(max(x0, x1)*w)), b.Min.Y+int(math.Round(max(y0, y1)*h)))
	return r.Intersect(b)
}

// orientRGBA returns src turned upright according to EXIF orientation o.
func orientRGBA(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	ow, oh := sw, sh
	if o >= 5 {
		ow, oh = sh, sw
	}
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := range oh {
		for x := range ow {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = sw-1-x, y
			case 3:
				sx, sy = sw-1-x, sh-1-y
			case 4:
				sx, sy = x, sh-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, sh-1-x
			case 7:
				sx, sy = sw-1-y, sh-1-x
			case 8:
				sx, sy = sw-1-y, x
			}
			si := src.PixOffset(sx, sy)
			di := dst.PixOffset(x, y)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}
