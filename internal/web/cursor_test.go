package web

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

func urlEncodingB64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestCursorRoundTrip(t *testing.T) {
	c := &store.Cursor{At: time.Date(2026, 11, 28, 10, 0, 0, 123, time.UTC), ID: "0c8r4k2m9x7qabcd"}
	got, err := decodeCursor(encodeCursor(c))
	if err != nil || !got.At.Equal(c.At) || got.ID != c.ID {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if got, err := decodeCursor(""); got != nil || err != nil {
		t.Errorf("empty cursor: %v %v", got, err)
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add("")
	f.Add("junk")
	f.Add(encodeCursor(&store.Cursor{At: time.Unix(1, 2), ID: "abc"}))
	f.Add(urlEncodingB64("99999999999999999999:abc"))
	f.Fuzz(func(t *testing.T, v string) {
		c, err := decodeCursor(v)
		if err == nil && c != nil {
			back, err := decodeCursor(encodeCursor(c))
			if err != nil || !back.At.Equal(c.At) || back.ID != c.ID {
				t.Fatalf("%q decodes to %+v which does not round-trip", v, c)
			}
		}
	})
}
