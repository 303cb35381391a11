package client

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
	"time"
)

func sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"uri":"urn:dateline:news:x"}`)
	now := strconv.FormatInt(time.Now().Unix(), 10)
	old := strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10)
	cases := []struct {
		name, secret, ts, sig string
		body                  []byte
		ok                    bool
	}{
		{"valid", "s", now, sign("s", now, body), body, true},
		{"wrong secret", "t", now, sign("s", now, body), body, false},
		{"changed body", "s", now, sign("s", now, body), []byte(`{}`), false},
		{"changed timestamp", "s", old, sign("s", now, body), body, false},
		{"too old", "s", old, sign("s", old, body), body, false},
		{"no prefix", "s", now, sign("s", now, body)[7:], body, false},
		{"not hex", "s", now, "sha256=zz", body, false},
	}
	for _, c := range cases {
		if err := VerifySignature(c.secret, c.ts, c.body, c.sig, time.Minute); (err == nil) != c.ok {
			t.Errorf("%s: err = %v", c.name, err)
		}
	}
}
