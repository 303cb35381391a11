package httpx

import (
	"net/http"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		peer, xff string
		trusted   Proxies
		want      string
	}{
		{"203.0.113.9:5000", "", proxies, "203.0.113.9"},
		// An untrusted peer's header is ignored: anyone can send one.
		{"203.0.113.9:5000", "198.51.100.1", proxies, "203.0.113.9"},
		{"127.0.0.1:5000", "198.51.100.1", nil, "127.0.0.1"},
		// Behind the trusted proxy: the client it saw.
		{"127.0.0.1:5000", "198.51.100.1", proxies, "198.51.100.1"},
		// A client's own forged entries stand left of what the proxy added.
		{"127.0.0.1:5000", "1.2.3.4, 198.51.100.1", proxies, "198.51.100.1"},
		// Through two trusted proxies.
		{"127.0.0.1:5000", "198.51.100.7, 10.1.2.3", proxies, "198.51.100.7"},
		{"[::ffff:127.0.0.1]:5000", "198.51.100.8", proxies, "198.51.100.8"},
		{"127.0.0.1:5000", "not-an-ip", proxies, "127.0.0.1"},
	}
	for _, c := range cases {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ClientIP(r, c.trusted); got != c.want {
			t.Errorf("peer %s XFF %q: got %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	if _, err := ParseProxies("10.0.0.0/33"); err == nil {
		t.Error("a bad prefix was accepted")
	}
}
