package pictures

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Meta is what a photo's own metadata says about it: IPTC IIM, XMP and
// EXIF, merged (IPTC first, then XMP, then EXIF for what is still empty).
type Meta struct {
	Headline    string
	Caption     string
	Creator     string
	Credit      string
	Copyright   string
	City        string
	Country     string
	Alt         string
	Keywords    []string
	TakenAt     *time.Time
	Orientation int  // EXIF orientation 1..8; 0 when absent
	HasGPS      bool // the file carries EXIF GPS (never copied to renditions)
}

// merge fills m's empty fields from o.
func (m *Meta) merge(o Meta) {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&m.Headline, o.Headline)
	fill(&m.Caption, o.Caption)
	fill(&m.Creator, o.Creator)
	fill(&m.Credit, o.Credit)
	fill(&m.Copyright, o.Copyright)
	fill(&m.City, o.City)
	fill(&m.Country, o.Country)
	fill(&m.Alt, o.Alt)
	if len(m.Keywords) == 0 {
		m.Keywords = o.Keywords
	}
	if m.TakenAt == nil {
		m.TakenAt = o.TakenAt
	}
	if m.Orientation == 0 {
		m.Orientation = o.Orientation
	}
	m.HasGPS = m.HasGPS || o.HasGPS
}

// Metadata limits: a segment never exceeds 64 KiB in JPEG, but PNG and
// WebP chunks can be larger, and a field longer than this is junk.
const (
	maxMetaBlock = 1 << 20
	maxField     = 4000
	maxKeywords  = 50
)

var (
	exifHeader = []byte("Exif\x00\x00")
	xmpHeader  = []byte("http://ns.adobe.com/xap/1.0/\x00")
	psHeader   = []byte("Photoshop 3.0\x00")
)

// ReadMeta reads the metadata of a JPEG, PNG or WebP file. Metadata that is
// malformed is skipped (a photo with a broken EXIF block is still a photo);
// an error means the container itself is broken.
func ReadMeta(data []byte) (Meta, error) {
	var iptc, xmp, exif Meta
	var err error
	switch sniff(data) {
	case FormatJPEG:
		err = jpegSegments(data, func(marker byte, seg []byte) {
			switch {
			case marker == 0xE1 && bytes.HasPrefix(seg, exifHeader):
				exif.merge(ParseEXIF(seg[len(exifHeader):]))
			case marker == 0xE1 && bytes.HasPrefix(seg, xmpHeader):
				xmp.merge(ParseXMP(seg[len(xmpHeader):]))
			case marker == 0xED && bytes.HasPrefix(seg, psHeader):
				iptc.merge(ParseIPTC(photoshopIPTC(seg[len(psHeader):])))
			}
		})
	case FormatPNG:
		err = pngChunks(data, func(typ string, c []byte) {
			switch typ {
			case "eXIf":
				exif.merge(ParseEXIF(c))
			case "iTXt":
				if k, v, ok := bytes.Cut(c, []byte{0}); ok && string(k) == "XML:com.adobe.xmp" && len(v) > 4 && v[0] == 0 {
					// compression flag 0, method, then language and translated keyword, each NUL-terminated
					rest := v[2:]
					for range 2 {
						if _, r, ok := bytes.Cut(rest, []byte{0}); ok {
							rest = r
						}
					}
					xmp.merge(ParseXMP(rest))
				}
			}
		})
	case FormatWebP:
		err = riffChunks(data, func(typ string, c []byte) {
			switch typ {
			case "EXIF":
				exif.merge(ParseEXIF(bytes.TrimPrefix(c, exifHeader)))
			case "XMP ":
				xmp.merge(ParseXMP(c))
			}
		})
	default:
		return Meta{}, ErrUnknownFormat
	}
	m := iptc
	m.merge(xmp)
	m.merge(exif)
	return m, err
}

// jpegSegments calls fn for each marker segment before the image data.
func jpegSegments(data []byte, fn func(marker byte, seg []byte)) error {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return errors.New("not a JPEG file: no start-of-image marker")
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return fmt.Errorf("broken JPEG: no marker at byte %d", i)
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 { // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return fmt.Errorf("broken JPEG: segment %#x at byte %d runs past the end of the file", m, i)
		}
		fn(m, data[i+4:i+2+n])
		i += 2 + n
	}
	return errors.New("broken JPEG: the file ends before the image data")
}

// pngChunks calls fn for each chunk of a PNG file.
func pngChunks(data []byte, fn func(typ string, c []byte)) error {
	i := 8
	for i+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return fmt.Errorf("broken PNG: chunk %q at byte %d runs past the end of the file", typ, i)
		}
		if n <= maxMetaBlock {
			fn(typ, data[i+8:i+8+n])
		}
		if typ == "IEND" {
			return nil
		}
		i += 12 + n
	}
	return errors.New("broken PNG: the file ends before its IEND chunk")
}

// riffChunks calls fn for each top-level chunk of a WebP (RIFF) file.
func riffChunks(data []byte, fn func(typ string, c []byte)) error {
	i := 12
	for i+8 <= len(data) {
		typ := string(data[i : i+4])
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n < 0 || n > len(data)-i-8 {
			return fmt.Errorf("broken WebP: chunk %q at byte %d runs past the end of the file", typ, i)
		}
		if n <= maxMetaBlock {
			fn(typ, data[i+8:i+8+n])
		}
		i += 8 + n + n&1
	}
	return nil
}

// photoshopIPTC finds the IPTC-NAA resource (0x0404) among Photoshop
// image resource blocks.
func photoshopIPTC(b []byte) []byte {
	for len(b) >= 12 && string(b[:4]) == "8BIM" {
		id := binary.BigEndian.Uint16(b[4:])
		nameLen := int(b[6])
		off := 7 + nameLen
		if off%2 == 1 { // the Pascal name is padded to an even size
			off++
		}
		if off+4 > len(b) {
			return nil
		}
		size := int(binary.BigEndian.Uint32(b[off:]))
		off += 4
		if size < 0 || size > len(b)-off {
			return nil
		}
		if id == 0x0404 {
			return b[off : off+size]
		}
		off += size + size&1
		if off > len(b) {
			return nil
		}
		b = b[off:]
	}
	return nil
}

// ParseIPTC reads IPTC IIM datasets of record 2 (application). Text is
// UTF-8 when it is valid UTF-8 and read as Latin-1 otherwise.
func ParseIPTC(b []byte) Meta {
	var m Meta
	var date string
	for len(b) >= 5 && b[0] == 0x1C {
		rec, ds := b[1], b[2]
		n := int(binary.BigEndian.Uint16(b[3:]))
		b = b[5:]
		if n&0x8000 != 0 { // extended length: not used for text fields
			return m
		}
		if n > len(b) {
			return m
		}
		v := iptcText(b[:n])
		b = b[n:]
		if rec != 2 {
			continue
		}
		set := func(dst *string) {
			if *dst == "" {
				*dst = v
			}
		}
		switch ds {
		case 105:
			set(&m.Headline)
		case 120:
			set(&m.Caption)
		case 80:
			set(&m.Creator)
		case 110:
			set(&m.Credit)
		case 116:
			set(&m.Copyright)
		case 90:
			set(&m.City)
		case 101:
			set(&m.Country)
		case 55:
			date = v
		case 25:
			if v != "" && len(m.Keywords) < maxKeywords {
				m.Keywords = append(m.Keywords, v)
			}
		}
	}
	if t, err := time.Parse("20060102", date); err == nil {
		m.TakenAt = &t
	}
	return m
}

func iptcText(b []byte) string {
	if len(b) > maxField {
		b = b[:maxField]
	}
	s := string(b)
	if !utf8.ValidString(s) {
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		s = string(r)
	}
	return cleanText(s)
}

// cleanText trims and drops control characters other than newlines.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7F || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// xmpFields maps XMP property names (local names in their namespaces) to
// Meta fields.
var xmpFields = map[xml.Name]func(m *Meta) *string{
	{Space: "http://purl.org/dc/elements/1.1/", Local: "title"}:                           func(m *Meta) *string { return &m.Headline },
	{Space: "http://ns.adobe.com/photoshop/1.0/", Local: "Headline"}:                      func(m *Meta) *string { return &m.Headline },
	{Space: "http://purl.org/dc/elements/1.1/", Local: "description"}:                     func(m *Meta) *string { return &m.Caption },
	{Space: "http://purl.org/dc/elements/1.1/", Local: "creator"}:                         func(m *Meta) *string { return &m.Creator },
	{Space: "http://purl.org/dc/elements/1.1/", Local: "rights"}:                          func(m *Meta) *string { return &m.Copyright },
	{Space: "http://ns.adobe.com/photoshop/1.0/", Local: "Credit"}:                        func(m *Meta) *string { return &m.Credit },
	{Space: "http://ns.adobe.com/photoshop/1.0/", Local: "City"}:                          func(m *Meta) *string { return &m.City },
	{Space: "http://ns.adobe.com/photoshop/1.0/", Local: "Country"}:                       func(m *Meta) *string { return &m.Country },
	{Space: "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/", Local: "AltTextAccessibility"}: func(m *Meta) *string { return &m.Alt },
}

// ParseXMP reads the properties Dateline uses from an XMP packet. Values
// are either attributes of rdf:Description or elements holding text or an
// rdf:Alt/Seq/Bag whose first rdf:li is taken.
func ParseXMP(b []byte) Meta {
	var m Meta
	if len(b) > maxMetaBlock {
		return m
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var current func(*Meta) *string // the property being read
	depth, propDepth := 0, 0
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return m
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 64 {
				return m
			}
			for _, a := range t.Attr {
				if f, ok := xmpFields[a.Name]; ok {
					if p := f(&m); *p == "" {
						*p = cleanText(limit(a.Value))
					}
				}
			}
			if current == nil {
				if f, ok := xmpFields[t.Name]; ok {
					current, propDepth = f, depth
					text.Reset()
				}
			}
		case xml.CharData:
			if current != nil && text.Len() < maxField {
				text.Write(t)
			}
		case xml.EndElement:
			if current != nil {
				p := current(&m)
				if (t.Name.Local == "li" || depth == propDepth) && *p == "" {
					*p = cleanText(limit(text.String()))
				}
				if t.Name.Local == "li" {
					text.Reset()
				}
				if depth == propDepth {
					current = nil
				}
			}
			depth--
		}
	}
}

func limit(s string) string {
	if len(s) > maxField {
		s = s[:maxField]
	}
	return s
}

// EXIF tags Dateline reads.
const (
	tagImageDescription = 0x010E
	tagOrientation      = 0x0112
	tagArtist           = 0x013B
	tagCopyright        = 0x8298
	tagExifIFD          = 0x8769
	tagGPSIFD           = 0x8825
	tagDateTimeOriginal = 0x9003
)

// ParseEXIF reads a TIFF-structured EXIF block (without the "Exif\0\0"
// prefix): orientation, date taken, description, artist, copyright, and
// whether it has a GPS directory.
func ParseEXIF(b []byte) Meta {
	var m Meta
	if len(b) < 8 || len(b) > maxMetaBlock {
		return m
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return m
	}
	if bo.Uint16(b[2:]) != 42 {
		return m
	}
	str := func(typ uint16, count uint32, valOff int) string {
		if typ != 2 || count == 0 || count > maxField {
			return ""
		}
		off := valOff
		if count > 4 {
			off = int(bo.Uint32(b[valOff:]))
		}
		if off < 0 || off+int(count) > len(b) {
			return ""
		}
		return iptcText(bytes.TrimRight(b[off:off+int(count)], "\x00"))
	}
	seen := map[uint32]bool{}
	var walk func(ifd uint32, level int)
	walk = func(ifd uint32, level int) {
		if level > 2 || seen[ifd] || int(ifd)+2 > len(b) || ifd < 8 {
			return
		}
		seen[ifd] = true
		n := int(bo.Uint16(b[ifd:]))
		for i := range n {
			e := int(ifd) + 2 + 12*i
			if e+12 > len(b) {
				return
			}
			tag, typ, count := bo.Uint16(b[e:]), bo.Uint16(b[e+2:]), bo.Uint32(b[e+4:])
			switch tag {
			case tagOrientation:
				if typ == 3 && count == 1 {
					if o := int(bo.Uint16(b[e+8:])); o >= 1 && o <= 8 {
						m.Orientation = o
					}
				}
			case tagImageDescription:
				m.Caption = str(typ, count, e+8)
			case tagArtist:
				m.Creator = str(typ, count, e+8)
			case tagCopyright:
				m.Copyright = str(typ, count, e+8)
			case tagDateTimeOriginal:
				if t, err := time.Parse("2006:01:02 15:04:05", str(typ, count, e+8)); err == nil {
					m.TakenAt = &t
				}
			case tagExifIFD:
				walk(bo.Uint32(b[e+8:]), level+1)
			case tagGPSIFD:
				m.HasGPS = true
			}
		}
	}
	walk(bo.Uint32(b[4:]), 0)
	return m
}
