package auth

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"golang.org/x/crypto/argon2"
)

// Our argon2id, computed in reused memory, gives x/crypto's result bit for
// bit, whatever the parameters and whatever the buffer held before.
func TestArgon2idMatchesXCrypto(t *testing.T) {
	var mem []argonBlock
	for _, c := range []struct {
		t, m   uint32
		p      uint8
		keyLen uint32
	}{
		{1, 8, 1, 32}, {2, 64, 1, 32}, {3, 37, 1, 16}, {1, 64, 2, 64}, {2, 128, 4, 100}, {2, 19 * 1024, 1, 32}, {1, 33, 3, 4},
	} {
		for i, pw := range [][]byte{nil, []byte("password"), bytes.Repeat([]byte("x"), 200)} {
			salt := []byte(fmt.Sprintf("somesalt%d", i))
			want := argon2.IDKey(pw, salt, c.t, c.m, c.p, c.keyLen)
			var got []byte
			got, mem = argon2idKey(mem, pw, salt, c.t, c.m, c.p, c.keyLen)
			if !bytes.Equal(got, want) {
				t.Errorf("t=%d m=%d p=%d len=%d password %d: got %x, want %x", c.t, c.m, c.p, c.keyLen, i, got, want)
			}
		}
	}
	// RFC 9106's argon2id test vector has a secret and associated data,
	// which we never use; a stored hash made by x/crypto still checks.
	h := "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString([]byte("0123456789abcdef")) + "$" +
		b64.EncodeToString(argon2.IDKey([]byte("correct horse battery"), []byte("0123456789abcdef"), 2, 19456, 1, 32))
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterz") {
		t.Error("a hash made by x/crypto does not check as it should")
	}
}

// Checking passwords one after another leaves no garbage: the hash's
// memory is reused, not allocated each time.
func TestCheckPasswordReusesItsMemory(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	CheckPassword(h, "warm up")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 5 {
		CheckPassword(h, "a wrong guess")
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Errorf("5 password checks allocated %d KiB; want well under one hash's 19 MiB", d>>10)
	}
}
