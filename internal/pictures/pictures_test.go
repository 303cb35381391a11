package pictures_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/pictures/picturetest"
)

func sample() picturetest.Photo {
	return picturetest.Photo{Width: 900, Height: 600, Orientation: 1, TakenAt: "2026:03:14 09:26:53", GPS: true,
		Headline: "Harbour at dawn", Caption: "Fishing boats leave the harbour at dawn.", Credit: "Dateline/Ana Põder",
		Byline: "Ana Põder", Copyright: "© 2026 Dateline", City: "Tallinn", Country: "Estonia"}
}

func TestReadMetaJPEG(t *testing.T) {
	m, err := pictures.ReadMeta(picturetest.JPEG(sample()))
	if err != nil {
		t.Fatal(err)
	}
	want := pictures.Meta{Headline: "Harbour at dawn", Caption: "Fishing boats leave the harbour at dawn.",
		Creator: "Ana Põder", Credit: "Dateline/Ana Põder", Copyright: "© 2026 Dateline", City: "Tallinn",
		Country: "Estonia", Orientation: 1, HasGPS: true}
	got := m
	got.TakenAt, got.Keywords = nil, nil
	if got.Headline != want.Headline || got.Caption != want.Caption || got.Creator != want.Creator ||
		got.Credit != want.Credit || got.Copyright != want.Copyright || got.City != want.City ||
		got.Country != want.Country || got.Orientation != 1 || !got.HasGPS {
		t.Errorf("meta = %+v\nwant %+v", got, want)
	}
	if m.TakenAt == nil || m.TakenAt.Format("2006-01-02T15:04:05") != "2026-03-14T09:26:53" {
		t.Errorf("taken at = %v", m.TakenAt)
	}
}

func TestReadMetaXMP(t *testing.T) {
	x := pictures.XMPPacket("A caption & more", "Jo Bloggs", "Agency X", "© Jo")
	m := pictures.ParseXMP(x)
	if m.Caption != "A caption & more" || m.Creator != "Jo Bloggs" || m.Credit != "Agency X" || m.Copyright != "© Jo" {
		t.Errorf("xmp meta = %+v", m)
	}
	attr := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
	<rdf:Description photoshop:City="Oslo" photoshop:Credit="Attr Credit" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"/>
	</rdf:RDF></x:xmpmeta>`
	if m := pictures.ParseXMP([]byte(attr)); m.City != "Oslo" || m.Credit != "Attr Credit" {
		t.Errorf("attribute meta = %+v", m)
	}
}

func process(t *testing.T, data []byte, o pictures.Options) (*pictures.Header, []pictures.Rendition) {
	t.Helper()
	h, err := pictures.Inspect(data, pictures.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	img, err := pictures.Decode(data, h)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pictures.Renditions(img, h, o)
	if err != nil {
		t.Fatal(err)
	}
	return h, r
}

// Renditions carry credit and copyright but no EXIF, so no GPS; none is
// wider than the picture.
func TestRenditionsStripGPSKeepCredit(t *testing.T) {
	_, rs := process(t, picturetest.JPEG(sample()), pictures.Options{WebP: true, Credit: "Dateline/Ana Põder", Copyright: "© 2026 Dateline"})
	var widths []int
	for _, r := range rs {
		m, err := pictures.ReadMeta(r.Data)
		if err != nil {
			t.Fatalf("%s %d: %v", r.ContentType, r.Width, err)
		}
		if m.HasGPS || picturetest.HasEXIF(r.Data) {
			t.Errorf("%s %dpx carries EXIF/GPS", r.ContentType, r.Width)
		}
		if m.Credit != "Dateline/Ana Põder" || m.Copyright != "© 2026 Dateline" {
			t.Errorf("%s %dpx: credit %q copyright %q", r.ContentType, r.Width, m.Credit, m.Copyright)
		}
		if r.ContentType == pictures.TypeJPEG {
			widths = append(widths, r.Width)
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.Data))
			if err != nil || cfg.Width != r.Width || cfg.Height != r.Height {
				t.Errorf("rendition %dx%d decodes as %dx%d (%v)", r.Width, r.Height, cfg.Width, cfg.Height, err)
			}
		}
	}
	if got := fmt.Sprint(widths); got != "[900 640 320]" {
		t.Errorf("JPEG widths = %s, want [900 640 320] (no upscaling)", got)
	}
}

func TestOrientationApplied(t *testing.T) {
	p := sample()
	p.Width, p.Height, p.Orientation = 600, 400, 6
	h, rs := process(t, picturetest.JPEG(p), pictures.Options{Widths: []int{320}})
	if w, hh := h.Oriented(); w != 400 || hh != 600 {
		t.Fatalf("oriented size %dx%d, want 400x600", w, hh)
	}
	r := rs[0]
	if r.Width != 320 || r.Height != 480 {
		t.Fatalf("rendition %dx%d, want 320x480", r.Width, r.Height)
	}
	img, err := jpeg.Decode(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	red := func(x, y int) bool {
		cr, cg, _, _ := img.At(x, y).RGBA()
		return cr>>8 > 180 && cg>>8 < 80
	}
	if !red(r.Width-10, 10) || red(10, 10) {
		t.Errorf("the marker is not at the top right after orientation 6")
	}
}

func TestCrop(t *testing.T) {
	_, rs := process(t, picturetest.JPEG(sample()), pictures.Options{Widths: []int{320}, Crop: &news.Rect{X: 0, Y: 0, W: 0.5, H: 1}})
	if rs[0].Width != 320 || rs[0].Height != 427 {
		t.Errorf("cropped rendition %dx%d, want 320x427", rs[0].Width, rs[0].Height)
	}
}

// pngHeader is a PNG signature and IHDR claiming w x h pixels, with no
// image data: what a decompression bomb's header looks like.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	b = binary.BigEndian.AppendUint32(b, 13)
	chunk := append([]byte("IHDR"), ihdr...)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

func TestLimitsAndBadFiles(t *testing.T) {
	good := picturetest.JPEG(sample())
	var pngBuf bytes.Buffer
	_ = png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 4, 4)))
	cases := []struct {
		name string
		data []byte
		lim  pictures.Limits
		want error
		msg  string
	}{
		{"too large", good, pictures.Limits{MaxBytes: 1000}, pictures.ErrTooLarge, "the limit is 1000 bytes"},
		{"pixel bomb png", pngHeader(16000, 16000), pictures.DefaultLimits, pictures.ErrTooManyPixels, "256.0 megapixels"},
		{"long side", pngHeader(20000, 10), pictures.DefaultLimits, pictures.ErrTooManyPixels, "longest side"},
		{"pixel limit", good, pictures.Limits{MaxPixels: 100_000}, pictures.ErrTooManyPixels, "900x600"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), pictures.DefaultLimits, pictures.ErrUnknownFormat, "a GIF file"},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), pictures.DefaultLimits, pictures.ErrUnknownFormat, "a HEIC file"},
		{"avif", []byte("\x00\x00\x00\x18ftypavif\x00\x00\x00\x00"), pictures.DefaultLimits, pictures.ErrUnknownFormat, "an AVIF file"},
		{"text", []byte("hello, this is not a picture"), pictures.DefaultLimits, pictures.ErrUnknownFormat, "unknown type"},
		{"empty", nil, pictures.DefaultLimits, pictures.ErrUnknownFormat, "empty file"},
		{"jpeg header only", good[:20], pictures.DefaultLimits, pictures.ErrBroken, "jpeg"},
		{"png without data", pngHeader(10, 10), pictures.DefaultLimits, pictures.ErrBroken, "png"},
		{"riff not webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 \x00\x00\x00\x00"), pictures.DefaultLimits, pictures.ErrBroken, "webp"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := pictures.Inspect(c.data, c.lim)
			if err == nil {
				_, err = pictures.Decode(c.data, h)
			}
			if !errors.Is(err, c.want) || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.msg)) {
				t.Errorf("err = %v, want %v containing %q", err, c.want, c.msg)
			}
		})
	}
	// A JPEG cut in the middle of its image data decodes to an error.
	h, err := pictures.Inspect(good[:len(good)/2], pictures.DefaultLimits)
	if err == nil {
		_, err = pictures.Decode(good[:len(good)/2], h)
	}
	if !errors.Is(err, pictures.ErrBroken) {
		t.Errorf("truncated JPEG: %v", err)
	}
}

func FuzzReadMeta(f *testing.F) {
	f.Add(picturetest.JPEG(picturetest.Photo{Width: 8, Height: 8, GPS: true, Orientation: 3, Caption: "c", Credit: "k", TakenAt: "2020:01:01 00:00:00"}))
	f.Add(pngHeader(8, 8))
	f.Add([]byte("RIFF\x20\x00\x00\x00WEBPEXIF\x08\x00\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := pictures.ReadMeta(b)
		if err != nil {
			return
		}
		// What it reads is clean text, whatever the file holds.
		if m.Orientation < 0 || m.Orientation > 8 || len(m.Keywords) > 50 {
			t.Fatalf("orientation %d, %d keywords", m.Orientation, len(m.Keywords))
		}
		for _, v := range append([]string{m.Headline, m.Caption, m.Creator, m.Credit, m.Copyright, m.City, m.Country, m.Alt}, m.Keywords...) {
			if !utf8.ValidString(v) || v != strings.TrimSpace(v) || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) >= 0 {
				t.Fatalf("field %q is not clean text", v)
			}
		}
	})
}

func FuzzParseEXIF(f *testing.F) {
	j := picturetest.JPEG(picturetest.Photo{Width: 8, Height: 8, GPS: true, Orientation: 6, TakenAt: "2020:01:01 00:00:00"})
	i := bytes.Index(j, []byte("Exif\x00\x00"))
	f.Add(j[i+6:])
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := pictures.ParseEXIF(b)
		if m.Orientation < 0 || m.Orientation > 8 {
			t.Fatalf("orientation %d", m.Orientation)
		}
	})
}

func FuzzParseIPTC(f *testing.F) {
	f.Add([]byte("\x1c\x02\x78\x00\x05hello\x1c\x02\x6e\x00\x03abc"))
	f.Add([]byte("\x1c\x02\x78\x80\x04\x00\x00\x00\x01x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := pictures.ParseIPTC(b)
		// What it read survives being written into renditions and read again.
		seg := pictures.IPTCSegment(m.Caption, m.Creator, m.Credit, m.Copyright)
		if seg == nil {
			return
		}
		const head = len("Photoshop 3.0\x00") + len("8BIM") + 2 + 2 + 4
		back := pictures.ParseIPTC(seg[head:])
		if back.Caption != m.Caption || back.Creator != m.Creator || back.Credit != m.Credit || back.Copyright != m.Copyright {
			t.Fatalf("IPTC round trip of %q: %+v, want %+v", b, back, m)
		}
	})
}

func FuzzParseXMP(f *testing.F) {
	f.Add(pictures.XMPPacket("caption", "creator", "credit", "rights"))
	f.Add([]byte(`<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li>t</rdf:li></rdf:Alt></dc:title></rdf:Description>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := pictures.ParseXMP(b)
		// What it read survives being written into renditions and read again.
		back := pictures.ParseXMP(pictures.XMPPacket(m.Caption, m.Creator, m.Credit, m.Copyright))
		if back.Caption != m.Caption || back.Creator != m.Creator || back.Credit != m.Credit || back.Copyright != m.Copyright {
			t.Fatalf("XMP round trip of %q: %+v, want %+v", b, back, m)
		}
	})
}

// BenchmarkUpload24MP is the upload processing of a 24-megapixel camera
// JPEG (6000x4000): header and metadata, decode, orientation and the
// JPEG and WebP renditions at every width.
func BenchmarkUpload24MP(b *testing.B) {
	data := picturetest.JPEG(picturetest.Photo{Width: 6000, Height: 4000, Orientation: 1, GPS: true,
		Caption: "Benchmark", Credit: "Dateline"})
	for _, webp := range []bool{false, true} {
		name := "jpeg"
		if webp {
			name = "jpeg+webp"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				h, err := pictures.Inspect(data, pictures.DefaultLimits)
				if err != nil {
					b.Fatal(err)
				}
				img, err := pictures.Decode(data, h)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := pictures.Renditions(img, h, pictures.Options{WebP: webp, Credit: "Dateline"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
