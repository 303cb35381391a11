package pictures

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"strings"
)

// IPTCSegment builds a JPEG APP13 payload (Photoshop image resources with
// one IPTC-NAA block, UTF-8) carrying caption, creator, credit and
// copyright; nil when all are empty.
func IPTCSegment(caption, creator, credit, copyright string) []byte {
	var iim bytes.Buffer
	ds := func(rec, n byte, v string) {
		if len(v) > 0x7FFF {
			v = v[:0x7FFF]
		}
		iim.Write([]byte{0x1C, rec, n})
		_ = binary.Write(&iim, binary.BigEndian, uint16(len(v)))
		iim.WriteString(v)
	}
	ds(1, 90, "\x1b%G") // coded character set: UTF-8
	n := 0
	for _, f := range []struct {
		ds byte
		v  string
	}{{80, creator}, {110, credit}, {116, copyright}, {120, caption}} {
		if f.v != "" {
			ds(2, f.ds, f.v)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	var b bytes.Buffer
	b.Write(psHeader)
	b.WriteString("8BIM")
	_ = binary.Write(&b, binary.BigEndian, uint16(0x0404))
	b.Write([]byte{0, 0}) // empty Pascal name, padded
	_ = binary.Write(&b, binary.BigEndian, uint32(iim.Len()))
	b.Write(iim.Bytes())
	if iim.Len()%2 == 1 {
		b.WriteByte(0)
	}
	return b.Bytes()
}

// XMPPacket builds an XMP packet carrying caption, creator, credit and
// copyright; nil when all are empty.
func XMPPacket(caption, creator, credit, copyright string) []byte {
	if caption == "" && creator == "" && credit == "" && copyright == "" {
		return nil
	}
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var b strings.Builder
	b.WriteString(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
		`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">`)
	if credit != "" {
		b.WriteString("<photoshop:Credit>" + esc(credit) + "</photoshop:Credit>")
	}
	if creator != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(creator) + "</rdf:li></rdf:Seq></dc:creator>")
	}
	if copyright != "" {
		b.WriteString(`<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">` + esc(copyright) + "</rdf:li></rdf:Alt></dc:rights>")
	}
	if caption != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(caption) + "</rdf:li></rdf:Alt></dc:description>")
	}
	b.WriteString(`</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>`)
	return []byte(b.String())
}

// withJPEGMeta inserts APP13 (IPTC) and APP1 (XMP) segments after the
// start-of-image marker of a JPEG that has none of its own.
func withJPEGMeta(j, iptc, xmp []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(j) + len(iptc) + len(xmp) + 64)
	b.Write(j[:2])
	seg := func(marker byte, payload []byte) {
		if len(payload) == 0 || len(payload)+2 > 0xFFFF {
			return
		}
		b.Write([]byte{0xFF, marker})
		_ = binary.Write(&b, binary.BigEndian, uint16(len(payload)+2))
		b.Write(payload)
	}
	if len(xmp) > 0 {
		seg(0xE1, append(append([]byte{}, xmpHeader...), xmp...))
	}
	seg(0xED, iptc)
	b.Write(j[2:])
	return b.Bytes()
}

// withWebPXMP adds an XMP chunk to a WebP file, turning a simple file into
// the extended format (VP8X) when needed.
func withWebPXMP(w []byte, width, height int, xmp []byte) ([]byte, error) {
	if len(xmp) == 0 {
		return w, nil
	}
	if sniff(w) != FormatWebP || len(w) < 20 {
		return nil, errors.New("the WebP encoder made no WebP file")
	}
	chunks := w[12:]
	var vp8x []byte
	if string(chunks[:4]) == "VP8X" {
		vp8x = append([]byte{}, chunks[:18]...)
		chunks = chunks[18:]
	} else {
		vp8x = make([]byte, 18)
		copy(vp8x, "VP8X")
		binary.LittleEndian.PutUint32(vp8x[4:], 10)
		put24 := func(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
		put24(vp8x[12:], width-1)
		put24(vp8x[15:], height-1)
	}
	vp8x[8] |= 0x04 // XMP metadata present
	var b bytes.Buffer
	b.WriteString("RIFF")
	b.Write([]byte{0, 0, 0, 0})
	b.WriteString("WEBP")
	b.Write(vp8x)
	b.Write(chunks)
	b.WriteString("XMP ")
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(xmp)))
	b.Write(xmp)
	if len(xmp)%2 == 1 {
		b.WriteByte(0)
	}
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}
