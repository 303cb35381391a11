package web

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The site's icon: a white D on the house blue, drawn here so that no
// picture file has to be kept in the repository.
var (
	iconBlue  = color.RGBA{0x0b, 0x3d, 0x6e, 0xff}
	iconWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

const faviconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
	`<rect width="32" height="32" rx="6" fill="#0b3d6e"/>` +
	`<path fill="#fff" fill-rule="evenodd" d="M9 7h7a9 9 0 0 1 0 18H9zM13 11v10h3a5 5 0 0 0 0-10z"/></svg>`

// iconPNG draws the icon at size×size pixels.
func iconPNG(size int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			// The SVG's shape, in its 32-unit square.
			u, v := (float64(x)+.5)*32/float64(size), (float64(y)+.5)*32/float64(size)
			c := iconBlue
			outer := (u >= 9 && u <= 16 && v >= 7 && v <= 25) || (u > 16 && math.Hypot(u-16, v-16) <= 9)
			inner := (u >= 13 && u <= 16 && v >= 11 && v <= 21) || (u > 16 && math.Hypot(u-16, v-16) < 5)
			if outer && !inner {
				c = iconWhite
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// icoOf wraps a 32×32 PNG in the ICO container browsers ask for at
// /favicon.ico.
func icoOf(p []byte) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, [3]uint16{0, 1, 1})
	buf.Write([]byte{32, 32, 0, 0})
	binary.Write(&buf, binary.LittleEndian, [2]uint16{1, 32})
	binary.Write(&buf, binary.LittleEndian, [2]uint32{uint32(len(p)), 22})
	buf.Write(p)
	return buf.Bytes()
}

// manifest is the web app manifest.
func manifest(name string) []byte {
	b, _ := json.Marshal(map[string]any{
		"name": name, "short_name": name, "start_url": "/", "display": "browser",
		"background_color": "#ffffff", "theme_color": "#0b3d6e",
		"icons": []map[string]string{
			{"src": "/icon-192.png", "sizes": "192x192", "type": "image/png"},
			{"src": "/icon-512.png", "sizes": "512x512", "type": "image/png"},
			{"src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
		},
	})
	return b
}
