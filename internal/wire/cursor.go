package wire

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// A cursor is an opaque, stable name for a position in the change log:
// the base64url form of a version byte and the big-endian seq. The same
// seq always gives the same cursor.
const cursorVersion = 1

// EncodeCursor names the position after change-log seq.
func EncodeCursor(seq int64) string {
	var b [9]byte
	b[0] = cursorVersion
	binary.BigEndian.PutUint64(b[1:], uint64(seq))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

var errCursor = errors.New("not a cursor this server gave out")

// DecodeCursor reads a cursor; "" and "0" are the start of the log.
func DecodeCursor(c string) (int64, error) {
	if c == "" || c == "0" {
		return 0, nil
	}
	if len(c) != 12 {
		return 0, fmt.Errorf("%w (%d characters, want 12)", errCursor, len(c))
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) != 9 {
		return 0, fmt.Errorf("%w (not base64url)", errCursor)
	}
	if b[0] != cursorVersion {
		return 0, fmt.Errorf("%w (unknown cursor version %d)", errCursor, b[0])
	}
	seq := int64(binary.BigEndian.Uint64(b[1:]))
	if seq < 0 {
		return 0, fmt.Errorf("%w (negative position)", errCursor)
	}
	return seq, nil
}
