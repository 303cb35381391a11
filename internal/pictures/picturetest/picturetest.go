// Package picturetest makes photos for tests: pictures drawn with Go's
// image packages, encoded as JPEG, with IPTC (APP13) and EXIF (APP1)
// segments written byte by byte here, independently of the readers in
// package pictures, so tests check the readers against a second writer.
package picturetest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Photo describes a test photo.
type Photo struct {
	Width, Height int
	Orientation   int    // EXIF orientation; 0 writes none
	TakenAt       string // EXIF DateTimeOriginal, "2006:01:02 15:04:05"
	GPS           bool   // an EXIF GPS directory with a position
	Headline      string // IPTC 2:105
	Caption       string // IPTC 2:120
	Credit        string // IPTC 2:110
	Byline        string // IPTC 2:80
	Copyright     string // IPTC 2:116
	City          string // IPTC 2:90
	Country       string // IPTC 2:101
}

// Image draws a picture: a sky-to-sea gradient, a sun and a red marker in
// the top left corner (so orientation can be checked).
func Image(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(40 + 120*y/h), uint8(90 + 100*y/h), uint8(200 - 60*x/w), 255}
			if y > h*2/3 {
				c = color.RGBA{20, uint8(60 + 40*x/w), uint8(120 + 60*y/h), 255}
			}
			dx, dy := x-w*3/4, y-h/4
			if r := min(w, h) / 8; dx*dx+dy*dy < r*r {
				c = color.RGBA{250, 210, 60, 255}
			}
			if x < w/8 && y < h/8 {
				c = color.RGBA{220, 20, 20, 255}
			}
			img.Pix[img.PixOffset(x, y)+0] = c.R
			img.Pix[img.PixOffset(x, y)+1] = c.G
			img.Pix[img.PixOffset(x, y)+2] = c.B
			img.Pix[img.PixOffset(x, y)+3] = 255
		}
	}
	return img
}

// JPEG encodes p's picture with its EXIF and IPTC segments.
func JPEG(p Photo) []byte {
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, Image(p.Width, p.Height), &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	return WithSegments(enc.Bytes(), p)
}

// WithSegments inserts p's EXIF (APP1) and IPTC (APP13) segments into a
// JPEG that has none.
func WithSegments(j []byte, p Photo) []byte {
	var out bytes.Buffer
	out.Write(j[:2])
	if exif := exifBlock(p); exif != nil {
		segment(&out, 0xE1, append([]byte("Exif\x00\x00"), exif...))
	}
	if iptc := iptcBlock(p); iptc != nil {
		segment(&out, 0xED, iptc)
	}
	out.Write(j[2:])
	return out.Bytes()
}

func segment(b *bytes.Buffer, marker byte, payload []byte) {
	b.Write([]byte{0xFF, marker})
	_ = binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
}

// ifdEntry is a TIFF directory entry; value holds the bytes (inline when
// at most 4, else written after the directory).
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte
}

// exifBlock writes a little-endian TIFF structure: IFD0 (orientation,
// pointers to the Exif and GPS directories), the Exif IFD (date taken)
// and the GPS IFD (latitude and longitude).
func exifBlock(p Photo) []byte {
	if p.Orientation == 0 && p.TakenAt == "" && !p.GPS {
		return nil
	}
	le := binary.LittleEndian
	u16 := func(v uint16) []byte { return le.AppendUint16(nil, v) }
	u32 := func(v uint32) []byte { return le.AppendUint32(nil, v) }
	rational := func(vals ...uint32) []byte {
		var b []byte
		for _, v := range vals {
			b = le.AppendUint32(b, v)
			b = le.AppendUint32(b, 1)
		}
		return b
	}
	ascii := func(s string) []byte { return append([]byte(s), 0) }

	// Layout: header (8) | IFD0 | Exif IFD | GPS IFD, each followed by its data.
	var ifd0, exifIFD, gpsIFD []ifdEntry
	if p.Orientation != 0 {
		ifd0 = append(ifd0, ifdEntry{0x0112, 3, 1, u16(uint16(p.Orientation))})
	}
	if p.TakenAt != "" {
		exifIFD = append(exifIFD, ifdEntry{0x9003, 2, uint32(len(p.TakenAt) + 1), ascii(p.TakenAt)})
	}
	if p.GPS {
		gpsIFD = []ifdEntry{
			{0x0001, 2, 2, ascii("N")},
			{0x0002, 5, 3, rational(59, 26, 12)},
			{0x0003, 2, 2, ascii("E")},
			{0x0004, 5, 3, rational(24, 44, 42)},
		}
	}
	size := func(es []ifdEntry) int {
		n := 2 + 12*len(es) + 4
		for _, e := range es {
			if len(e.value) > 4 {
				n += len(e.value)
			}
		}
		return n
	}
	// Pointer entries go into IFD0 before its size is known.
	if len(exifIFD) > 0 {
		ifd0 = append(ifd0, ifdEntry{0x8769, 4, 1, u32(0)})
	}
	if len(gpsIFD) > 0 {
		ifd0 = append(ifd0, ifdEntry{0x8825, 4, 1, u32(0)})
	}
	off0 := 8
	offExif := off0 + size(ifd0)
	offGPS := offExif
	if len(exifIFD) > 0 {
		offGPS += size(exifIFD)
	}
	for i := range ifd0 {
		switch ifd0[i].tag {
		case 0x8769:
			ifd0[i].value = u32(uint32(offExif))
		case 0x8825:
			ifd0[i].value = u32(uint32(offGPS))
		}
	}
	var b []byte
	b = append(b, 'I', 'I')
	b = le.AppendUint16(b, 42)
	b = le.AppendUint32(b, uint32(off0))
	write := func(es []ifdEntry, at int) {
		data := at + 2 + 12*len(es) + 4
		var tail []byte
		b = le.AppendUint16(b, uint16(len(es)))
		for _, e := range es {
			b = le.AppendUint16(b, e.tag)
			b = le.AppendUint16(b, e.typ)
			b = le.AppendUint32(b, e.count)
			if len(e.value) <= 4 {
				v := make([]byte, 4)
				copy(v, e.value)
				b = append(b, v...)
			} else {
				b = le.AppendUint32(b, uint32(data+len(tail)))
				tail = append(tail, e.value...)
			}
		}
		b = le.AppendUint32(b, 0) // no next IFD
		b = append(b, tail...)
	}
	write(ifd0, off0)
	if len(exifIFD) > 0 {
		write(exifIFD, offExif)
	}
	if len(gpsIFD) > 0 {
		write(gpsIFD, offGPS)
	}
	return b
}

// iptcBlock writes a Photoshop 3.0 resource block holding IPTC IIM
// record 2 datasets (UTF-8, declared in 1:90).
func iptcBlock(p Photo) []byte {
	var iim []byte
	ds := func(rec, n byte, v string) {
		if v == "" {
			return
		}
		iim = append(iim, 0x1C, rec, n)
		iim = binary.BigEndian.AppendUint16(iim, uint16(len(v)))
		iim = append(iim, v...)
	}
	ds(1, 90, "\x1b%G")
	before := len(iim)
	ds(2, 105, p.Headline)
	ds(2, 120, p.Caption)
	ds(2, 110, p.Credit)
	ds(2, 80, p.Byline)
	ds(2, 116, p.Copyright)
	ds(2, 90, p.City)
	ds(2, 101, p.Country)
	if len(iim) == before {
		return nil
	}
	b := []byte("Photoshop 3.0\x00")
	// A resource before ours, so the reader has to walk the list.
	b = append(b, "8BIM"...)
	b = binary.BigEndian.AppendUint16(b, 0x03ED) // resolution info
	b = append(b, 0, 0)
	b = binary.BigEndian.AppendUint32(b, 16)
	b = append(b, make([]byte, 16)...)
	b = append(b, "8BIM"...)
	b = binary.BigEndian.AppendUint16(b, 0x0404)
	b = append(b, 0, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(len(iim)))
	b = append(b, iim...)
	if len(iim)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// HasEXIF reports whether a JPEG carries any APP1 EXIF segment.
func HasEXIF(j []byte) bool {
	return bytes.Contains(j, []byte("Exif\x00\x00"))
}
