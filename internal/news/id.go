package news

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a new story id: 48 bits of milliseconds then 56 random
// bits, in lower-case Crockford base32 (21 characters). Ids sort by
// creation time and are never reused: an import that makes a million ids
// in one millisecond has about one chance in 140,000 of a collision, which
// the store refuses rather than overwrites.
func NewID(now time.Time) string {
	var b [13]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	return idEncoding.EncodeToString(b[:])
}

// ValidID reports whether s looks like an id NewID made (or any short
// lower-case base32 id), so handlers can refuse junk before a query.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}
