// Package auth holds newsroom accounts: password hashing (argon2id),
// generated passwords and API tokens, sessions with CSRF tokens, login
// rate limits, and the roles' permission table. Passwords and tokens are
// never logged or stored in clear.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// argon2id parameters: the OWASP recommendation of 19 MiB, 2 passes.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	argonVersion = 0x13
)

// argonBuffers keeps the memory of finished hashes for the next ones: at
// most one buffer per hash that ran at once (the login gate allows 1 to 4),
// so the process holds a steady 19 MiB per slot instead of making 19 MiB
// of garbage per login.
var argonBuffers = make(chan []argonBlock, 4)

// argonKey is argon2id (version 19) in a reused buffer.
func argonKey(password, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	var mem []argonBlock
	select {
	case mem = <-argonBuffers:
	default:
	}
	key, mem := argon2idKey(mem, password, salt, t, m, p, keyLen)
	if cap(mem) <= argonMemory { // a bigger one (an old hash's settings) is not kept
		select {
		case argonBuffers <- mem:
		default:
		}
	}
	return key
}

// MinPasswordLen is the shortest password an account may have.
const MinPasswordLen = 12

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id hash of password in PHC string form.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLen {
		return "", fmt.Errorf("password: needs at least %d characters", MinPasswordLen)
	}
	if len(password) > 1024 {
		return "", errors.New("password: longer than 1024 bytes")
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argonKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return argonHash{memory: argonMemory, time: argonTime, threads: argonThreads, salt: salt, key: key}.String(), nil
}

// CheckPassword reports whether password matches hash (as HashPassword
// made it). A malformed hash never matches, nor does one whose cost is out
// of bounds (see parseHash), so a bad row cannot make a login take minutes
// or gigabytes.
func CheckPassword(hash, password string) bool {
	h, ok := parseHash(hash)
	if !ok || len(password) > 1024 {
		return false
	}
	got := argonKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1
}

// Bounds on the cost of a stored hash: 16 times HashPassword's memory, five
// times its passes, a few threads.
const (
	maxArgonMemory  = 1 << 18 // KiB: 256 MiB
	maxArgonTime    = 10
	maxArgonThreads = 16
)

// A stored hash's salt and key are at least this long (RFC 9106 asks for
// 16-byte salts, HashPassword writes 16 and 32): with a key of a few bytes,
// one password in a few hundred would match.
const (
	minSaltLen = 8
	minKeyLen  = 16
)

// argonHash is a parsed PHC argon2id string.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// String is the hash in PHC string form.
func (h argonHash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argonVersion, h.memory, h.time, h.threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parseHash reads "$argon2id$v=19$m=M,t=T,p=P$SALT$KEY" exactly: the
// version this package hashes with, decimal costs within bounds and with
// nothing after them, unpadded base64 salt of 8 bytes or more and a key of
// 16 to 64 bytes, each written as EncodeToString writes it.
func parseHash(hash string) (argonHash, bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argonVersion) {
		return argonHash{}, false
	}
	costs := strings.Split(parts[3], ",")
	if len(costs) != 3 {
		return argonHash{}, false
	}
	m, okM := costField(costs[0], "m=", maxArgonMemory)
	t, okT := costField(costs[1], "t=", maxArgonTime)
	p, okP := costField(costs[2], "p=", maxArgonThreads)
	if !okM || !okT || !okP {
		return argonHash{}, false
	}
	salt, okS := decodeB64(parts[4])
	key, okK := decodeB64(parts[5])
	if !okS || !okK || len(salt) < minSaltLen || len(key) < minKeyLen || len(key) > 64 {
		return argonHash{}, false
	}
	return argonHash{memory: m, time: t, threads: uint8(p), salt: salt, key: key}, true
}

// decodeB64 reads unpadded base64 written the one way EncodeToString
// writes it (the decoder alone skips line breaks and loose trailing bits).
func decodeB64(s string) ([]byte, bool) {
	b, err := b64.DecodeString(s)
	if err != nil || b64.EncodeToString(b) != s {
		return nil, false
	}
	return b, true
}

// costField reads name followed by a decimal number from 1 to max, written
// without sign or leading zero.
func costField(s, name string, max uint32) (uint32, bool) {
	digits, ok := strings.CutPrefix(s, name)
	if !ok || digits == "" || len(digits) > 10 || digits[0] == '0' {
		return 0, false
	}
	var n uint64
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > uint64(max) {
		return 0, false
	}
	return uint32(n), true
}

// dummyHash is checked against when an account does not exist, so a login
// for an unknown name takes as long as one for a known name.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$0NQZ5Q5rS0O8ZtD8+1A4xQy4mP0l3a9bGJ3bM7mV2bE"

const passwordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 20 characters (about 117
// bits) without look-alike characters.
func GeneratePassword() string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = passwordAlphabet[randIntn(len(passwordAlphabet))]
	}
	return string(b)
}

func randIntn(n int) int {
	// Rejection sampling keeps every character equally likely.
	limit := 256 - 256%n
	var c [1]byte
	for {
		_, _ = rand.Read(c[:])
		if int(c[0]) < limit {
			return int(c[0]) % n
		}
	}
}

// TokenPrefix starts every newsroom API token, so a leaked one is easy to
// recognise in a secret scanner.
const TokenPrefix = "dln_"

// NewToken returns a random secret (256 bits) with prefix, URL-safe.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how session and API tokens are stored: SHA-256, hex. A
// random 256-bit token needs no slow hash.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
