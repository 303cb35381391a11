package web

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Cursors are opaque to readers: base64url of "unixnanos:id".

func encodeCursor(c *store.Cursor) string {
	if c == nil {
		return ""
	}
	raw := strconv.FormatInt(c.At.UnixNano(), 10) + ":" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor reads a cursor from a URL; "" is no cursor. Anything else
// that is not a cursor we made is a 400.
func decodeCursor(v string) (*store.Cursor, error) {
	if v == "" {
		return nil, nil
	}
	bad := badRequest("The page position in the address (before=) is not valid.")
	if len(v) > 200 {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, bad
	}
	ns, id, ok := strings.Cut(string(b), ":")
	if !ok || !news.ValidID(id) {
		return nil, bad
	}
	n, err := strconv.ParseInt(ns, 10, 64)
	if err != nil || n < 0 {
		return nil, bad
	}
	return &store.Cursor{At: time.Unix(0, n).UTC(), ID: id}, nil
}
